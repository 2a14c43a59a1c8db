#include "actions/expertise.h"

#include "actions/work_items.h"
#include "core/clock.h"
#include "events/event_log.h"
#include "policy/people.h"
#include "policy/records.h"

namespace weft::actions {

Result<FeedbackOutcome> give_feedback(store::Store& store, const Viewer& viewer, const FeedbackInput& input) {
  if (input.verdict != "not_me" && input.verdict != "helped") {
    return invalid("verdict", "verdict must be not_me or helped.");
  }
  if (input.subject_type != "problem" && input.subject_type != "record") {
    return invalid("subject_type", "subject_type must be problem or record.");
  }
  int64_t person = viewer.person_id;
  if (input.verdict == "helped") {
    if (!input.person_id) return invalid("person_id", "Say who helped: person_id.");
    if (*input.person_id == viewer.person_id) return invalid("person_id", "Say who else helped.");
    person = *input.person_id;
  } else if (input.person_id && *input.person_id != viewer.person_id) {
    return invalid("person_id", "Only the person suggested may say not_me.");
  }
  return store::transact(store, [&](store::Connection& c) -> Result<FeedbackOutcome> {
    if (input.subject_type == "problem") {
      WEFT_ASSIGN_OR_RETURN(auto found, detail::visible_item(c, viewer, "problems", "status", "accepted_solution_id",
                                                             input.subject_id, "problem"));
      if (input.verdict == "helped" && found.first.author_id != viewer.person_id) {
        return forbidden("Only the problem's author may say who helped.");
      }
    } else {
      WEFT_TRY_VOID(policy::require_record(c, viewer, input.subject_id));
    }
    if (person != viewer.person_id && !policy::can_see_person(c, viewer, person)) {
      return not_found("No such person.");
    }
    if (auto existing = c.query("SELECT id, created_at FROM expertise_feedback WHERE person_id = ? AND verdict = ? "
                                "AND subject_type = ? AND subject_id = ?",
                                {person, input.verdict, input.subject_type, input.subject_id});
        existing->next()) {
      return FeedbackOutcome{existing->int64(0), person, existing->int64(1), false};
    }
    const int64_t now = clock::now_seconds();
    const int64_t id = c.insert_returning_id(
        "INSERT INTO expertise_feedback (person_id, verdict, subject_type, subject_id, by_id, created_at) VALUES "
        "(?, ?, ?, ?, ?, ?)",
        {person, input.verdict, input.subject_type, input.subject_id, viewer.person_id, now});
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = person,
                       .audience = "self",
                       .payload = events::ExpertiseFeedbackGiven{id, input.verdict, input.subject_type,
                                                                 input.subject_id}});
    return FeedbackOutcome{id, person, now, true};
  });
}

Result<void> set_availability(store::Store& store, const Viewer& viewer, std::optional<int64_t> until) {
  const int64_t now = clock::now_seconds();
  if (until && *until <= now) return invalid("unavailable_until", "unavailable_until must be in the future.");
  if (until && *until > now + 366 * 86400) {
    return invalid("unavailable_until", "unavailable_until may be at most a year ahead.");
  }
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    c.execute("UPDATE people SET unavailable_until = ? WHERE id = ?",
              {until, viewer.person_id});
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = viewer.person_id,
                       .audience = "self",
                       .payload = events::PersonAvailabilityChanged{until}});
    return true;
  }));
}

}  // namespace weft::actions
