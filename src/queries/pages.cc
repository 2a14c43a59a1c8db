#include "queries/pages.h"

#include "policy/records.h"
#include "policy/spaces.h"
#include "queries/work_rows.h"

namespace weft::queries {
using namespace detail;
namespace {

constexpr const char* kPageColumns =
    "g.id, g.space_id, g.parent_id, g.title, g.revision_id, g.revision_count, g.created_at, g.updated_at, "
    "a.id, a.handle, a.name, a.title, a.unit_id, a.avatar_version, g.source_type, g.source_id, g.comment_count";

Page read_page(store::Rows& rows) {
  Page p;
  p.id = rows.int64(0);
  p.space_id = rows.int64(1);
  p.parent_id = rows.optional_int64(2);
  p.title = rows.text(3);
  p.revision = rows.int64(4);
  p.revision_count = rows.int64(5);
  p.created_at = rows.int64(6);
  p.updated_at = rows.int64(7);
  p.author = summary_at(rows, 8);
  p.source_type = rows.optional_text(14);
  p.source_id = rows.optional_int64(15);
  p.comment_count = rows.int64(16);
  return p;
}

// The page's space, once the viewer may read it: 404 for a page of a space they may not see, or
// one written up from a problem on a record whose access list leaves them out.
Result<int64_t> readable_page(store::Connection& c, const Viewer& viewer, int64_t page_id) {
  auto space = c.query_int("SELECT space_id FROM pages WHERE id = ?", {page_id});
  if (!space || !content_visible(c, viewer, *space) ||
      !policy::passes_record_gate(c, viewer, policy::page_record(c, page_id))) {
    return not_found("No such page.");
  }
  return *space;
}

struct Version {
  std::string title, body;
};
Result<Version> version_of(store::Connection& c, int64_t page_id, int64_t revision, const char* field) {
  auto rows = c.query("SELECT title, body FROM page_revisions WHERE id = ? AND page_id = ?", {revision, page_id});
  if (!rows->next()) return invalid(field, std::string(field) + " names no revision of this page.");
  return Version{rows->text(0), rows->text(1)};
}

}  // namespace

Result<Page> page(store::Store& store, const Viewer& viewer, int64_t page_id) {
  return store::read(store, [&](store::Connection& c) -> Result<Page> {
    WEFT_TRY_VOID(readable_page(c, viewer, page_id));
    auto rows = c.query(std::string("SELECT ") + kPageColumns +
                            ", g.body, (SELECT COUNT(*) FROM page_watches w WHERE w.page_id = g.id AND w.person_id = ?) "
                            "FROM pages g JOIN people a ON a.id = g.updated_by WHERE g.id = ?",
                        {viewer.person_id, page_id});
    if (!rows->next()) return not_found("No such page.");
    Page p = read_page(*rows);
    p.body = rows->text(17);
    p.watching = rows->int64(18) > 0;
    return p;
  });
}

Result<std::vector<Page>> space_pages(store::Store& store, const Viewer& viewer, int64_t space_id, bool with_bodies) {
  return store::read(store, [&](store::Connection& c) -> Result<std::vector<Page>> {
    WEFT_TRY_VOID(policy::require_content(c, viewer, space_id));
    std::vector<store::Param> params{space_id};
    auto rows = c.query(std::string("SELECT ") + kPageColumns + (with_bodies ? ", g.body" : "") +
                            " FROM pages g JOIN people a ON a.id = g.updated_by WHERE g.space_id = ? AND " +
                            policy::append(params, policy::page_gate(viewer, "g")) +
                            " ORDER BY COALESCE(g.parent_id, 0), LOWER(g.title), g.id",
                        params);
    std::vector<Page> out;
    while (rows->next()) {
      out.push_back(read_page(*rows));
      if (with_bodies) out.back().body = rows->text(17);
    }
    return out;
  });
}

Result<std::vector<Page>> pages_by_id(store::Store& store, const Viewer& viewer, const std::vector<int64_t>& ids) {
  return store::read(store, [&](store::Connection& c) -> Result<std::vector<Page>> {
    std::vector<Page> out;
    for (int64_t id : ids) {
      auto rows = c.query(std::string("SELECT ") + kPageColumns +
                              " FROM pages g JOIN people a ON a.id = g.updated_by WHERE g.id = ?",
                          {id});
      if (!rows->next()) continue;
      Page page = read_page(*rows);
      rows.reset();
      if (content_visible(c, viewer, page.space_id) &&
          policy::passes_record_gate(c, viewer, policy::page_record(c, page.id))) {
        out.push_back(std::move(page));
      }
    }
    return out;
  });
}

Result<std::vector<Page>> backlinks(store::Store& store, const Viewer& viewer, const std::string& type, int64_t id) {
  return store::read(store, [&](store::Connection& c) -> Result<std::vector<Page>> {
    std::vector<store::Param> params{type, id};
    std::string sql = std::string("SELECT ") + kPageColumns +
                      " FROM page_links l JOIN pages g ON g.id = l.page_id JOIN people a ON a.id = g.updated_by "
                      "WHERE l.target_type = ? AND l.target_id = ? AND " +
                      policy::append(params, policy::space_content(viewer, "g.space_id"));
    // One append a statement: the operands of + are evaluated in no set order.
    sql += " AND " + policy::append(params, policy::page_gate(viewer, "g"));
    sql += " ORDER BY g.updated_at DESC, g.id DESC LIMIT 200";
    auto rows = c.query(sql, params);
    std::vector<Page> out;
    while (rows->next()) out.push_back(read_page(*rows));
    return out;
  });
}

Result<cursor::Page<PageRevision>> page_revisions(store::Store& store, const Viewer& viewer, int64_t page_id,
                                                  const cursor::PageRequest& page) {
  return store::read(store, [&](store::Connection& c) -> Result<cursor::Page<PageRevision>> {
    WEFT_TRY_VOID(readable_page(c, viewer, page_id));
    auto rows = c.query(std::string("SELECT r.id, r.summary, r.merged, r.restored_from, r.created_at, ") + kAuthor +
                            " FROM page_revisions r JOIN people a ON a.id = r.author_id WHERE r.page_id = ? AND "
                            "r.id < ? ORDER BY r.id DESC LIMIT ?",
                        {page_id, before_id(page), static_cast<int64_t>(page.limit + 1)});
    std::vector<PageRevision> items;
    while (rows->next()) {
      items.push_back({rows->int64(0), summary_at(*rows, 5), rows->text(1), rows->int64(2) != 0,
                       rows->optional_int64(3), rows->int64(4)});
    }
    cursor::Page<PageRevision> out;
    if (static_cast<int>(items.size()) > page.limit) {
      items.resize(page.limit);
      out.next_cursor = cursor::encode({std::to_string(items.back().revision)});
    }
    out.items = std::move(items);
    return out;
  });
}

Result<cursor::Page<IdeaComment>> page_comments(store::Store& store, const Viewer& viewer, int64_t page_id,
                                                const cursor::PageRequest& page) {
  return store::read(store, [&](store::Connection& c) -> Result<cursor::Page<IdeaComment>> {
    WEFT_TRY_VOID(readable_page(c, viewer, page_id));
    auto rows = c.query(std::string("SELECT cm.id, cm.body, cm.created_at, ") + kAuthor +
                            " FROM page_comments cm JOIN people a ON a.id = cm.author_id WHERE cm.page_id = ? AND "
                            "cm.id > ? ORDER BY cm.id LIMIT ?",
                        {page_id, page.number(0, 0), static_cast<int64_t>(page.limit + 1)});
    std::vector<IdeaComment> items;
    while (rows->next()) items.push_back({rows->int64(0), summary_at(*rows, 3), rows->text(1), rows->int64(2)});
    return paged(std::move(items), page.limit);
  });
}

Result<IdeaComment> page_comment(store::Store& store, const Viewer& viewer, int64_t comment_id) {
  return store::read(store, [&](store::Connection& c) -> Result<IdeaComment> {
    auto page = c.query_int("SELECT page_id FROM page_comments WHERE id = ?", {comment_id});
    if (!page) return not_found("No such comment.");
    WEFT_TRY_VOID(readable_page(c, viewer, *page));
    auto rows = c.query(std::string("SELECT cm.id, cm.body, cm.created_at, ") + kAuthor +
                            " FROM page_comments cm JOIN people a ON a.id = cm.author_id WHERE cm.id = ?",
                        {comment_id});
    if (!rows->next()) return not_found("No such comment.");
    return IdeaComment{rows->int64(0), summary_at(*rows, 3), rows->text(1), rows->int64(2)};
  });
}

Result<PageDiff> page_diff(store::Store& store, const Viewer& viewer, int64_t page_id, int64_t from,
                           std::optional<int64_t> to) {
  return store::read(store, [&](store::Connection& c) -> Result<PageDiff> {
    WEFT_TRY_VOID(readable_page(c, viewer, page_id));
    const int64_t target = to ? *to : c.query_int("SELECT revision_id FROM pages WHERE id = ?", {page_id}).value_or(0);
    WEFT_ASSIGN_OR_RETURN(auto a, version_of(c, page_id, from, "from"));
    WEFT_ASSIGN_OR_RETURN(auto b, version_of(c, page_id, target, "to"));
    auto changes = pages::diff(a.body, b.body);
    return PageDiff{from, target, a.title, b.title, std::move(changes.hunks), changes.exact};
  });
}

}  // namespace weft::queries
