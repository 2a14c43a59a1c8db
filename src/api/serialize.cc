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

boost::json::object summary_json(const PersonSummary& person) {
  return {{"id", std::to_string(person.id)},
          {"handle", person.handle},
          {"name", person.name},
          {"title", person.title},
          {"unit_id", id_value(person.unit_id)}};
}

boost::json::object post_json(const Post& post) {
  boost::json::object out;
  out["id"] = std::to_string(post.id);
  out["author"] = summary_json(post.author);
  out["body"] = post.body;
  out["audience"] = post.audience;
  out["space_id"] = id_value(post.space_id);
  out["record_id"] = id_value(post.record_id);
  out["reply_to"] = id_value(post.reply_to);
  out["root_id"] = std::to_string(post.root_id);
  out["reshare_of"] = id_value(post.reshare_of);
  out["reshared"] = post.reshared ? boost::json::value(post_json(*post.reshared)) : boost::json::value(nullptr);
  boost::json::array topics;
  for (const auto& topic : post.topics) topics.push_back(boost::json::string(topic));
  out["topics"] = std::move(topics);
  boost::json::array mentions;
  for (int64_t id : post.mentions) mentions.push_back(boost::json::string(std::to_string(id)));
  out["mentions"] = std::move(mentions);
  boost::json::object reactions;
  for (std::size_t k = 0; k < kReactionKinds.size(); ++k) reactions[kReactionKinds[k]] = post.reactions[k];
  out["reactions"] = std::move(reactions);
  boost::json::array mine;
  for (const auto& kind : post.my_reactions) mine.push_back(boost::json::string(kind));
  out["my_reactions"] = std::move(mine);
  out["reply_count"] = post.reply_count;
  out["reshare_count"] = post.reshare_count;
  out["created_at"] = clock::rfc3339(post.created_at);
  out["edited_at"] = post.edited_at ? boost::json::value(clock::rfc3339(*post.edited_at)) : boost::json::value(nullptr);
  out["can_edit"] = post.can_edit;
  return out;
}

boost::json::object notification_json(const Notification& n) {
  return {{"id", std::to_string(n.id)},
          {"kind", n.kind},
          {"actor", summary_json(n.actor)},
          {"subject_type", n.subject_type},
          {"subject_id", std::to_string(n.subject_id)},
          {"post_id", id_value(n.post_id)},
          {"created_at", clock::rfc3339(n.created_at)},
          {"read", n.read}};
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
