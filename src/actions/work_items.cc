#include "actions/work_items.h"

#include "core/clock.h"
#include "core/json.h"
#include "events/event_log.h"
#include "policy/records.h"

namespace weft::actions::detail {

std::optional<Item> load_item(store::Connection& c, const char* table, const char* state_column,
                              const char* link_column, int64_t id) {
  auto rows = c.query(std::string("SELECT id, space_id, author_id, ") + state_column + ", " +
                          link_column + " FROM " + table + " WHERE id = ?",
                      {id});
  if (!rows->next()) return std::nullopt;
  return Item{rows->int64(0), rows->int64(1), rows->int64(2), rows->text(3), rows->optional_int64(4)};
}

Result<std::pair<Item, policy::SpaceAccess>> visible_item(store::Connection& c, const Viewer& viewer,
                                                          const char* table, const char* state,
                                                          const char* link, int64_t id,
                                                          const char* what) {
  auto item = load_item(c, table, state, link, id);
  if (!item) return not_found(std::string("No such ") + what + ".");
  auto access = policy::space_access(c, viewer, item->space_id);
  if (!access.content) return not_found(std::string("No such ") + what + ".");
  // A problem opened on a record passes the record's gate too.
  if (std::string_view(table) == "problems" &&
      !policy::passes_record_gate(c, viewer, c.query_int("SELECT record_id FROM problems WHERE id = ?", {id}))) {
    return not_found(std::string("No such ") + what + ".");
  }
  return std::pair{*item, access};
}

Result<void> check_text(const std::string& field, const std::string& text, std::size_t min,
                        std::size_t max) {
  std::size_t length = json::utf8_length(text);
  if (length < min) return invalid(field, field + " must not be empty.");
  if (length > max) return invalid(field, field + " must be at most " + std::to_string(max) + " characters.");
  return {};
}

void resolve_problem(store::Connection& c, int64_t problem_id, std::optional<int64_t> actor,
                     const char* why) {
  if (c.execute("UPDATE problems SET status = 'resolved', resolved_at = ? WHERE id = ? AND status = 'open'",
                {clock::now_seconds(), problem_id}) == 0) {
    return;
  }
  auto space = c.query_int("SELECT space_id FROM problems WHERE id = ?", {problem_id});
  events::append(c, {.actor_id = actor,
                     .object_id = problem_id,
                     .space_id = space,
                     .audience = "space",
                     .payload = events::ProblemResolved{why}});
}

void set_stage(store::Connection& c, int64_t idea_id, int64_t space_id, const std::string& stage,
               const std::string& note, std::optional<int64_t> actor) {
  const int64_t now = clock::now_seconds();
  c.execute("UPDATE ideas SET stage = ?, stage_changed_at = ? WHERE id = ?", {stage, now, idea_id});
  c.execute("INSERT INTO idea_stages (idea_id, stage, note, by_id, at) VALUES (?, ?, ?, ?, ?)",
            {idea_id, stage, note, actor, now});
  events::append(c, {.actor_id = actor,
                     .object_id = idea_id,
                     .space_id = space_id,
                     .audience = "space",
                     .payload = events::IdeaStageChanged{stage}});
  if (stage == "implemented") {
    if (auto problem = c.query_int("SELECT from_problem_id FROM ideas WHERE id = ?", {idea_id})) {
      resolve_problem(c, *problem, actor, "idea implemented");
    }
  }
}

}  // namespace weft::actions::detail
