#include "actions/units.h"

#include "core/clock.h"
#include "events/event_log.h"
#include "policy/people.h"

namespace weft::actions {

int64_t insert_unit(store::Connection& c, std::optional<int64_t> actor_id, const std::string& name,
                    std::optional<int64_t> parent_id) {
  int64_t id = c.insert_returning_id("INSERT INTO units (name, parent_id, created_at) VALUES (?, ?, ?)",
            {name, parent_id, clock::now_seconds()});
  events::append(c, {.actor_id = actor_id, .object_id = id, .payload = events::UnitCreated{}});
  return id;
}

Result<int64_t> create_unit(store::Store& store, const Viewer& viewer, const std::string& name,
                            std::optional<int64_t> parent_id) {
  if (!policy::can_manage_units(viewer)) return forbidden("Only admins may create units.");
  return store::transact(store, [&](store::Connection& c) -> Result<int64_t> {
    if (parent_id && !c.query_int("SELECT 1 FROM units WHERE id = ?", {*parent_id})) {
      return invalid("parent_id", "parent_id names no unit.");
    }
    return insert_unit(c, viewer.person_id, name, parent_id);
  });
}

Result<void> update_unit(store::Store& store, const Viewer& viewer, int64_t unit_id,
                         const UnitChange& change) {
  if (!policy::can_manage_units(viewer)) return forbidden("Only admins may change units.");
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    if (!c.query_int("SELECT 1 FROM units WHERE id = ?", {unit_id})) return not_found("No such unit.");
    if (change.set_parent && change.parent_id) {
      // Walk up from the new parent: meeting this unit would make a cycle.
      std::optional<int64_t> at = change.parent_id;
      int steps = 0;
      while (at) {
        if (*at == unit_id) return invalid("parent_id", "A unit cannot sit inside itself.");
        if (!c.query_int("SELECT 1 FROM units WHERE id = ?", {*at})) {
          return invalid("parent_id", "parent_id names no unit.");
        }
        at = c.query_int("SELECT parent_id FROM units WHERE id = ?", {*at});
        if (++steps > 10000) return invalid("parent_id", "The unit tree is too deep.");
      }
    }
    if (change.name) c.execute("UPDATE units SET name = ? WHERE id = ?", {*change.name, unit_id});
    if (change.set_parent) {
      c.execute("UPDATE units SET parent_id = ? WHERE id = ?", {change.parent_id, unit_id});
    }
    events::append(
        c, {.actor_id = viewer.person_id, .object_id = unit_id, .payload = events::UnitUpdated{}});
    return true;
  }));
}

}  // namespace weft::actions
