// Connecting vs reaching in a period: for posts, problems, ideas and proposals created then, how
// many people they reached (were delivered to) against how many connected (replied, reshared,
// solved, voted, commented, took a stance); broadcast vs conversation per unit; reshare cascades
// and the people whose shares carry posts into networks their authors do not reach. Only what the
// viewer may see; unit figures under the privacy floor are withheld. docs/design/analytics.md,
// "Engagement", defines each figure. Thread-safe (reads only).
#pragma once

#include "analytics/outcomes.h"
#include "core/error.h"
#include "model/analytics.h"
#include "model/person.h"
#include "store/store.h"

namespace weft::analytics {

inline constexpr int kTopCascades = 10;
inline constexpr int kTopSharers = 10;

// `scope.unit_id`: items authored by people of that unit; `space_id` is not used.
Result<Engagement> engagement(store::Store& store, const Viewer& viewer, const Scope& scope);

}  // namespace weft::analytics
