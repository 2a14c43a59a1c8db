#include "queries/people.h"

#include "search/search.h"

#include <algorithm>
#include <unordered_map>

#include "core/clock.h"
#include "policy/people.h"

namespace weft::queries {
namespace {

constexpr const char* kPersonColumns =
    "p.id, p.handle, p.name, p.email, p.title, p.bio, p.unit_id, p.role, p.created_at, "
    "p.followers_count, p.following_count, p.deactivated_at IS NULL, p.unavailable_until, p.avatar_version";

Person read_person(store::Rows& rows) {
  Person person;
  person.id = rows.int64(0);
  person.handle = rows.text(1);
  person.name = rows.text(2);
  person.email = rows.text(3);
  person.title = rows.text(4);
  person.bio = rows.text(5);
  person.unit_id = rows.optional_int64(6);
  person.role = parse_role(rows.text(7)).value_or(Role::kMember);
  person.created_at = rows.int64(8);
  person.followers_count = rows.int64(9);
  person.following_count = rows.int64(10);
  person.active = rows.int64(11) != 0;
  // Away until then: shown while it lies ahead.
  if (auto until = rows.optional_int64(12); until && *until > clock::now_seconds()) person.unavailable_until = until;
  person.avatar_version = rows.optional_int64(13);
  return person;
}

// Fills `skills` for every person in one query.
void load_skills(store::Connection& c, const Viewer& viewer, std::vector<Person>& people) {
  if (people.empty()) return;
  std::vector<int64_t> ids;
  std::unordered_map<int64_t, Person*> by_id;
  for (auto& person : people) {
    ids.push_back(person.id);
    by_id[person.id] = &person;
  }
  auto rows = c.query(
      "SELECT ps.person_id, s.name, ps.endorsements, EXISTS (SELECT 1 FROM endorsements e WHERE "
      "e.person_id = ps.person_id AND e.skill_id = ps.skill_id AND e.endorser_id = ?) "
      "FROM person_skills ps JOIN skills s ON s.id = ps.skill_id "
      "WHERE ps.person_id IN (" + c.ids_sql() + ") ORDER BY ps.person_id, ps.position",
      {viewer.person_id, store::Param::ids(ids)});
  while (rows->next()) {
    by_id[rows->int64(0)]->skills.push_back({rows->text(1), rows->int64(2), rows->int64(3) != 0});
  }
}

}  // namespace

Result<Person> person(store::Store& store, const Viewer& viewer, int64_t person_id) {
  return store::read(store, [&](store::Connection& c) -> Result<Person> {
    std::vector<store::Param> params{viewer.person_id, person_id};
    std::string sql = std::string("SELECT ") + kPersonColumns +
                      ", EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = ? AND f.followee_id "
                      "= p.id) FROM people p WHERE p.id = ? AND " +
                      policy::append(params, policy::visible_people(viewer));
    auto rows = c.query(sql, params);
    if (!rows->next()) return not_found("No such person.");
    std::vector<Person> one{read_person(*rows)};
    one[0].followed_by_me = rows->int64(14) != 0;
    rows.reset();
    load_skills(c, viewer, one);
    return std::move(one[0]);
  });
}

Result<cursor::Page<Person>> people(store::Store& store, const Viewer& viewer,
                                    const PeopleFilter& filter, const cursor::PageRequest& page) {
  return store::read(store, [&](store::Connection& c) -> Result<cursor::Page<Person>> {
    std::vector<store::Param> params;
    std::string sql = std::string("SELECT ") + kPersonColumns + " FROM people p WHERE " +
                      policy::append(params, policy::visible_people(viewer));
    // Params keep string_views: hold the strings here for the duration of the query.
    std::string after_name;
    int64_t after_id = 0;
    if (!filter.q.empty()) {
      const auto& index = search::index_for(c);
      if (!index.matchable(filter.q)) return cursor::Page<Person>{};
      sql += " AND " + index.people_matching(params, filter.q, "p.id");
    }
    if (filter.unit_id) {
      sql += " AND p.unit_id = ?";
      params.emplace_back(*filter.unit_id);
    }
    if (!filter.skill.empty()) {
      sql +=
          " AND p.id IN (SELECT ps.person_id FROM person_skills ps JOIN skills s ON s.id = "
          "ps.skill_id WHERE lower(s.name) = lower(?))";
      params.emplace_back(filter.skill);
    }
    if (!page.after.empty()) {
      after_name = page.after[0];
      after_id = page.number(1, 0);
      sql += " AND (p.name, p.id) > (?, ?)";
      params.emplace_back(after_name);
      params.emplace_back(after_id);
    }
    const int limit = std::max(1, page.limit);
    sql += " ORDER BY p.name, p.id LIMIT ?";
    params.emplace_back(limit + 1);

    cursor::Page<Person> result;
    {
      auto rows = c.query(sql, params);
      while (rows->next()) result.items.push_back(read_person(*rows));
    }
    if (static_cast<int>(result.items.size()) > limit) {
      result.items.resize(limit);
      const Person& last = result.items.back();
      result.next_cursor = cursor::encode({last.name, std::to_string(last.id)});
    }
    load_skills(c, viewer, result.items);
    return result;
  });
}

Result<cursor::Page<Person>> follows(store::Store& store, const Viewer& viewer, int64_t person_id,
                                     FollowDirection direction, const cursor::PageRequest& page) {
  return store::read(store, [&](store::Connection& c) -> Result<cursor::Page<Person>> {
    // The listed person must be visible first; then only visible people are listed.
    if (!policy::can_see_person(c, viewer, person_id)) return not_found("No such person.");
    const bool followers = direction == FollowDirection::kFollowers;
    int64_t before = page.number(0, INT64_MAX);
    std::vector<store::Param> params{person_id, before};
    std::string sql = std::string("SELECT ") + kPersonColumns + ", f.id FROM follows f JOIN people p ON p.id = " +
                      (followers ? "f.follower_id WHERE f.followee_id = ?" : "f.followee_id WHERE f.follower_id = ?") +
                      " AND f.id < ? AND " + policy::append(params, policy::visible_people(viewer)) +
                      " ORDER BY f.id DESC LIMIT ?";
    params.emplace_back(page.limit + 1);
    cursor::Page<Person> result;
    int64_t last_follow_id = 0;
    {
      auto rows = c.query(sql, params);
      while (rows->next()) {
        if (static_cast<int>(result.items.size()) == page.limit) {
          result.next_cursor = cursor::encode({std::to_string(last_follow_id)});
          break;
        }
        result.items.push_back(read_person(*rows));
        last_follow_id = rows->int64(14);
      }
    }
    load_skills(c, viewer, result.items);
    return result;
  });
}

Result<std::vector<Unit>> units(store::Store& store, const Viewer& viewer) {
  return store::read(store, [&](store::Connection& c) -> Result<std::vector<Unit>> {
    std::vector<Unit> out;
    if (viewer.is_guest()) return out;  // guests see spaces and their people, not the org chart
    auto rows = c.query(
        "SELECT u.id, u.name, u.parent_id, u.created_at, (SELECT COUNT(*) FROM people p WHERE "
        "p.unit_id = u.id AND (? OR p.role <> 'guest')) FROM units u ORDER BY u.name, u.id",
        {viewer.is_admin()});
    while (rows->next()) {
      out.push_back({rows->int64(0), rows->text(1), rows->optional_int64(2), rows->int64(4),
                     rows->int64(3)});
    }
    return out;
  });
}

Result<Unit> unit(store::Store& store, const Viewer& viewer, int64_t unit_id) {
  if (viewer.is_guest()) return not_found("No such unit.");
  return store::read(store, [&](store::Connection& c) -> Result<Unit> {
    auto rows = c.query(
        "SELECT u.id, u.name, u.parent_id, u.created_at, (SELECT COUNT(*) FROM people p WHERE "
        "p.unit_id = u.id AND (? OR p.role <> 'guest')) FROM units u WHERE u.id = ?",
        {viewer.is_admin(), unit_id});
    if (!rows->next()) return not_found("No such unit.");
    return Unit{rows->int64(0), rows->text(1), rows->optional_int64(2), rows->int64(4),
                rows->int64(3)};
  });
}

Result<std::vector<SkillCount>> skills(store::Store& store, const Viewer& viewer,
                                       const std::string& prefix, int limit) {
  return store::read(store, [&](store::Connection& c) -> Result<std::vector<SkillCount>> {
    std::vector<SkillCount> out;
    if (viewer.is_guest()) return out;
    std::string pattern;
    for (char ch : prefix) {
      if (ch == '%' || ch == '_' || ch == '\\') pattern += '\\';
      pattern += ch;
    }
    pattern += '%';
    auto rows = c.query(
        "SELECT name, people_count FROM skills WHERE people_count > 0 AND lower(name) LIKE lower(?) ESCAPE '\\' "
        "ORDER BY people_count DESC, name LIMIT ?",
        {pattern, limit});
    while (rows->next()) out.push_back({rows->text(0), rows->int64(1)});
    return out;
  });
}

}  // namespace weft::queries
