#include "queries/records.h"

#include "core/clock.h"
#include "policy/people.h"
#include "policy/records.h"
#include "policy/spaces.h"
#include "queries/posts.h"
#include "queries/work_rows.h"

namespace weft::queries {
using namespace detail;
namespace {

// r.space_id is column 7, spelled by record_select: named only to those who may read the space.
constexpr const char* kRecordColumnsAfterSpace =
    "r.restricted, r.follower_count, r.created_at, r.updated_at, a.id, a.handle, a.name, a.title, a.unit_id, "
    "a.avatar_version";

Record read_record(store::Rows& rows) {
  Record r;
  r.id = rows.int64(0);
  r.system = rows.text(1);
  r.type = rows.text(2);
  r.external_id = rows.text(3);
  r.title = rows.text(4);
  r.url = rows.optional_text(5);
  r.fields = rows.text(6);
  r.space_id = rows.optional_int64(7);
  r.restricted = rows.int64(8) != 0;
  r.follower_count = rows.int64(9);
  r.created_at = rows.int64(10);
  r.updated_at = rows.int64(11);
  if (!rows.is_null(12)) r.owner = summary_at(rows, 12);
  return r;
}

std::string record_select(std::vector<store::Param>& params, const Viewer& viewer) {
  // A record is read by its own rule, not its space's: the space it belongs to is named only to
  // those who may read that space (a secret space is not even listed to others). The owner shows
  // only when the viewer may see them. (One append a statement: the parameters go in the order
  // of the SQL, and the operands of one expression are evaluated in no set order.)
  std::string sql = "SELECT r.id, r.system, r.type, r.external_id, r.title, r.url, r.fields, CASE WHEN ";
  sql += policy::append(params, policy::space_content(viewer, "r.space_id"));
  sql += std::string(" THEN r.space_id END, ") + kRecordColumnsAfterSpace +
         " FROM records r LEFT JOIN people a ON a.id = r.owner_id AND ";
  sql += policy::append(params, policy::visible_people(viewer, "a"));
  return sql + " WHERE ";
}

RecordChange read_change(store::Rows& rows) {
  return {rows.int64(0), rows.text(1), rows.text(2), rows.optional_text(3), rows.optional_text(4),
          rows.int64(5) != 0, rows.int64(6)};
}

constexpr const char* kChangeColumns = "id, what, field, old_value, new_value, quiet, changed_at";

}  // namespace

std::vector<ExpertSuggestion> record_helpers(store::Connection& c, const Viewer& viewer, int64_t record_id,
                                             int limit) {
  std::vector<ExpertSuggestion> out;
  auto add = [&](const std::string& from, const char* kind, const std::string& detail, double score,
                 std::vector<store::Param> params) {
    if (static_cast<int>(out.size()) >= limit) return;
    // As for the people the expertise index names (expertise::Service::suggest): active, not
    // away, not those who said "not me" to this record, and only people who may read it.
    std::string sql = "SELECT " + std::string(kAuthor) + " FROM people a WHERE a.id IN (" + from +
                      ") AND a.deactivated_at IS NULL AND (a.unavailable_until IS NULL OR a.unavailable_until <= ?)"
                      " AND a.id <> ? AND NOT EXISTS (SELECT 1 FROM expertise_feedback nf WHERE nf.person_id = a.id "
                      "AND nf.verdict = 'not_me' AND nf.subject_type = 'record' AND nf.subject_id = ?)";
    params.emplace_back(clock::now_seconds());
    params.emplace_back(viewer.person_id);
    params.emplace_back(record_id);
    sql += " AND " + policy::append(params, policy::visible_people(viewer, "a"));
    sql += " AND " + policy::append(params, policy::record_readers_to_people(record_id, "a")) +
           " ORDER BY a.name, a.id LIMIT ?";
    params.emplace_back(limit + static_cast<int>(out.size()));
    auto rows = c.query(sql, params);
    while (rows->next() && static_cast<int>(out.size()) < limit) {
      PersonSummary person = summary_at(*rows, 0);
      bool seen = false;
      for (const auto& s : out) seen = seen || s.person.id == person.id;
      if (seen) continue;
      out.push_back({person, score, {{kind, detail, std::nullopt}}});
    }
  };
  add("SELECT person_id FROM record_follows WHERE record_id = ?", "follows_record", "Follows this record", 1.0,
      {record_id});
  auto owner_unit = c.query_int(
      "SELECT p.unit_id FROM records r JOIN people p ON p.id = r.owner_id WHERE r.id = ?", {record_id});
  if (owner_unit) {
    auto unit_name = c.query_text("SELECT name FROM units WHERE id = ?", {*owner_unit});
    add("SELECT id FROM people WHERE unit_id = ?", "owner_unit",
        "In the record owner's unit" + (unit_name ? " (" + *unit_name + ")" : std::string()), 0.5, {*owner_unit});
  }
  return out;
}

Result<Record> record(store::Store& store, const Viewer& viewer, int64_t record_id, bool detail) {
  auto found = store::read(store, [&](store::Connection& c) -> Result<Record> {
    std::vector<store::Param> params;
    std::string sql = record_select(params, viewer) + "r.id = ? AND ";
    params.emplace_back(record_id);
    sql += policy::append(params, policy::visible_records(viewer, "r"));
    auto rows = c.query(sql, params);
    if (!rows->next()) return not_found("No such record.");
    Record r = read_record(*rows);
    rows.reset();
    if (!detail) return r;
    r.detail = true;
    r.following = c.query_int("SELECT 1 FROM record_follows WHERE record_id = ? AND person_id = ?",
                              {record_id, viewer.person_id}).has_value();
    if (viewer.is_admin() && r.restricted) {
      RecordAccessList list;
      auto access = c.query("SELECT principal_type, principal_id FROM record_access WHERE record_id = ? ORDER BY "
                            "principal_type, principal_id",
                            {record_id});
      while (access->next()) (access->text(0) == "person" ? list.people : list.units).push_back(access->int64(1));
      r.access = std::move(list);
    }
    auto changes = c.query(std::string("SELECT ") + kChangeColumns +
                               " FROM record_changes WHERE record_id = ? ORDER BY id DESC LIMIT 50",
                           {record_id});
    while (changes->next()) r.changes.push_back(read_change(*changes));
    changes.reset();
    std::vector<store::Param> problem_params{record_id};
    auto problems = c.query("SELECT p.id, p.title, p.status, p.space_id FROM problems p WHERE p.record_id = ? AND " +
                                policy::append(problem_params, policy::space_content(viewer, "p.space_id")) +
                                " ORDER BY p.id DESC LIMIT 50",
                            problem_params);
    while (problems->next()) {
      r.problems.push_back({problems->int64(0), problems->text(1), problems->text(2), problems->int64(3)});
    }
    problems.reset();
    r.suggested_experts = record_helpers(c, viewer, record_id);
    r.suggestions_basis = "followers_and_owner_unit";
    return r;
  });
  if (!found || !detail) return found;
  cursor::PageRequest first;
  first.limit = 20;
  WEFT_ASSIGN_OR_RETURN(auto conversation, record_feed(store, viewer, record_id, first));
  found->conversation = std::move(conversation.items);
  found->conversation_cursor = std::move(conversation.next_cursor);
  return found;
}

Result<cursor::Page<Record>> records(store::Store& store, const Viewer& viewer, const RecordFilter& filter,
                                     const cursor::PageRequest& page) {
  return store::read(store, [&](store::Connection& c) -> Result<cursor::Page<Record>> {
    std::vector<store::Param> params;
    std::string sql = record_select(params, viewer) + "r.id < ?";
    params.emplace_back(before_id(page));
    if (!filter.system.empty()) {
      sql += " AND r.system = ?";
      params.emplace_back(filter.system);
    }
    if (!filter.type.empty()) {
      sql += " AND r.type = ?";
      params.emplace_back(filter.type);
    }
    if (!filter.external_id.empty()) {
      sql += " AND r.external_id = ?";
      params.emplace_back(filter.external_id);
    }
    if (filter.followed) {
      sql += " AND EXISTS (SELECT 1 FROM record_follows f WHERE f.record_id = r.id AND f.person_id = ?)";
      params.emplace_back(viewer.person_id);
    }
    sql += " AND " + policy::append(params, policy::visible_records(viewer, "r")) + " ORDER BY r.id DESC LIMIT ?";
    params.emplace_back(page.limit + 1);
    std::vector<Record> items;
    auto rows = c.query(sql, params);
    while (rows->next()) items.push_back(read_record(*rows));
    return paged(std::move(items), page.limit);
  });
}

Result<cursor::Page<RecordChange>> record_changes(store::Store& store, const Viewer& viewer, int64_t record_id,
                                                  const cursor::PageRequest& page) {
  return store::read(store, [&](store::Connection& c) -> Result<cursor::Page<RecordChange>> {
    WEFT_TRY_VOID(policy::require_record(c, viewer, record_id));
    std::vector<RecordChange> items;
    auto rows = c.query(std::string("SELECT ") + kChangeColumns +
                            " FROM record_changes WHERE record_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
                        {record_id, before_id(page), page.limit + 1});
    while (rows->next()) items.push_back(read_change(*rows));
    return paged(std::move(items), page.limit);
  });
}

Result<std::vector<RecordTypeEntry>> record_types(store::Store& store, const Viewer& viewer) {
  if (!viewer.is_admin()) return forbidden("Only admins may see which records are accepted.");
  return store::read(store, [&](store::Connection& c) -> Result<std::vector<RecordTypeEntry>> {
    std::vector<RecordTypeEntry> out;
    auto rows = c.query("SELECT system, type, created_at FROM record_types ORDER BY system, type");
    while (rows->next()) out.push_back({rows->text(0), rows->text(1), rows->int64(2)});
    return out;
  });
}

}  // namespace weft::queries
