// Feeds and topics: home, a person's posts, a topic's posts, a space's posts; topic follows.
#include "actions/posts.h"
#include "api/app.h"
#include "api/serialize.h"
#include "queries/posts.h"
#include "wire/shape.h"

namespace weft::api {
namespace {

Result<cursor::PageRequest> page_of(http::Context& context) {
  return cursor::page_request(context.request.query("cursor"), context.request.query("limit"), 1);
}

http::Response posts_page(const cursor::Page<Post>& page) {
  return page_response_text(page, [](std::string& out, const Post& p) { wire::append_post_json(out, p); });
}

Result<http::Response> home(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto page, page_of(context));
  WEFT_ASSIGN_OR_RETURN(auto feed, queries::home_feed(context.app.store, context.viewer(), page));
  return posts_page(feed);
}

Result<http::Response> person_posts(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto page, page_of(context));
  WEFT_ASSIGN_OR_RETURN(auto feed, queries::person_feed(context.app.store, context.viewer(), id, page));
  return posts_page(feed);
}

Result<http::Response> topic_posts(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto page, page_of(context));
  WEFT_ASSIGN_OR_RETURN(auto feed, queries::topic_feed(context.app.store, context.viewer(),
                                                       context.param("name"), page));
  return posts_page(feed);
}

Result<http::Response> space_posts(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto page, page_of(context));
  WEFT_ASSIGN_OR_RETURN(auto feed, queries::space_feed(context.app.store, context.viewer(), id, page));
  return posts_page(feed);
}

const auto kTopic = [](auto& w, const queries::TopicInfo& t) {
  w.text("name", t.name, {.description = "lowercase, without #"});
  w.integer("post_count", t.post_count);
  w.integer("followers_count", t.followers_count);
  w.boolean("followed_by_me", t.followed_by_me);
};

Result<http::Response> get_topic(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto topic, queries::topic(context.app.store, context.viewer(), context.param("name")));
  return json_response(200, wire::to_json(topic, kTopic));
}

Result<http::Response> list_topics(http::Context& context) {
  std::string q = context.request.query("q");
  if (q.size() > 50) return invalid("q", "q must be at most 50 characters.");
  WEFT_ASSIGN_OR_RETURN(auto page, cursor::page_request("", context.request.query("limit"), 0));
  WEFT_ASSIGN_OR_RETURN(auto topics, queries::topics(context.app.store, context.viewer(), q, page.limit));
  boost::json::array items;
  for (const auto& topic : topics) items.push_back(wire::to_json(topic, kTopic));
  return list_response(std::move(items), std::nullopt);
}

Result<http::Response> follow_topic(http::Context& context, bool follow) {
  WEFT_TRY_VOID(actions::follow_topic(context.app.store, context.viewer(), context.param("name"), follow));
  return http::Response::no_content();
}

}  // namespace

void register_feed_routes(App& app) {
  app.shapes->define<queries::TopicInfo>("Topic", kTopic);
  app.shapes->define_items<queries::TopicInfo>("TopicList", "Topic", kTopic);
  using http::Access;
  auto& r = app.router;
  const std::vector<std::string> page_query = {"cursor", "limit"};
  r.add("GET", "/api/v1/feed", Access::kSignedIn,
        {.summary = "Home feed: my posts, people, topics and spaces I follow, my unit",
         .tag = "feeds", .response_schema = "PostList", .query = page_query},
        home);
  r.add("GET", "/api/v1/people/{id}/posts", Access::kSignedIn,
        {.summary = "A person's posts that I may see", .tag = "feeds", .response_schema = "PostList",
         .query = page_query},
        person_posts);
  r.add("GET", "/api/v1/topics/{name}/feed", Access::kSignedIn,
        {.summary = "Posts with a topic", .tag = "feeds", .response_schema = "PostList",
         .query = page_query},
        topic_posts);
  r.add("GET", "/api/v1/spaces/{id}/feed", Access::kSignedIn,
        {.summary = "A space's posts", .tag = "feeds", .response_schema = "PostList",
         .query = page_query},
        space_posts);
  r.add("GET", "/api/v1/topics", Access::kSignedIn,
        {.summary = "Topics by use in organization-wide posts, optionally by prefix", .tag = "feeds",
         .response_schema = "TopicList", .query = {"q", "limit"}},
        list_topics);
  r.add("GET", "/api/v1/topics/{name}", Access::kSignedIn,
        {.summary = "A topic: posts I may see with it, followers, whether I follow it",
         .tag = "feeds", .response_schema = "Topic"},
        get_topic);
  r.add("PUT", "/api/v1/topics/{name}/follow", Access::kSignedIn,
        {.summary = "Follow a topic (idempotent)", .tag = "feeds", .status = 204},
        [](http::Context& c) { return follow_topic(c, true); });
  r.add("DELETE", "/api/v1/topics/{name}/follow", Access::kSignedIn,
        {.summary = "Unfollow a topic (idempotent)", .tag = "feeds", .status = 204},
        [](http::Context& c) { return follow_topic(c, false); });
}

}  // namespace weft::api
