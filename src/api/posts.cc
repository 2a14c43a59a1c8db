// Posts, replies, reactions, reshares and cascades.
#include "actions/posts.h"
#include "api/app.h"
#include "api/serialize.h"
#include "core/json.h"
#include "core/limits.h"
#include "queries/posts.h"
#include "wire/shape.h"

namespace weft::api {
namespace {

Result<http::Response> post_response(http::Context& context, int64_t id, int status) {
  WEFT_ASSIGN_OR_RETURN(auto post, queries::post(context.app.store, context.viewer(), id));
  return json_response(status, post_json(post));
}

// A body: a string of at most 20,000 characters (emptiness is the action's call).
const auto kNewPost = [](auto& r, actions::NewPost& p) {
  r.id_or_null("reshare_of", p.reshare_of, {.description = "the post this one reshares (once per person)"});
  r.text("body", p.body, {.description = "Markdown text; required unless the post reshares another",
                          .sometimes = true, .length = limits::kPostBody});
  r.text("audience", p.audience, {.one_of = {"public", "unit", "followers", "space"}, .description = "default public",
                                  .sometimes = true, .length = limits::kChoice});
  r.id_or_null("space_id", p.space_id, {.description = "with audience space"});
  r.id_or_null("record_id", p.record_id, {.description = "a post in a business record's conversation"});
};

// {"body"}: a post's new text, or a reply.
struct PostBodyIn {
  std::string body;
};
const auto kPostBody = [](auto& r, PostBodyIn& in) {
  r.text("body", in.body, {.description = "Markdown text", .length = limits::kPostBody});
};

Result<std::string> read_body(const boost::json::object& body) {
  PostBodyIn in;
  WEFT_TRY_VOID(wire::read(body, in, kPostBody));
  return std::move(in.body);
}

Result<http::Response> create_post(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  actions::NewPost post;
  WEFT_TRY_VOID(wire::read(body, post, kNewPost));
  if (const auto* text = body.if_contains("body"); !post.reshare_of && (text == nullptr || text->is_null())) {
    return invalid("body", "body is required.");
  }
  WEFT_ASSIGN_OR_RETURN(auto id, actions::create_post(context.app.store, context.viewer(), post));
  return post_response(context, id, 201);
}

Result<http::Response> get_post(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  return post_response(context, id, 200);
}

Result<http::Response> edit_post(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  WEFT_ASSIGN_OR_RETURN(auto text, read_body(body));
  WEFT_TRY_VOID(actions::edit_post(context.app.store, context.viewer(), id, text));
  return post_response(context, id, 200);
}

Result<http::Response> delete_post(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_TRY_VOID(actions::delete_post(context.app.store, context.viewer(), id));
  return http::Response::no_content();
}

Result<http::Response> reply(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  WEFT_ASSIGN_OR_RETURN(auto text, read_body(body));
  WEFT_ASSIGN_OR_RETURN(auto reply_id, actions::reply(context.app.store, context.viewer(), id, text));
  return post_response(context, reply_id, 201);
}

Result<http::Response> list_replies(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto page, cursor::page_request(context.request.query("cursor"),
                                                        context.request.query("limit"), 1));
  WEFT_ASSIGN_OR_RETURN(auto replies, queries::replies(context.app.store, context.viewer(), id, page));
  return page_response_text(replies, [](std::string& out, const Post& p) { wire::append_post_json(out, p); });
}

const auto kThread = [](auto& w, const queries::Thread& t) {
  w.shape_value("root", "Post", t.root, wire::PostShape{});
  w.id_or_null("focus_id", t.focus, {.description = "the reply asked for, when it was one"});
  w.shape_list("items", "Post", t.replies.items, wire::PostShape{},
               {.description = "replies, oldest first"});
  w.text_or_null("next_cursor", t.replies.next_cursor);
};

const auto kCascade = [](auto& w, const queries::Cascade& c) {
  w.id("root", c.root);
  w.array("nodes", nullptr, c.nodes, [](auto& inner, const queries::CascadeNode& n) {
    inner.id("post_id", n.post_id);
    inner.object("person", "PersonSummary", n.person, wire::kSummary);
    inner.id_or_null("parent", n.parent, {.description = "the post it reshared; null: the root"});
    inner.integer("depth", n.depth);
    inner.id_or_null("unit_id", n.person.unit_id);
  });
  w.integer("depth", c.depth);
  w.integer("breadth", c.breadth, {.description = "the most reshares at one depth"});
  w.integer("people_reached", c.people_reached);
  w.integer("units_reached", c.units_reached);
};

Result<http::Response> get_thread(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto page, cursor::page_request(context.request.query("cursor"),
                                                        context.request.query("limit"), 1));
  WEFT_ASSIGN_OR_RETURN(auto thread, queries::thread(context.app.store, context.viewer(), id, page));
  return http::Response::json(200, wire::to_text(thread, kThread));
}

