// Reading and marking notifications. A notification about a post the person can no longer see
// (deleted, or no longer in its audience) is left out.
#pragma once

#include <optional>
#include <vector>

#include "core/cursor.h"
#include "core/error.h"
#include "model/notification.h"
#include "model/person.h"
#include "store/store.h"

namespace weft::queries {

Result<cursor::Page<Notification>> notifications(store::Store& store, const Viewer& viewer,
                                                 bool unread_only, const cursor::PageRequest& page);
Result<int64_t> unread_count(store::Store& store, const Viewer& viewer);
std::optional<Notification> notification_by_id(store::Connection& c, int64_t id);
// The viewer's notifications from events after `after_event_id`, oldest first (stream resume).
std::vector<Notification> notifications_after_event(store::Connection& c, const Viewer& viewer,
                                                    int64_t after_event_id, int limit);

}  // namespace weft::queries
