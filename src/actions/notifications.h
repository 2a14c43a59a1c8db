// Writes about notifications: marking them read. (Notifications themselves are written by the
// notifier, a subscriber of the activity log.)
#pragma once

#include <vector>

#include "core/error.h"
#include "model/person.h"
#include "store/store.h"

namespace weft::actions {

// Marks the viewer's notifications read: these ids, or all when `ids` is empty and `all` is set.
Result<void> mark_read(store::Store& store, const Viewer& viewer, const std::vector<int64_t>& ids,
                       bool all);

}  // namespace weft::actions
