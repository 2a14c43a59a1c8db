#include "queries/scim.h"

namespace weft::queries {
namespace {

constexpr const char* kUserColumns =
    "p.id, p.email, p.external_id, p.name, p.title, (SELECT name FROM units u WHERE u.id = p.unit_id), "
    "p.deactivated_at IS NULL, p.created_at, COALESCE(p.updated_at, p.created_at)";

identity::ScimUser read_user(store::Rows& rows) {
  identity::ScimUser u;
  u.id = rows.int64(0);
  // One address, kept as userName: a PATCH of userName changes it, and so does one of the work
  // e-mail (which wins when both come).
  u.user_name = rows.text(1);
  u.external_id = rows.optional_text(2);
  u.display_name = rows.text(3);
  u.title = rows.text(4);
  u.department = rows.optional_text(5);
  u.active = rows.int64(6) != 0;
  u.created = rows.int64(7);
  u.updated = rows.int64(8);
  return u;
}

void load_members(store::Connection& c, identity::ScimGroup& group) {
  auto rows = c.query("SELECT p.id, p.name FROM scim_group_members m JOIN people p ON p.id = m.person_id "
                      "WHERE m.group_id = ? AND p.deprovisioned_at IS NULL ORDER BY p.id",
                      {group.id});
  while (rows->next()) group.members.push_back({rows->int64(0), rows->text(1)});
}

}  // namespace

Result<identity::ScimUser> scim_user(store::Store& store, int64_t id) {
  return store::read(store, [&](store::Connection& c) -> Result<identity::ScimUser> {
    auto rows = c.query(std::string("SELECT ") + kUserColumns +
                            " FROM people p WHERE p.id = ? AND p.deprovisioned_at IS NULL",
                        {id});
    if (!rows->next()) return not_found("No such user.");
    return read_user(*rows);
  });
}

Result<ScimList<identity::ScimUser>> scim_users(store::Store& store, const std::string& filter, int64_t start,
                                                int64_t count) {
  std::vector<store::Param> params;
  std::string where = "p.deprovisioned_at IS NULL";
  if (!filter.empty()) {
    WEFT_ASSIGN_OR_RETURN(auto sql, identity::filter_sql(filter, identity::FilterTarget::kUsers, params));
    where += " AND " + sql;
  }
  return store::read(store, [&](store::Connection& c) -> Result<ScimList<identity::ScimUser>> {
    ScimList<identity::ScimUser> out;
    out.start = start;
    out.total = c.query_int("SELECT COUNT(*) FROM people p WHERE " + where, params).value_or(0);
    std::vector<store::Param> page = params;
    page.emplace_back(count);
    page.emplace_back(start - 1);
    auto rows = c.query(std::string("SELECT ") + kUserColumns + " FROM people p WHERE " + where +
                            " ORDER BY p.id LIMIT ? OFFSET ?",
                        page);
    while (rows->next()) out.items.push_back(read_user(*rows));
    return out;
  });
}

Result<identity::ScimGroup> scim_group(store::Store& store, int64_t id, bool with_members) {
  return store::read(store, [&](store::Connection& c) -> Result<identity::ScimGroup> {
    auto rows = c.query("SELECT id, display_name, external_id, created_at, updated_at FROM scim_groups WHERE id = ?", {id});
    if (!rows->next()) return not_found("No such group.");
    identity::ScimGroup group{rows->int64(0), rows->text(1), rows->optional_text(2), {}, rows->int64(3), rows->int64(4)};
    rows.reset();
    if (with_members) load_members(c, group);
    return group;
  });
}

Result<ScimList<identity::ScimGroup>> scim_groups(store::Store& store, const std::string& filter, int64_t start,
                                                  int64_t count, bool with_members) {
  std::vector<store::Param> params;
  std::string where = "1 = 1";
  if (!filter.empty()) {
    WEFT_ASSIGN_OR_RETURN(auto sql, identity::filter_sql(filter, identity::FilterTarget::kGroups, params));
    where = sql;
  }
  return store::read(store, [&](store::Connection& c) -> Result<ScimList<identity::ScimGroup>> {
    ScimList<identity::ScimGroup> out;
    out.start = start;
    out.total = c.query_int("SELECT COUNT(*) FROM scim_groups g WHERE " + where, params).value_or(0);
    std::vector<store::Param> page = params;
    page.emplace_back(count);
    page.emplace_back(start - 1);
    auto rows = c.query("SELECT g.id, g.display_name, g.external_id, g.created_at, g.updated_at FROM scim_groups g WHERE " +
                            where + " ORDER BY g.id LIMIT ? OFFSET ?",
                        page);
    while (rows->next()) {
      out.items.push_back({rows->int64(0), rows->text(1), rows->optional_text(2), {}, rows->int64(3), rows->int64(4)});
    }
    rows.reset();
    if (with_members) {
      for (auto& group : out.items) load_members(c, group);
    }
    return out;
  });
}

}  // namespace weft::queries
