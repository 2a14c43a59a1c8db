// Ideas: pitching (from a problem or not), voting, comments and stage moves.
#include "actions/work.h"

#include <map>

#include "actions/work_items.h"
#include "core/clock.h"
#include "core/limits.h"
#include "events/event_log.h"
#include "policy/records.h"
#include "policy/spaces.h"

namespace weft::actions {
using namespace detail;

bool stage_move_allowed(const std::string& from, const std::string& to) {
  static const std::map<std::string, std::vector<std::string>> moves = {
      {"new", {"under_review", "declined"}},
      {"under_review", {"accepted", "declined", "new"}},
      {"accepted", {"implemented", "under_review", "declined"}},
      {"declined", {"under_review"}},
      {"implemented", {}}};
  auto it = moves.find(from);
  return it != moves.end() && std::find(it->second.begin(), it->second.end(), to) != it->second.end();
}

Result<int64_t> create_idea(store::Store& store, const Viewer& viewer, int64_t space_id,
                            const std::string& title, const std::string& body,
                            std::optional<int64_t> from_problem_id) {
  WEFT_TRY_VOID(check_text("title", title, limits::kWorkTitle.min, limits::kWorkTitle.max));
  WEFT_TRY_VOID(check_text("body", body, limits::kWorkBody.min, limits::kWorkBody.max));
  return store::transact(store, [&](store::Connection& c) -> Result<int64_t> {
    WEFT_TRY_VOID(policy::require_member(c, viewer, space_id));
    if (from_problem_id) {
      // A problem on a record whose access list leaves the author out is as good as missing: the
      // same answer, so that it tells nothing of the problem.
      auto rows = c.query("SELECT space_id, record_id FROM problems WHERE id = ?", {*from_problem_id});
      std::optional<int64_t> space, record;
      if (rows->next()) {
        space = rows->int64(0);
        record = rows->optional_int64(1);
      }
      rows.reset();
      if (!space || *space != space_id || !policy::passes_record_gate(c, viewer, record)) {
        return invalid("from_problem_id", "from_problem_id must name a problem in this space.");
      }
    }
    const int64_t now = clock::now_seconds();
    int64_t id = c.insert_returning_id(
        "INSERT INTO ideas (space_id, author_id, title, body, from_problem_id, created_at, "
        "stage_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {space_id, viewer.person_id, title, body, from_problem_id, now, now});
    c.execute("INSERT INTO idea_stages (idea_id, stage, note, by_id, at) VALUES (?, 'new', 'Pitched.', ?, ?)",
              {id, viewer.person_id, now});
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = id,
                       .space_id = space_id,
                       .audience = "space",
                       .payload = events::IdeaCreated{from_problem_id}});
    return id;
  });
}

Result<void> vote_idea(store::Store& store, const Viewer& viewer, int64_t idea_id, int value) {
  if (value < -1 || value > 1) return invalid("value", "value must be 1, -1 or 0.");
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    WEFT_ASSIGN_OR_RETURN(auto found, visible_item(c, viewer, "ideas", "stage", "from_problem_id",
                                                   idea_id, "idea"));
    if (!found.second.member()) return forbidden("Join the space first.");
    int64_t old = c.query_int("SELECT value FROM idea_votes WHERE idea_id = ? AND person_id = ?",
                              {idea_id, viewer.person_id}).value_or(0);
    if (old == value) return true;
    if (value == 0) {
      c.execute("DELETE FROM idea_votes WHERE idea_id = ? AND person_id = ?", {idea_id, viewer.person_id});
    } else {
      c.execute(
          "INSERT INTO idea_votes (idea_id, person_id, value) VALUES (?, ?, ?) ON CONFLICT "
          "(idea_id, person_id) DO UPDATE SET value = excluded.value",
          {idea_id, viewer.person_id, value});
    }
    c.execute("UPDATE ideas SET score = score + ? WHERE id = ?", {value - old, idea_id});
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = idea_id,
                       .space_id = found.first.space_id,
                       .audience = "space",
                       .payload = events::IdeaVoted{value}});
    return true;
  }));
}

Result<int64_t> comment_idea(store::Store& store, const Viewer& viewer, int64_t idea_id,
                             const std::string& body) {
  WEFT_TRY_VOID(check_text("body", body, limits::kAnswer.min, limits::kAnswer.max));
  return store::transact(store, [&](store::Connection& c) -> Result<int64_t> {
    WEFT_ASSIGN_OR_RETURN(auto found, visible_item(c, viewer, "ideas", "stage", "from_problem_id",
                                                   idea_id, "idea"));
    if (!found.second.member()) return forbidden("Join the space first.");
    int64_t id = c.insert_returning_id("INSERT INTO idea_comments (idea_id, author_id, body, created_at) VALUES (?, ?, ?, ?)",
              {idea_id, viewer.person_id, body, clock::now_seconds()});
    c.execute("UPDATE ideas SET comment_count = comment_count + 1 WHERE id = ?", {idea_id});
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = idea_id,
                       .space_id = found.first.space_id,
                       .audience = "space",
                       .payload = events::IdeaCommented{id, found.first.author_id}});
    return id;
  });
}

Result<void> move_idea(store::Store& store, const Viewer& viewer, int64_t idea_id,
                       const std::string& stage, const std::string& note) {
  static const std::vector<std::string> stages = {"new", "under_review", "accepted", "implemented", "declined"};
  if (std::find(stages.begin(), stages.end(), stage) == stages.end()) {
    return invalid("stage", "stage must be new, under_review, accepted, implemented or declined.");
  }
  WEFT_TRY_VOID(check_text("note", note, limits::kNote.min, limits::kNote.max));
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    WEFT_ASSIGN_OR_RETURN(auto found, visible_item(c, viewer, "ideas", "stage", "from_problem_id",
                                                   idea_id, "idea"));
    auto& [idea, access] = found;
    if (!access.owner()) return forbidden("Only the space's owners move ideas through stages.");
    if (!stage_move_allowed(idea.state, stage)) {
      return invalid("stage", "An idea cannot move from " + idea.state + " to " + stage + ".");
    }
    set_stage(c, idea_id, idea.space_id, stage, note, viewer.person_id);
    return true;
  }));
}

}  // namespace weft::actions
