#include "policy/records.h"

namespace weft::policy {
namespace {
// The access-list test over a records row `r` for a reader given as SQL fragments.
std::string listed(const std::string& r, const std::string& person, const std::string& unit) {
  return "EXISTS (SELECT 1 FROM record_access ra WHERE ra.record_id = " + r +
         ".id AND ((ra.principal_type = 'person' AND ra.principal_id = " + person +
         ") OR (ra.principal_type = 'unit' AND ra.principal_id = " + unit + ")))";
}

std::string gate_sql(const std::string& column, const std::string& admin, const std::string& person,
                     const std::string& unit) {
  return "(" + column + " IS NULL OR EXISTS (SELECT 1 FROM records gr WHERE gr.id = " + column +
         " AND (NOT gr.restricted OR " + admin + " OR " + listed("gr", person, unit) + ")))";
}
}  // namespace

SqlCondition visible_records(const Viewer& viewer, const std::string& alias) {
  return {"(? OR (NOT " + alias + ".restricted AND ?) OR " + listed(alias, "?", "?") + ")",
          {viewer.is_admin(), !viewer.is_guest(), viewer.person_id, viewer.unit_id}};
}

SqlCondition record_gate(const Viewer& viewer, const std::string& record_column) {
  return {gate_sql(record_column, "?", "?", "?"), {viewer.is_admin(), viewer.person_id, viewer.unit_id}};
}

std::string record_gate_to_people(const std::string& record_column, const std::string& person_alias) {
  const std::string& v = person_alias;
  return gate_sql(record_column, "(" + v + ".role = 'admin')", v + ".id", v + ".unit_id");
}

SqlCondition record_readers_to_people(int64_t record_id, const std::string& person_alias) {
  const std::string& v = person_alias;
  return {"EXISTS (SELECT 1 FROM records rr WHERE rr.id = ? AND (" + v + ".role = 'admin' OR (NOT rr.restricted AND " +
              v + ".role <> 'guest') OR " + listed("rr", v + ".id", v + ".unit_id") + "))",
          {record_id}};
}

SqlCondition record_gate_of_to_people(int64_t record_id, const std::string& person_alias) {
  const std::string& v = person_alias;
  return {"EXISTS (SELECT 1 FROM records gr WHERE gr.id = ? AND (NOT gr.restricted OR " + v + ".role = 'admin' OR " +
              listed("gr", v + ".id", v + ".unit_id") + "))",
          {record_id}};
}

std::string restricted_record_readers_sql() {
  return "SELECT ra.principal_id FROM record_access ra WHERE ra.record_id = ? AND ra.principal_type = 'person' "
         "UNION SELECT p.id FROM record_access ra JOIN people p ON p.unit_id = ra.principal_id "
         "WHERE ra.record_id = ? AND ra.principal_type = 'unit' "
         "UNION SELECT a.id FROM people a WHERE a.role = 'admin'";
}

bool can_see_record(store::Connection& c, const Viewer& viewer, int64_t record_id) {
  std::vector<store::Param> params{record_id};
  std::string sql = "SELECT 1 FROM records r WHERE r.id = ? AND " + append(params, visible_records(viewer));
  return c.query_int(sql, params).has_value();
}

Result<void> require_record(store::Connection& c, const Viewer& viewer, int64_t record_id) {
  if (!can_see_record(c, viewer, record_id)) return not_found("No such record.");
  return {};
}

std::string page_record_sql(const std::string& page_alias) {
  return "(SELECT gp.record_id FROM problems gp WHERE " + page_alias + ".source_type = 'problem' AND gp.id = " +
         page_alias + ".source_id)";
}

SqlCondition page_gate(const Viewer& viewer, const std::string& page_alias) {
  return record_gate(viewer, page_record_sql(page_alias));
}

std::optional<int64_t> page_record(store::Connection& c, int64_t page_id) {
  return c.query_int("SELECT pr.record_id FROM pages g JOIN problems pr ON g.source_type = 'problem' AND pr.id = "
                     "g.source_id WHERE g.id = ? AND pr.record_id IS NOT NULL",
                     {page_id});
}

bool passes_record_gate(store::Connection& c, const Viewer& viewer, const std::optional<int64_t>& record_id) {
  if (!record_id) return true;
  std::vector<store::Param> params{*record_id};
  std::string sql = "SELECT 1 FROM records r WHERE r.id = ? AND (NOT r.restricted OR ? OR " +
                    listed("r", "?", "?") + ")";
  params.insert(params.end(), {viewer.is_admin(), viewer.person_id, viewer.unit_id});
  return c.query_int(sql, params).has_value();
}

}  // namespace weft::policy
