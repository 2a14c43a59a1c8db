// Knowledge pages: create, read, the space's tree, save with If-Match (merged with what others
// saved meanwhile; 409 with mine, theirs and base only when both changed the same lines), history,
// diff and restore. docs/design/pages.md.
#include "actions/pages.h"
#include "api/app.h"
#include "api/serialize.h"
#include "api/work_params.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/json.h"
#include "core/limits.h"
#include "policy/spaces.h"
#include "queries/pages.h"
#include "queries/records.h"
#include "queries/work.h"
#include "wire/shape.h"

namespace weft::api {
using namespace detail;
namespace {

// Pages one import may make (files and the folders above them).
constexpr std::size_t kImportMaxPages = 500;

Result<http::Response> page_answer(http::Context& context, int64_t id, int status) {
  WEFT_ASSIGN_OR_RETURN(auto page, queries::page(context.app.store, context.viewer(), id));
  auto response = json_response(status, wire::page_json(page, true));
  response.set_header("ETag", "\"" + std::to_string(page.revision) + "\"");
  response.set_header("Cache-Control", "private, no-cache");
  return response;
}

// A page's body is kept as written — leading spaces (an indented block) and the final newline
// are Markdown — unlike other fields, whose surrounding whitespace is trimmed.
struct NewPageIn {
  actions::PageText text;
  std::optional<int64_t> parent_id;
};
const auto kNewPage = [](auto& r, NewPageIn& in) {
  r.text("title", in.text.title, {.length = limits::kWorkTitle});
  r.text("body", in.text.body, {.description = "Markdown, kept as written", .sometimes = true,
                                .length = limits::kPageBody, .verbatim = true});
  r.id_or_null("parent_id", in.parent_id, {.description = "the page it sits under"});
};

struct PageSaveIn {
  actions::PageText text;
  std::string summary;
};
const auto kPageSave = [](auto& r, PageSaveIn& in) {
  r.text("title", in.text.title, {.length = limits::kWorkTitle});
  r.text("body", in.text.body, {.description = "Markdown, kept as written; left out, the body stays as it was at "
                                                "If-Match's revision (a new title only)",
                                .sometimes = true, .length = limits::kPageBody, .verbatim = true});
  r.text("summary", in.summary, {.description = "what this save changed", .sometimes = true,
                                 .length = limits::kPageSummary});
};

// If-Match: "12", 12 or W/"12" (one revision; a list or * is refused).
Result<int64_t> if_match(http::Context& context) {
  std::string_view value = context.request.header("if-match");
  if (value.empty()) {
    return fail(ErrorCode::kPreconditionRequired,
                "Send If-Match with the revision you started from (the page's ETag), so that edits made "
                "meanwhile are merged, not lost.");
  }
  if (value.starts_with("W/")) value.remove_prefix(2);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
  auto revision = json::parse_id(value);
  if (!revision) return fail(ErrorCode::kPreconditionFailed, "If-Match must name one revision of the page, such as \"12\".");
  return *revision;
}

// A save that both sides changed on the same lines: 409 with the error, the three versions and the
// regions in conflict, so the editor can choose for each; nothing was stored.
struct PageConflict {
  actions::SaveOutcome saved;
  int64_t base_revision = 0;
};
const auto kPageText = [](auto& w, const actions::PageText& t) {
  w.text("title", t.title);
  w.text("body", t.body, {.description = "Markdown"});
};
const auto kPageConflict = [](auto& w, const PageConflict& c) {
  w.object("error", nullptr, c, [](auto& inner, const PageConflict&) {
    inner.text("code", "conflict", {.one_of = {"conflict"}});
    inner.text("message",
               "Someone saved this page since you started, and changed the same lines. Nothing was saved: "
               "choose for each change, then save again.",
               {.description = "for people: what went wrong and what to do"});
  });
  w.object("mine", "PageText", c.saved.mine, kPageText, {.description = "what the save sent"});
  w.object("theirs", "PageText", c.saved.theirs, kPageText, {.description = "the page as saved meanwhile"});
  w.object("base", "PageText", c.saved.base, kPageText, {.description = "the revision the edit started from"});
  w.id("theirs_revision", c.saved.theirs_revision, {.description = "the page's revision now: its ETag"});
  w.id("base_revision", c.base_revision);
  w.boolean("title_conflict", c.saved.title_conflict, {.description = "both sides changed the title differently"});
  w.array("conflicts", "PageConflictRegion", c.saved.regions, [](auto& r, const pages::Conflict& region) {
    r.integer("base_start", region.base_start, {.description = "the region's first line in base, from 1"});
    r.texts("base", region.base);
    r.texts("mine", region.mine);
    r.texts("theirs", region.theirs);
  });
};

Result<http::Response> create_page(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto space, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  NewPageIn in;
  WEFT_TRY_VOID(wire::read(body, in, kNewPage));
  WEFT_ASSIGN_OR_RETURN(auto id, actions::create_page(context.app.store, context.viewer(), space, in.text, in.parent_id));
  return page_answer(context, id, 201);
}

Result<http::Response> list_pages(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto space, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto pages, queries::space_pages(context.app.store, context.viewer(), space));
  boost::json::array items;
  for (const auto& p : pages) items.push_back(wire::page_json(p, false));
  return json_response(200, boost::json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
}

// The pages linking to an item the viewer may see (404 when they may not see the item).
Result<http::Response> list_backlinks(http::Context& context, const std::string& type) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  auto& store = context.app.store;
  const Viewer& viewer = context.viewer();
  std::optional<Error> missing;
  auto check = [&](const auto& found) {
    if (!found) missing = found.error();
  };
  if (type == "page") check(queries::page(store, viewer, id));
  else if (type == "problem") check(queries::problem(store, viewer, id, false));
  else if (type == "idea") check(queries::idea(store, viewer, id, false));
  else if (type == "proposal") check(queries::proposal(store, viewer, id, false));
  else check(queries::record(store, viewer, id, false));
  if (missing) return std::unexpected(*missing);
  WEFT_ASSIGN_OR_RETURN(auto pages, queries::backlinks(store, viewer, type, id));
  boost::json::array items;
  for (const auto& p : pages) items.push_back(wire::page_json(p, false));
  return json_response(200, boost::json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
}

// A space's pages as a zip of Markdown files in folders by the tree (pages/archive.h).
Result<http::Response> export_pages(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto space, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto list, queries::space_pages(context.app.store, context.viewer(), space, true));
  std::vector<pages::ExportedPage> exported;
  exported.reserve(list.size());
  for (auto& p : list) {
    exported.push_back({p.id, p.parent_id, std::move(p.title), std::move(p.body), p.revision, clock::rfc3339(p.updated_at)});
  }
  WEFT_ASSIGN_OR_RETURN(auto zip, pages::zip_files(pages::export_files(exported)));
  http::Response response;
  response.content_type = "application/zip";
  response.body = std::move(zip);
  const std::string date = clock::rfc3339(clock::now_seconds()).substr(0, 10);
  response.set_header("Content-Disposition",
                      "attachment; filename=\"weft-space-" + std::to_string(space) + "-pages-" + date + ".zip\"");
  response.set_header("Cache-Control", "private, no-store");
  return response;
}

// An import: {"archive": a zip as base64 or a data: URL} or {"files": [{"path", "content"}]} (a
// folder the browser read), and the page to import under.
constexpr pages::ArchiveLimits kArchive;
struct ImportIn {
  std::optional<std::string> archive;
  std::optional<std::vector<pages::ArchiveFile>> files;
  std::optional<int64_t> parent_id;
};
const auto kImportIn = [](auto& r, ImportIn& in) {
  r.text_or_null("archive", in.archive,
                 {.description = "a zip file, base64 or a data: URL",
                  .length = {0, kArchive.max_total_bytes * 2},
                  .verbatim = true});
  r.array("files", nullptr, in.files, [](auto& file, pages::ArchiveFile& f) {
    file.text("path", f.path, {.description = "relative, /-separated", .length = {1, 1000}, .verbatim = true});
    file.text("content", f.content, {.length = {0, kArchive.max_total_bytes}, .verbatim = true});
  }, {.description = "the files of a folder, instead of an archive", .max_items = kArchive.max_files});
  r.id_or_null("parent_id", in.parent_id, {.description = "the page to import under"});
};

// The files of an import, from its archive or its list.
Result<std::vector<pages::ArchiveFile>> import_files(ImportIn& in) {
  if (in.archive.has_value() == in.files.has_value()) {
    return invalid("archive", "Send either archive (a zip, base64) or files (a list of {path, content}).");
  }
  if (in.archive) {
    std::string_view encoded = *in.archive;
    if (encoded.starts_with("data:")) {
      const auto comma = encoded.find(',');
      if (comma == std::string_view::npos || encoded.substr(0, comma).find(";base64") == std::string_view::npos) {
        return invalid("archive", "archive must be base64 (or a data: URL with ;base64).");
      }
      encoded.remove_prefix(comma + 1);
    }
    auto bytes = crypto::base64_decode(encoded);
    if (!bytes) return invalid("archive", "archive must be base64 (or a data: URL with ;base64).");
    return pages::unzip_files(*bytes);
  }
  std::vector<pages::ArchiveFile> out;
  for (auto& file : *in.files) {
    std::string name = std::move(file.path);
    if (!json::valid_utf8(name) || name.find("../") != std::string::npos) {
      return invalid("files", name + ": not a file name of the folder.");
    }
    while (name.starts_with("/")) name.erase(0, 1);
    if (name.empty() || name.ends_with("/")) continue;
    if (name.starts_with(".") || name.find("/.") != std::string::npos || name.starts_with("__MACOSX/")) continue;
    out.push_back({std::move(name), std::move(file.content)});
  }
  return out;
}

Result<http::Response> import_pages(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto space, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  ImportIn in;
  WEFT_TRY_VOID(wire::read(body, in, kImportIn));
  // Who may write here is checked before the archive is read.
  WEFT_TRY_VOID(discard_value(store::read(context.app.store, [&](store::Connection& c) -> Result<bool> {
    WEFT_TRY_VOID(policy::require_member(c, context.viewer(), space));
    return true;
  })));
  const bool as_files = in.files.has_value();
  WEFT_ASSIGN_OR_RETURN(auto files, import_files(in));
  // What is wrong in the files is named by the field they came in.
  auto named = [&](Error error) {
    if (as_files && error.field == "archive") error.field = "files";
    return std::unexpected(std::move(error));
  };
  auto plan = pages::import_plan(files, kImportMaxPages, limits::kWorkTitle.max, limits::kPageBody.max);
  if (!plan) return named(plan.error());
  auto ids = actions::import_pages(context.app.store, context.viewer(), space, *plan, in.parent_id);
  if (!ids) return named(ids.error());
  PageImport result;
  WEFT_ASSIGN_OR_RETURN(result.items, queries::pages_by_id(context.app.store, context.viewer(), *ids));
  result.skipped = std::move(plan->skipped);
  return json_response(201, wire::page_import_json(result));
}

Result<http::Response> get_page(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  return page_answer(context, id, 200);
}

Result<http::Response> save_page(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  PageSaveIn in;
  WEFT_TRY_VOID(wire::read(body, in, kPageSave));
  const actions::PageText& text = in.text;
  // The page must be readable before its precondition is looked at (no hints about hidden pages).
  WEFT_TRY_VOID(queries::page(context.app.store, context.viewer(), id));
  WEFT_ASSIGN_OR_RETURN(auto base, if_match(context));
  const auto* given = body.if_contains("body");
  WEFT_ASSIGN_OR_RETURN(auto saved, actions::save_page(context.app.store, context.viewer(), id, base, text, in.summary,
                                                       given != nullptr && !given->is_null()));
  if (saved.conflict) {
    auto response = json_response(409, wire::to_json(PageConflict{saved, base}, kPageConflict));
    response.set_header("ETag", "\"" + std::to_string(saved.theirs_revision) + "\"");
    return response;
  }
  WEFT_ASSIGN_OR_RETURN(auto answer, page_answer(context, id, 200));
  answer.set_header("Weft-Merged", saved.merged ? "true" : "false");
  return answer;
}

Result<http::Response> list_revisions(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto page, page_of(context));
  WEFT_ASSIGN_OR_RETURN(auto list, queries::page_revisions(context.app.store, context.viewer(), id, page));
  return page_response(list, [](const PageRevision& r) { return wire::page_revision_json(r); });
}

