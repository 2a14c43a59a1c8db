#include "actions/pages.h"

#include "actions/work_items.h"
#include "core/clock.h"
#include "core/limits.h"
#include "events/event_log.h"
#include "policy/records.h"
#include "policy/spaces.h"

namespace weft::actions {
using namespace detail;
namespace {

Result<void> check_page_text(const PageText& text) {
  WEFT_TRY_VOID(check_text("title", text.title, limits::kWorkTitle.min, limits::kWorkTitle.max));
  return check_text("body", text.body, limits::kPageBody.min, limits::kPageBody.max);
}

// The page's space, once the viewer may write in it (404 when they may not see it).
Result<int64_t> writable_page(store::Connection& c, const Viewer& viewer, int64_t page_id) {
  auto space = c.query_int("SELECT space_id FROM pages WHERE id = ?", {page_id});
  if (!space) return not_found("No such page.");
  auto access = policy::space_access(c, viewer, *space);
  if (!access.content || !policy::passes_record_gate(c, viewer, policy::page_record(c, page_id))) {
    return not_found("No such page.");
  }
  if (!access.member()) return forbidden("Join the space to edit its pages.");
  return *space;
}

Result<PageText> version(store::Connection& c, int64_t page_id, int64_t revision) {
  auto rows = c.query("SELECT title, body FROM page_revisions WHERE id = ? AND page_id = ?", {revision, page_id});
  if (!rows->next()) return fail(ErrorCode::kNotFound, "No such revision of this page.", "revision");
  return PageText{rows->text(0), rows->text(1)};
}

// Whoever writes a page watches it, until they stop.
void watch(store::Connection& c, int64_t page_id, int64_t person, int64_t now) {
  c.execute("INSERT INTO page_watches (page_id, person_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            {page_id, person, now});
}

int64_t add_revision(store::Connection& c, int64_t page_id, int64_t author, const PageText& text,
                     const std::string& summary, std::optional<int64_t> base, bool merged,
                     std::optional<int64_t> restored_from, int64_t now) {
  int64_t id = c.insert_returning_id(
      "INSERT INTO page_revisions (page_id, author_id, title, body, summary, base_id, merged, restored_from, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {page_id, author, text.title, text.body, summary, base, static_cast<int64_t>(merged ? 1 : 0), restored_from, now});
  c.execute("UPDATE pages SET title = ?, body = ?, revision_id = ?, revision_count = revision_count + 1, updated_by = ?, "
            "updated_at = ? WHERE id = ?",
            {text.title, text.body, id, author, now, page_id});
  watch(c, page_id, author, now);
  return id;
}

}  // namespace

Result<int64_t> create_page(store::Store& store, const Viewer& viewer, int64_t space_id, const PageText& given,
                            std::optional<int64_t> parent_id) {
  PageText text{given.title, pages::normalize_newlines(given.body)};
  WEFT_TRY_VOID(check_page_text(text));
  return store::transact(store, [&](store::Connection& c) -> Result<int64_t> {
    WEFT_TRY_VOID(policy::require_member(c, viewer, space_id));
    if (parent_id) {
      auto space = c.query_int("SELECT space_id FROM pages WHERE id = ?", {*parent_id});
      if (!space || *space != space_id) return invalid("parent_id", "parent_id must name a page of this space.");
    }
    const int64_t now = clock::now_seconds();
    int64_t id = c.insert_returning_id(
        "INSERT INTO pages (space_id, parent_id, title, body, created_by, updated_by, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {space_id, parent_id, text.title, text.body, viewer.person_id, viewer.person_id, now, now});
    int64_t revision = add_revision(c, id, viewer.person_id, text, "Created the page.", std::nullopt, false,
                                    std::nullopt, now);
    events::append(c, {.actor_id = viewer.person_id, .object_id = id, .space_id = space_id, .audience = "space",
                       .payload = events::PageCreated{parent_id, revision}});
    return id;
  });
}

Result<std::vector<int64_t>> import_pages(store::Store& store, const Viewer& viewer, int64_t space_id,
                                          const pages::ImportPlan& plan, std::optional<int64_t> under) {
  for (const auto& page : plan.pages) {
    if (auto checked = check_page_text({page.title, page.body}); !checked) {
      Error error = checked.error();
      error.message = page.path + ": " + error.message;
      error.field = "archive";
      return std::unexpected(error);
    }
  }
  return store::transact(store, [&](store::Connection& c) -> Result<std::vector<int64_t>> {
    WEFT_TRY_VOID(policy::require_member(c, viewer, space_id));
    if (under) {
      auto space = c.query_int("SELECT space_id FROM pages WHERE id = ?", {*under});
      if (!space || *space != space_id) return invalid("parent_id", "parent_id must name a page of this space.");
    }
    const int64_t now = clock::now_seconds();
    std::vector<int64_t> ids;
    ids.reserve(plan.pages.size());
    for (const auto& page : plan.pages) {
      const std::optional<int64_t> parent = page.parent >= 0 ? std::optional(ids.at(page.parent)) : under;
      int64_t id = c.insert_returning_id(
          "INSERT INTO pages (space_id, parent_id, title, body, created_by, updated_by, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {space_id, parent, page.title, page.body, viewer.person_id, viewer.person_id, now, now});
      int64_t revision = add_revision(c, id, viewer.person_id, {page.title, page.body}, "Imported from " + page.path + ".",
                                      std::nullopt, false, std::nullopt, now);
      events::append(c, {.actor_id = viewer.person_id, .object_id = id, .space_id = space_id, .audience = "space",
                         .payload = events::PageCreated{parent, revision}});
      ids.push_back(id);
    }
    return ids;
  });
}

namespace {

// What a save comes to, worked out from the page as it is in `c`: a conflict or no change (then
// nothing to write), or the text to write as a new revision over `current`.
struct PlannedSave {
  int64_t space_id = 0;
  int64_t current = 0;
  SaveOutcome out;
  std::optional<PageText> result;
};

Result<PlannedSave> plan_save(store::Connection& c, const Viewer& viewer, int64_t page_id, int64_t base, PageText mine,
                              bool body_given) {
  PlannedSave plan;
  WEFT_ASSIGN_OR_RETURN(plan.space_id, writable_page(c, viewer, page_id));
  plan.current = c.query_int("SELECT revision_id FROM pages WHERE id = ?", {page_id}).value_or(0);
  auto started = version(c, page_id, base);
  if (!started) {
    return fail(ErrorCode::kPreconditionFailed, "If-Match names no revision of this page; reload it and edit again.");
  }
  // A save without a body (a new title only) keeps the body it started from, rather than
  // saving an empty page.
  if (!body_given) mine.body = started->body;
  WEFT_ASSIGN_OR_RETURN(PageText theirs, version(c, page_id, plan.current));
  SaveOutcome& out = plan.out;
  PageText result = mine;
  if (base != plan.current) {
    // Someone saved since this editor started: merge both changes against where they began.
    out.merged = true;
    const pages::Merge body = pages::merge3(started->body, mine.body, theirs.body);
    std::optional<std::string> title;
    if (mine.title == started->title || mine.title == theirs.title) title = theirs.title;
    else if (theirs.title == started->title) title = mine.title;
    if (!body.clean || !title) {
      out.conflict = true;
      out.mine = mine;
      out.theirs = theirs;
      out.base = *started;
      out.theirs_revision = plan.current;
      out.regions = body.conflicts;
      out.title_conflict = !title;
      out.revision = plan.current;
      return plan;
    }
    result = {*title, body.text};
  }
  if (result.title == theirs.title && result.body == theirs.body) {
    out.revision = plan.current;  // nothing changed: no empty revision
    out.merged = false;
    return plan;
  }
  WEFT_TRY_VOID(check_page_text(result));
  plan.result = std::move(result);
  return plan;
}

SaveOutcome write_save(store::Connection& c, const Viewer& viewer, int64_t page_id, int64_t base, PlannedSave plan,
                       const std::string& summary) {
  const int64_t now = clock::now_seconds();
  plan.out.revision =
      add_revision(c, page_id, viewer.person_id, *plan.result, summary, base, plan.out.merged, std::nullopt, now);
  events::append(c, {.actor_id = viewer.person_id, .object_id = page_id, .space_id = plan.space_id,
                     .audience = "space", .payload = events::PageEdited{plan.out.revision, base, plan.out.merged ? 1 : 0}});
  return plan.out;
}

}  // namespace

Result<SaveOutcome> save_page(store::Store& store, const Viewer& viewer, int64_t page_id, int64_t base,
                              const PageText& given, const std::string& summary, bool body_given) {
  PageText mine{given.title, pages::normalize_newlines(given.body)};
  WEFT_TRY_VOID(check_page_text(mine));
  WEFT_TRY_VOID(check_text("summary", summary, limits::kPageSummary.min, limits::kPageSummary.max));
  // The merge (seconds for the longest pages) is worked out in a read, not on the writer that every
  // request's write waits for; the write then only checks that nobody saved meanwhile. After a
  // few saves that lost that race, the last try merges in the write, so a save always ends.
  constexpr int kTries = 3;
  for (int attempt = 0; attempt < kTries; ++attempt) {
    WEFT_ASSIGN_OR_RETURN(auto plan, store::read(store, [&](store::Connection& c) {
                            return plan_save(c, viewer, page_id, base, mine, body_given);
                          }));
    if (!plan.result) return plan.out;
    WEFT_ASSIGN_OR_RETURN(auto written, store::transact(store, [&](store::Connection& c) -> Result<std::optional<SaveOutcome>> {
                            WEFT_TRY_VOID(writable_page(c, viewer, page_id));
                            if (c.query_int("SELECT revision_id FROM pages WHERE id = ?", {page_id}).value_or(0) !=
                                plan.current) {
                              return std::nullopt;  // someone saved meanwhile: merge again
                            }
                            return write_save(c, viewer, page_id, base, std::move(plan), summary);
                          }));
    if (written) return *written;
  }
  return store::transact(store, [&](store::Connection& c) -> Result<SaveOutcome> {
    WEFT_ASSIGN_OR_RETURN(auto plan, plan_save(c, viewer, page_id, base, mine, body_given));
    if (!plan.result) return plan.out;
    return write_save(c, viewer, page_id, base, std::move(plan), summary);
  });
}

Result<int64_t> restore_page(store::Store& store, const Viewer& viewer, int64_t page_id, int64_t revision) {
  return store::transact(store, [&](store::Connection& c) -> Result<int64_t> {
    WEFT_ASSIGN_OR_RETURN(const int64_t space_id, writable_page(c, viewer, page_id));
    auto old = version(c, page_id, revision);
    if (!old) return invalid("revision", "revision names no revision of this page.");
    const int64_t now = clock::now_seconds();
    const int64_t current = c.query_int("SELECT revision_id FROM pages WHERE id = ?", {page_id}).value_or(0);
    int64_t id = add_revision(c, page_id, viewer.person_id, *old, "Restored revision " + std::to_string(revision) + ".",
                              current, false, revision, now);
    events::append(c, {.actor_id = viewer.person_id, .object_id = page_id, .space_id = space_id, .audience = "space",
                       .payload = events::PageRestored{id, revision}});
    return id;
  });
}

namespace {

std::string day_of(int64_t seconds) { return clock::rfc3339(seconds).substr(0, 10); }

struct Promoted {
  int64_t space_id = 0;
  PageText text;
};

Result<Promoted> from_problem(store::Connection& c, int64_t id) {
  auto rows = c.query("SELECT p.space_id, p.title, p.body, p.status, p.accepted_solution_id, p.resolved_at, p.record_id, "
                      "s.body, a.name FROM problems p LEFT JOIN solutions s ON s.id = p.accepted_solution_id "
                      "LEFT JOIN people a ON a.id = s.author_id WHERE p.id = ?",
                      {id});
  if (!rows->next()) return not_found("No such problem.");
  if (rows->text(3) != "resolved" || rows->is_null(4)) {
    return invalid("source_id", "Only a problem with an accepted solution can become a page.");
  }
  if (auto record = rows->optional_int64(6);
      record && c.query_int("SELECT 1 FROM records WHERE id = ? AND restricted", {*record})) {
    return invalid("source_id", "A problem on a record with an access list cannot become a page of the whole space.");
  }
  Promoted out{rows->int64(0), {rows->text(1), ""}};
  std::string& md = out.text.body;
  md = "## The problem\n\n" + rows->text(2) + "\n\n## What solved it\n\n" + rows->text(7) + "\n\n_Solved by " +
       rows->text(8) + (rows->is_null(5) ? std::string() : " on " + day_of(rows->int64(5))) +
       ". Written up from [the problem](/problems/" + std::to_string(id) + ")._\n";
  return out;
}

Result<Promoted> from_proposal(store::Connection& c, int64_t id) {
  auto rows = c.query("SELECT space_id, title, body, status, decision, outcome, closed_at, agree, abstain, disagree, block "
                      "FROM proposals WHERE id = ?",
                      {id});
  if (!rows->next()) return not_found("No such proposal.");
  if (rows->text(3) != "closed" || rows->is_null(4)) {
    return invalid("source_id", "Only a decided proposal can become a page.");
  }
  const std::string decision = rows->text(4) == "adopted" ? "Adopted" : "Rejected";
  Promoted out{rows->int64(0), {rows->text(1), ""}};
  std::string& md = out.text.body;
  md = "## What was proposed\n\n" + rows->text(2) + "\n\n## The decision\n\n**" + decision + "**" +
       (rows->is_null(5) || rows->text(5).empty() ? std::string(".") : ": " + rows->text(5)) + "\n\n_Decided" +
       (rows->is_null(6) ? std::string() : " on " + day_of(rows->int64(6))) + " with " +
       std::to_string(rows->int64(7)) + " agreeing, " + std::to_string(rows->int64(8)) + " abstaining, " +
       std::to_string(rows->int64(9)) + " disagreeing and " + std::to_string(rows->int64(10)) +
       " blocking. Written up from [the proposal](/proposals/" + std::to_string(id) + ")._\n";
  return out;
}

}  // namespace

Result<int64_t> promote_to_page(store::Store& store, const Viewer& viewer, const std::string& source_type,
                                int64_t source_id) {
  if (source_type != "problem" && source_type != "proposal") {
    return invalid("source_type", "source_type must be problem or proposal.");
  }
  return store::transact(store, [&](store::Connection& c) -> Result<int64_t> {
    auto space = c.query_int(source_type == "problem" ? "SELECT space_id FROM problems WHERE id = ?"
                                                      : "SELECT space_id FROM proposals WHERE id = ?",
                             {source_id});
    if (!space || !policy::space_access(c, viewer, *space).content) return not_found("No such " + source_type + ".");
    WEFT_TRY_VOID(policy::require_member(c, viewer, *space));
    if (auto page = c.query_int("SELECT id FROM pages WHERE source_type = ? AND source_id = ?", {source_type, source_id})) {
      return fail(ErrorCode::kConflict, "This " + source_type + " is a page already: /pages/" + std::to_string(*page) + ".",
                  "source_id");
    }
    WEFT_ASSIGN_OR_RETURN(Promoted promoted,
                          source_type == "problem" ? from_problem(c, source_id) : from_proposal(c, source_id));
    // Within the limits already: a title is an item's title, the body two bodies of at most 20,000.
    const int64_t now = clock::now_seconds();
    int64_t id = c.insert_returning_id(
        "INSERT INTO pages (space_id, title, body, created_by, updated_by, created_at, updated_at, source_type, source_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {*space, promoted.text.title, promoted.text.body, viewer.person_id, viewer.person_id, now, now, source_type,
         source_id});
    int64_t revision = add_revision(c, id, viewer.person_id, promoted.text, "Written up from the " + source_type + ".",
                                    std::nullopt, false, std::nullopt, now);
    events::append(c, {.actor_id = viewer.person_id, .object_id = id, .space_id = *space, .audience = "space",
                       .payload = events::PageCreated{std::nullopt, revision}});
    return id;
  });
}

Result<int64_t> comment_page(store::Store& store, const Viewer& viewer, int64_t page_id, const std::string& body) {
  WEFT_TRY_VOID(check_text("body", body, limits::kAnswer.min, limits::kAnswer.max));
  return store::transact(store, [&](store::Connection& c) -> Result<int64_t> {
    WEFT_ASSIGN_OR_RETURN(const int64_t space_id, writable_page(c, viewer, page_id));
    const int64_t now = clock::now_seconds();
    int64_t id = c.insert_returning_id(
        "INSERT INTO page_comments (page_id, author_id, body, created_at) VALUES (?, ?, ?, ?)",
        {page_id, viewer.person_id, body, now});
    c.execute("UPDATE pages SET comment_count = comment_count + 1 WHERE id = ?", {page_id});
    watch(c, page_id, viewer.person_id, now);
    events::append(c, {.actor_id = viewer.person_id, .object_id = page_id, .space_id = space_id, .audience = "space",
                       .payload = events::PageCommented{id}});
    return id;
  });
}

Result<void> watch_page(store::Store& store, const Viewer& viewer, int64_t page_id, bool on) {
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    auto space = c.query_int("SELECT space_id FROM pages WHERE id = ?", {page_id});
    if (!space || !policy::space_access(c, viewer, *space).content ||
        !policy::passes_record_gate(c, viewer, policy::page_record(c, page_id))) {
      return not_found("No such page.");
    }
    if (on) {
      watch(c, page_id, viewer.person_id, clock::now_seconds());
    } else {
      c.execute("DELETE FROM page_watches WHERE page_id = ? AND person_id = ?", {page_id, viewer.person_id});
    }
    return true;
  }));
}

}  // namespace weft::actions
