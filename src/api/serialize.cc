#include "api/serialize.h"

#include "core/clock.h"
#include "core/json.h"

namespace weft::api {

boost::json::value id_value(std::optional<int64_t> id) {
  if (!id) return nullptr;
  return boost::json::string(std::to_string(*id));
}

boost::json::object person_json(const Person& person, bool with_counts) {
  boost::json::object out;
  out["id"] = std::to_string(person.id);
  out["handle"] = person.handle;
  out["name"] = person.name;
  out["email"] = person.email;
  out["title"] = person.title;
  out["unit_id"] = id_value(person.unit_id);
  out["role"] = role_name(person.role);
  boost::json::array skills;
  for (const auto& skill : person.skills) {
    skills.push_back(boost::json::object{{"name", skill.name},
                                         {"endorsements", skill.endorsements},
                                         {"endorsed_by_me", skill.endorsed_by_me}});
  }
  out["skills"] = std::move(skills);
  out["bio"] = person.bio;
  out["created_at"] = clock::rfc3339(person.created_at);
  if (with_counts) {
    out["followers_count"] = person.followers_count;
    out["following_count"] = person.following_count;
    out["followed_by_me"] = person.followed_by_me;
  }
  return out;
}

boost::json::object unit_json(const Unit& unit) {
  return {{"id", std::to_string(unit.id)},
          {"name", unit.name},
          {"parent_id", id_value(unit.parent_id)},
          {"people_count", unit.people_count},
          {"created_at", clock::rfc3339(unit.created_at)}};
}

http::Response list_response(boost::json::array items, const std::optional<std::string>& next_cursor) {
  boost::json::object body;
  body["items"] = std::move(items);
  body["next_cursor"] = next_cursor ? boost::json::value(*next_cursor) : boost::json::value(nullptr);
  return http::Response::json(200, json::to_text(body));
}

http::Response json_response(int status, const boost::json::value& value) {
  return http::Response::json(status, json::to_text(value));
}

}  // namespace weft::api