Result<int64_t> revision_param(http::Context& context, const char* name) {
  auto text = context.request.query(name);
  auto id = json::parse_id(text);
  if (!id) return invalid(name, std::string(name) + " must be a revision of the page.");
  return *id;
}

Result<http::Response> diff_page(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto from, revision_param(context, "from"));
  std::optional<int64_t> to;
  if (!context.request.query("to").empty()) {
    WEFT_ASSIGN_OR_RETURN(auto given, revision_param(context, "to"));
    to = given;
  }
  WEFT_ASSIGN_OR_RETURN(auto diff, queries::page_diff(context.app.store, context.viewer(), id, from, to));
  return json_response(200, wire::page_diff_json(diff));
}

struct RevisionIn {
  int64_t revision = 0;
};
const auto kRevision = [](auto& r, RevisionIn& in) {
  r.id("revision", in.revision, {.description = "the revision to bring back (a new revision copies it)"});
};

Result<http::Response> restore_page(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  RevisionIn in;
  WEFT_TRY_VOID(wire::read(body, in, kRevision));
  WEFT_TRY_VOID(actions::restore_page(context.app.store, context.viewer(), id, in.revision));
  return page_answer(context, id, 200);
}

struct PromotionIn {
  std::string source_type;
  int64_t source_id = 0;
};
const auto kPromotion = [](auto& r, PromotionIn& in) {
  r.text("source_type", in.source_type, {.one_of = {"problem", "proposal"}, .length = limits::kChoice});
  r.id("source_id", in.source_id, {.description = "the problem or proposal the page is written from"});
};

