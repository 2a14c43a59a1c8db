#include "policy/people.h"

namespace weft::policy {

bool can_see_person(const Viewer& viewer, int64_t person_id, Role person_role) {
  if (viewer.person_id == person_id || viewer.is_admin()) return true;
  if (viewer.is_guest()) return false;
  return person_role != Role::kGuest;
}

std::string visible_people_sql(const Viewer& viewer) {
  if (viewer.is_admin()) return "(p.id = ? OR 1)";
  if (viewer.is_guest()) return "(p.id = ?)";
  return "(p.id = ? OR p.role <> 'guest')";
}

bool can_manage_people(const Viewer& viewer) { return viewer.is_admin(); }
bool can_manage_units(const Viewer& viewer) { return viewer.is_admin(); }
bool can_endorse(const Viewer& viewer, int64_t person_id) { return viewer.person_id != person_id; }
bool can_follow(const Viewer& viewer, int64_t person_id) { return viewer.person_id != person_id; }

}  // namespace weft::policy
