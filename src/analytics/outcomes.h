// Outcome analytics: what happened in a period — problems opened and resolved and how fast,
// ideas and how many were adopted, proposals decided and how, chains completed, and how many
// people took part — counted over the problems, ideas and proposals the viewer may see (their
// spaces' content rules and records' access lists, policy/), optionally those of one space or
// authored in one unit. Figures about a group of people are withheld under the privacy floor.
// docs/design/analytics.md defines each figure. Thread-safe (reads only).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "model/analytics.h"
#include "model/person.h"
#include "store/store.h"

namespace weft::analytics {

struct Scope {
  int64_t from = 0;
  int64_t to = 0;  // exclusive
  std::optional<int64_t> unit_id;   // items authored by people of this unit
  std::optional<int64_t> space_id;  // items of this space (the viewer must see its content)
  int64_t min_group = 5;            // WEFT_ANALYTICS_MIN_GROUP
  std::optional<int> level;         // network: the depth in the unit tree units are shown at
};

// The nearest-rank percentile `p` (0..100] of `values` (sorted here); nullopt when empty.
std::optional<int64_t> percentile(std::vector<int64_t> values, double p);

// 404/403 when the space is not the viewer's to see; 400 for a period that ends before it starts.
Result<Outcomes> outcomes(store::Store& store, const Viewer& viewer, const Scope& scope);

// The items behind a figure, newest first (at most `limit`): problems_opened, problems_resolved,
// problems_unsolved, ideas_created, ideas_adopted, proposals_decided, chains_completed.
const std::vector<std::string>& item_figures();
Result<std::vector<OutcomeItem>> outcome_items(store::Store& store, const Viewer& viewer, const Scope& scope,
                                               const std::string& figure, int limit);

}  // namespace weft::analytics