Result<http::Response> promote(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  PromotionIn in;
  WEFT_TRY_VOID(wire::read(body, in, kPromotion));
  WEFT_ASSIGN_OR_RETURN(auto id, actions::promote_to_page(context.app.store, context.viewer(), in.source_type,
                                                          in.source_id));
  return page_answer(context, id, 201);
}

Result<http::Response> list_comments(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto page, page_of(context));
  WEFT_ASSIGN_OR_RETURN(auto list, queries::page_comments(context.app.store, context.viewer(), id, page));
  return page_response(list, [](const IdeaComment& c) { return wire::comment_json(c); });
}

Result<http::Response> add_comment(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  WEFT_ASSIGN_OR_RETURN(auto text, json::required_string(body, "body", {limits::kAnswer.min, limits::kAnswer.max}));
  WEFT_ASSIGN_OR_RETURN(auto comment, actions::comment_page(context.app.store, context.viewer(), id, text));
  WEFT_ASSIGN_OR_RETURN(auto made, queries::page_comment(context.app.store, context.viewer(), comment));
  return json_response(201, wire::comment_json(made));
}

Result<http::Response> watch(http::Context& context, bool on) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_TRY_VOID(actions::watch_page(context.app.store, context.viewer(), id, on));
  return http::Response::no_content();
}

}  // namespace

