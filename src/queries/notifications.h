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

// The latest kNotificationsGrouped notifications grouped by kind and subject (replies by their
// thread's first post, which then is the subject and the excerpt), at most `limit`
// groups: unread before read; among the unread, work (solutions, acceptances, stages, stances,
// decisions, suggestions, records, spaces) before conversation (mentions, replies) before social
// (reactions, reshares, follows); then the latest first.
inline constexpr int kNotificationsGrouped = 500;
inline constexpr int kGroupActors = 3;
Result<std::vector<NotificationGroup>> notification_groups(store::Store& store, const Viewer& viewer,
                                                           bool unread_only, int limit);
const char* notification_priority(const std::string& kind);
// Whether `viewer` may see notification `id` now (theirs, and about what they may read).
bool notification_visible(store::Connection& c, const Viewer& viewer, int64_t id);
std::optional<Notification> notification_by_id(store::Connection& c, int64_t id);
// The viewer's notifications from events after `after_event_id`, oldest first (stream resume).
std::vector<Notification> notifications_after_event(store::Connection& c, const Viewer& viewer,
                                                    int64_t after_event_id, int limit);

}  // namespace weft::queries
