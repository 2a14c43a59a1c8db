// Moderation of posts and replies: anyone who may read a post may report it once, with a reason;
// its moderators (policy::moderated_posts: admins, and a space's owners for its posts) hide it,
// restore it, or dismiss its reports, each with a reason. A hidden post stays for its author,
// marked, and for no one else; the author is told (the notifier reads post.hidden and
// post.restored). Every act is an event, and so a line of the audit log.
#pragma once

#include <cstdint>
#include <string>

#include "core/error.h"
#include "model/person.h"
#include "store/store.h"

namespace weft::actions {

// 201 with the report's id; 409 when this person reported the post already; 400 for one's own post.
Result<int64_t> report_post(store::Store& store, const Viewer& viewer, int64_t post_id, const std::string& reason);
// Hides the post; its open reports are resolved "hidden". 409 when hidden already.
Result<void> hide_post(store::Store& store, const Viewer& viewer, int64_t post_id, const std::string& reason);
// Shows it again. 409 when it is not hidden.
Result<void> restore_post(store::Store& store, const Viewer& viewer, int64_t post_id, const std::string& reason);
// Closes the post's open reports without hiding it. 409 when none is open.
Result<void> dismiss_reports(store::Store& store, const Viewer& viewer, int64_t post_id, const std::string& reason);

}  // namespace weft::actions