void register_page_routes(App& app) {
  app.shapes->define_input<RevisionIn>("PageRestore", kRevision);
  app.shapes->define_input<NewPageIn>("NewPage", kNewPage);
  app.shapes->define_input<PageSaveIn>("PageSave", kPageSave);
  app.shapes->define<PageConflict>("PageConflict", kPageConflict);
  app.shapes->define_input<PromotionIn>("PagePromotion", kPromotion);
  app.shapes->define_input<ImportIn>("PageImportRequest", kImportIn);
  using http::Access;
  auto& r = app.router;
  r.add("POST", "/api/v1/spaces/{id}/pages", Access::kSignedIn,
        {.summary = "Create a page in a space (members)", .tag = "pages", .request_schema = "NewPage",
         .response_schema = "Page", .status = 201},
        create_page);
  r.add("GET", "/api/v1/spaces/{id}/pages", Access::kSignedIn,
        {.summary = "A space's pages, without bodies (a tree by parent_id)", .tag = "pages",
         .response_schema = "PageEntryList"},
        list_pages);
  r.add("GET", "/api/v1/spaces/{id}/pages/export", Access::kSignedIn,
        {.summary = "A space's pages as a zip of Markdown files, in folders by the tree (application/zip)",
         .tag = "pages"},
        export_pages);
  r.add("POST", "/api/v1/spaces/{id}/pages/import", Access::kSignedIn,
        {.summary = "Make pages from a folder of Markdown: a zip (archive, base64) or the files (files); folders "
                    "become parent pages; all or nothing (members)",
         .tag = "pages", .request_schema = "PageImportRequest", .response_schema = "PageImport", .status = 201},
        import_pages);
  r.add("GET", "/api/v1/pages/{id}", Access::kSignedIn,
        {.summary = "A page; its ETag is its revision", .tag = "pages", .response_schema = "Page"},
        get_page);
  r.add("PUT", "/api/v1/pages/{id}", Access::kSignedIn,
        {.summary = "Save a page with If-Match: the revision the edit started from. Edits saved meanwhile are "
                    "merged; 409 with mine, theirs and base when both changed the same lines; 428 without If-Match",
         .tag = "pages", .request_schema = "PageSave", .response_schema = "Page", .conflict_schema = "PageConflict"},
        save_page);
  r.add("GET", "/api/v1/pages/{id}/revisions", Access::kSignedIn,
        {.summary = "A page's revisions, newest first", .tag = "pages", .response_schema = "PageRevisionList",
         .query = {"cursor", "limit"}},
        list_revisions);
  r.add("GET", "/api/v1/pages/{id}/diff", Access::kSignedIn,
        {.summary = "The changes between two revisions (to: the current one when absent)", .tag = "pages",
         .response_schema = "PageDiff", .query = {"from", "to"}},
        diff_page);
  r.add("POST", "/api/v1/pages/{id}/restore", Access::kSignedIn,
        {.summary = "Bring back an older revision, as a new revision (members)", .tag = "pages",
         .request_schema = "PageRestore", .response_schema = "Page"},
        restore_page);
  r.add("GET", "/api/v1/pages/{id}/comments", Access::kSignedIn,
        {.summary = "A page's comments, oldest first", .tag = "pages", .response_schema = "CommentList",
         .query = {"cursor", "limit"}},
        list_comments);
  r.add("POST", "/api/v1/pages/{id}/comments", Access::kSignedIn,
        {.summary = "Comment on a page (members); its watchers are told", .tag = "pages", .request_schema = "TextBody",
         .response_schema = "Comment", .status = 201},
        add_comment);
  r.add("POST", "/api/v1/pages/promote", Access::kSignedIn,
        {.summary = "Write up an accepted solution or a decided proposal as a page of its space, keeping where it "
                    "came from (once per item; members)",
         .tag = "pages", .request_schema = "PagePromotion", .response_schema = "Page", .status = 201},
        promote);
  for (const char* type : {"page", "problem", "idea", "proposal", "record"}) {
    const std::string kind(type);
    r.add("GET", "/api/v1/" + kind + "s/{id}/backlinks", Access::kSignedIn,
          {.summary = "The pages that link to this " + kind + ", of spaces you may read, most recently updated first",
           .tag = "pages", .response_schema = "PageEntryList"},
          [kind](http::Context& context) { return list_backlinks(context, kind); });
  }
  r.add("PUT", "/api/v1/pages/{id}/watch", Access::kSignedIn,
        {.summary = "Be told of each edit of a page (its writers watch it already)", .tag = "pages", .status = 204},
        [](http::Context& context) { return watch(context, true); });
  r.add("DELETE", "/api/v1/pages/{id}/watch", Access::kSignedIn,
        {.summary = "Stop being told of a page's edits", .tag = "pages", .status = 204},
        [](http::Context& context) { return watch(context, false); });
}

}  // namespace weft::api
