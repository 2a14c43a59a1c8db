#include "policy/people.h"

namespace weft::policy {

SqlCondition visible_people(const Viewer& viewer, const std::string& p) {
  if (viewer.is_admin()) return {"true", {}};
  const std::string shares_space =
      "EXISTS (SELECT 1 FROM space_members sa JOIN space_members sb ON sb.space_id = sa.space_id "
      "WHERE sa.person_id = ? AND sb.person_id = " + p + ".id)";
  if (viewer.is_guest()) {
    return {"(" + p + ".id = ? OR " + shares_space + ")", {viewer.person_id, viewer.person_id}};
  }
  return {"(" + p + ".role <> 'guest' OR " + p + ".id = ? OR " + shares_space + ")",
          {viewer.person_id, viewer.person_id}};
}

bool can_see_person(store::Connection& c, const Viewer& viewer, int64_t person_id) {
  std::vector<store::Param> params{person_id};
  std::string sql = "SELECT 1 FROM people p WHERE p.id = ? AND " + append(params, visible_people(viewer));
  return c.query_int(sql, params).has_value();
}

bool can_manage_people(const Viewer& viewer) { return viewer.is_admin(); }
bool can_manage_units(const Viewer& viewer) { return viewer.is_admin(); }
bool can_endorse(const Viewer& viewer, int64_t person_id) { return viewer.person_id != person_id; }
bool can_follow(const Viewer& viewer, int64_t person_id) { return viewer.person_id != person_id; }

std::optional<Viewer> viewer_of(store::Connection& c, int64_t person_id) {
  auto rows = c.query("SELECT role, unit_id FROM people WHERE id = ? AND deactivated_at IS NULL", {person_id});
  if (!rows->next()) return std::nullopt;
  return Viewer{person_id, parse_role(rows->text(0)).value_or(Role::kGuest), rows->optional_int64(1)};
}

}  // namespace weft::policy
