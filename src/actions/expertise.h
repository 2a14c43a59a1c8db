// Actions on expertise: feedback on suggestions ("not me" from the person suggested, "helped"
// from the one who asked) and a person's availability. Both are evidence the ranker reads
// (expertise/evidence.h) and change who is suggested at once.
#pragma once

#include <optional>
#include <string>

#include "core/error.h"
#include "model/person.h"
#include "store/store.h"

namespace weft::actions {

struct FeedbackInput {
  std::string verdict;       // not_me, helped
  std::string subject_type;  // problem, record
  int64_t subject_id = 0;
  std::optional<int64_t> person_id;  // helped: who helped; not_me: the caller (or absent)
};

struct FeedbackOutcome {
  int64_t id = 0;
  int64_t person_id = 0;
  int64_t created_at = 0;
  bool created = false;  // false: the same feedback was given before
};

// not_me: the caller declines a problem or record they may see. helped: the problem's author (or,
// on a record, anyone who may see it) says a person they may see helped. 404 for what the caller
// may not see; idempotent.
Result<FeedbackOutcome> give_feedback(store::Store& store, const Viewer& viewer, const FeedbackInput& input);

// Away until `until` (in the future, at most a year ahead), or available again (nullopt).
Result<void> set_availability(store::Store& store, const Viewer& viewer, std::optional<int64_t> until);

}  // namespace weft::actions