Result<http::Response> react(http::Context& context, bool add) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_TRY_VOID(actions::react(context.app.store, context.viewer(), id, context.param("kind"), add));
  return http::Response::no_content();
}

Result<http::Response> get_cascade(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto cascade, queries::cascade(context.app.store, context.viewer(), id));
  return json_response(200, wire::to_json(cascade, kCascade));
}

}  // namespace

void register_post_routes(App& app) {
  app.shapes->define_input<actions::NewPost>("NewPost", kNewPost);
  app.shapes->define_input<PostBodyIn>("PostEdit", kPostBody);
  app.shapes->define<queries::Thread>("Thread", kThread);
  app.shapes->define<queries::Cascade>("Cascade", kCascade);
  using http::Access;
  auto& r = app.router;
  r.add("POST", "/api/v1/posts", Access::kSignedIn,
        {.summary = "Write a post, or reshare one (reshare_of, with an optional comment)",
         .tag = "posts", .request_schema = "NewPost", .response_schema = "Post", .status = 201},
        create_post);
  r.add("GET", "/api/v1/posts/{id}", Access::kSignedIn,
        {.summary = "A post", .tag = "posts", .response_schema = "Post"}, get_post);
  r.add("PATCH", "/api/v1/posts/{id}", Access::kSignedIn,
        {.summary = "Edit a post (author or admin)", .tag = "posts", .request_schema = "PostEdit",
         .response_schema = "Post"},
        edit_post);
  r.add("DELETE", "/api/v1/posts/{id}", Access::kSignedIn,
        {.summary = "Delete a post (author or admin); a root takes its thread", .tag = "posts",
         .status = 204},
        delete_post);
  r.add("POST", "/api/v1/posts/{id}/replies", Access::kSignedIn,
        {.summary = "Reply to a post", .tag = "posts", .request_schema = "PostEdit",
         .response_schema = "Post", .status = 201},
        reply);
  r.add("GET", "/api/v1/posts/{id}/replies", Access::kSignedIn,
        {.summary = "Replies under a post, oldest first", .tag = "posts",
         .response_schema = "PostList", .query = {"cursor", "limit"}},
        list_replies);
  r.add("GET", "/api/v1/posts/{id}/thread", Access::kSignedIn,
        {.summary = "A conversation in one request: the thread's root, the first page of its "
                    "replies (oldest first; more from /replies of the root with next_cursor), and "
                    "focus_id when the post asked for is a reply",
         .tag = "posts", .response_schema = "Thread", .query = {"cursor", "limit"}},
        get_thread);
  r.add("PUT", "/api/v1/posts/{id}/reactions/{kind}", Access::kSignedIn,
        {.summary = "React: like, celebrate, insightful or support (idempotent)", .tag = "posts",
         .status = 204},
        [](http::Context& c) { return react(c, true); });
  r.add("DELETE", "/api/v1/posts/{id}/reactions/{kind}", Access::kSignedIn,
        {.summary = "Withdraw a reaction (idempotent)", .tag = "posts", .status = 204},
        [](http::Context& c) { return react(c, false); });
  r.add("GET", "/api/v1/posts/{id}/cascade", Access::kSignedIn,
        {.summary = "The reshare tree of a post, with its depth, breadth and reach", .tag = "posts",
         .response_schema = "Cascade"},
        get_cascade);
}

}  // namespace weft::api
