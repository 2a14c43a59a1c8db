#include "actions/notifications.h"

#include "core/clock.h"

namespace weft::actions {

Result<void> mark_read(store::Store& store, const Viewer& viewer, const std::vector<int64_t>& ids,
                       bool all) {
  // Reading is bookkeeping on derived data: no event.
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    const int64_t now = clock::now_seconds();
    if (all) {
      c.execute("UPDATE notifications SET read_at = ? WHERE person_id = ? AND read_at IS NULL",
                {now, viewer.person_id});
      return true;
    }
    for (int64_t id : ids) {
      c.execute("UPDATE notifications SET read_at = ? WHERE id = ? AND person_id = ? AND read_at IS NULL",
                {now, id, viewer.person_id});
    }
    return true;
  }));
}

}  // namespace weft::actions
