// Spaces: one, the directory (with search), members and join requests.
#include "queries/work.h"

#include "search/search.h"
#include "policy/spaces.h"
#include "queries/work_rows.h"

namespace weft::queries {
using namespace detail;
namespace {

constexpr const char* kSpaceColumns =
    "s.id, s.name, s.purpose, s.kind, s.visibility, s.member_count, s.created_at, "
    "(SELECT role FROM space_members m WHERE m.space_id = s.id AND m.person_id = ?), "
    "EXISTS (SELECT 1 FROM join_requests j WHERE j.space_id = s.id AND j.person_id = ?)";

Space read_space(store::Rows& rows) {
  Space s;
  s.id = rows.int64(0);
  s.name = rows.text(1);
  s.purpose = rows.text(2);
  s.kind = rows.text(3);
  s.visibility = rows.text(4);
  s.member_count = rows.int64(5);
  s.created_at = rows.int64(6);
  if (!rows.is_null(7)) s.my_role = rows.text(7);
  s.join_requested = rows.int64(8) != 0;
  return s;
}

}  // namespace

Result<Space> space(store::Store& store, const Viewer& viewer, int64_t space_id) {
  return store::read(store, [&](store::Connection& c) -> Result<Space> {
    std::vector<store::Param> params{viewer.person_id, viewer.person_id, space_id};
    std::string sql = std::string("SELECT ") + kSpaceColumns + " FROM spaces s WHERE s.id = ? AND " +
                      policy::append(params, policy::visible_spaces(viewer));
    auto rows = c.query(sql, params);
    if (!rows->next()) return not_found("No such space.");
    return read_space(*rows);
  });
}

Result<cursor::Page<Space>> spaces(store::Store& store, const Viewer& viewer, bool mine,
                                   const std::string& q, const cursor::PageRequest& page) {
  return store::read(store, [&](store::Connection& c) -> Result<cursor::Page<Space>> {
    std::vector<store::Param> params{viewer.person_id, viewer.person_id, before_id(page)};
    std::string sql = std::string("SELECT ") + kSpaceColumns + " FROM spaces s WHERE s.id < ? AND " +
                      policy::append(params, policy::visible_spaces(viewer));
    if (mine) {
      sql += " AND EXISTS (SELECT 1 FROM space_members mm WHERE mm.space_id = s.id AND mm.person_id = ?)";
      params.emplace_back(viewer.person_id);
    }
    if (!q.empty()) {
      const auto& index = search::index_for(c);
      if (!index.matchable(q)) return cursor::Page<Space>{};
      sql += " AND " + index.spaces_matching(params, q, "s.id");
    }
    sql += " ORDER BY s.id DESC LIMIT ?";
    params.emplace_back(page.limit + 1);
    std::vector<Space> items;
    auto rows = c.query(sql, params);
    while (rows->next()) items.push_back(read_space(*rows));
    return paged(std::move(items), page.limit);
  });
}

Result<cursor::Page<SpaceMember>> space_members(store::Store& store, const Viewer& viewer,
                                                int64_t space_id, const cursor::PageRequest& page) {
  return store::read(store, [&](store::Connection& c) -> Result<cursor::Page<SpaceMember>> {
    WEFT_TRY_VOID(policy::require_content(c, viewer, space_id));
    // Ordered by person id; cursor key: person id.
    int64_t after = page.number(0, 0);
    auto rows = c.query(
        std::string("SELECT ") + kAuthor + ", m.role, m.created_at FROM space_members m JOIN people a ON "
        "a.id = m.person_id WHERE m.space_id = ? AND m.person_id > ? ORDER BY m.person_id LIMIT ?",
        {space_id, after, page.limit + 1});
    cursor::Page<SpaceMember> result;
    while (rows->next()) {
      if (static_cast<int>(result.items.size()) == page.limit && !result.items.empty()) {
        result.next_cursor = cursor::encode({std::to_string(result.items.back().person.id)});
        break;
      }
      result.items.push_back({summary_at(*rows, 0), rows->text(6), rows->int64(7)});
    }
    return result;
  });
}

Result<std::vector<SpaceMember>> join_requests(store::Store& store, const Viewer& viewer, int64_t space_id) {
  return store::read(store, [&](store::Connection& c) -> Result<std::vector<SpaceMember>> {
    auto access = policy::space_access(c, viewer, space_id);
    if (!access.visible) return not_found("No such space.");
    if (!access.owner()) return forbidden("Only the space's owners see join requests.");
    auto rows = c.query(std::string("SELECT ") + kAuthor +
                            ", j.created_at FROM join_requests j JOIN people a ON a.id = j.person_id "
                            "WHERE j.space_id = ? ORDER BY j.created_at LIMIT 500",
                        {space_id});
    std::vector<SpaceMember> out;
    while (rows->next()) out.push_back({summary_at(*rows, 0), "requested", rows->int64(6)});
    return out;
  });
}

}  // namespace weft::queries
