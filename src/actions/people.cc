#include "actions/people.h"

#include "actions/accounts.h"
#include "actions/spaces.h"

#include <algorithm>
#include <regex>
#include <set>

#include "core/clock.h"
#include "core/limits.h"
#include "core/crypto.h"
#include "core/json.h"
#include "events/event_log.h"
#include "policy/people.h"

namespace weft::actions {
namespace {

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::optional<Role> role_of(store::Connection& c, int64_t person_id) {
  auto role = c.query_text("SELECT role FROM people WHERE id = ?", {person_id});
  if (!role) return std::nullopt;
  return parse_role(*role);
}

// The person, when it exists and the viewer may see it; otherwise not_found.
Result<Role> visible_person(store::Connection& c, const Viewer& viewer, int64_t person_id) {
  auto role = role_of(c, person_id);
  if (!role || !policy::can_see_person(c, viewer, person_id)) return not_found("No such person.");
  return *role;
}

std::string handle_base(const std::string& email) {
  std::string local = lowercase(email.substr(0, email.find('@')));
  std::string out;
  for (char ch : local) {
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-') {
      out += ch;
    }
  }
  if (out.size() > 34) out.resize(34);
  while (out.size() < 2) out += 'x';
  return out;
}

std::string free_handle(store::Connection& c, const std::string& base) {
  if (!c.query_int("SELECT 1 FROM people WHERE handle = ?", {base})) return base;
  for (int n = 2;; ++n) {
    std::string candidate = base + std::to_string(n);
    if (!c.query_int("SELECT 1 FROM people WHERE handle = ?", {candidate})) return candidate;
  }
}

int64_t skill_id(store::Connection& c, const std::string& name) {
  if (auto id = c.query_int("SELECT id FROM skills WHERE lower(name) = lower(?)", {name})) return *id;
  return c.insert_returning_id("INSERT INTO skills (name) VALUES (?)", {name});
}

void replace_skills(store::Connection& c, int64_t person_id, const std::vector<std::string>& skills) {
  std::set<int64_t> keep;
  int position = 0;
  for (const auto& name : skills) {
    int64_t id = skill_id(c, name);
    keep.insert(id);
    if (c.execute("UPDATE person_skills SET position = ? WHERE person_id = ? AND skill_id = ?",
                  {position, person_id, id}) == 0) {
      c.execute("INSERT INTO person_skills (person_id, skill_id, position) VALUES (?, ?, ?)",
                {person_id, id, position});
      c.execute("UPDATE skills SET people_count = people_count + 1 WHERE id = ?", {id});
    }
    ++position;
  }
  std::vector<int64_t> dropped;
  {
    auto rows = c.query("SELECT skill_id FROM person_skills WHERE person_id = ?", {person_id});
    while (rows->next()) {
      if (!keep.contains(rows->int64(0))) dropped.push_back(rows->int64(0));
    }
  }
  for (int64_t id : dropped) {
    c.execute("DELETE FROM person_skills WHERE person_id = ? AND skill_id = ?", {person_id, id});
    c.execute("DELETE FROM endorsements WHERE person_id = ? AND skill_id = ?", {person_id, id});
    c.execute("UPDATE skills SET people_count = people_count - 1 WHERE id = ?", {id});
  }
}

Result<void> check_unit(store::Connection& c, std::optional<int64_t> unit_id) {
  if (unit_id && !c.query_int("SELECT 1 FROM units WHERE id = ?", {*unit_id})) {
    return invalid("unit_id", "unit_id names no unit.");
  }
  return {};
}

}  // namespace

Result<std::string> normalize_email(const std::string& email) {
  std::string out = lowercase(email);
  auto at = out.find('@');
  if (out.size() > 254 || at == std::string::npos || at == 0 || at + 1 >= out.size() ||
      out.find('@', at + 1) != std::string::npos ||
      out.find_first_of(" \t\r\n<>()[],;:\"\\") != std::string::npos) {
    return invalid("email", "email must be an address like name@example.org.");
  }
  return out;
}

bool valid_handle(const std::string& handle) {
  static const std::regex pattern("^[a-z0-9._-]{2,40}$");
  return std::regex_match(handle, pattern);
}

Result<std::vector<std::string>> normalize_skills(const std::vector<std::string>& skills) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& skill : skills) {
    if (skill.empty() || json::utf8_length(skill) > 60) {
      return invalid("skills", "each skill must be 1 to 60 characters.");
    }
    if (seen.insert(lowercase(skill)).second) out.push_back(skill);
  }
  if (out.size() > 50) return invalid("skills", "at most 50 skills.");
  return out;
}

Result<int64_t> insert_person(store::Connection& c, std::optional<int64_t> actor_id,
                              const NewPerson& person, const std::string& password_hash) {
  WEFT_ASSIGN_OR_RETURN(std::string email, normalize_email(person.email));
  if (c.query_int("SELECT 1 FROM people WHERE email = ?", {email})) {
    return fail(ErrorCode::kConflict, "That e-mail address is already taken.", "email");
  }
  std::string handle;
  if (person.handle) {
    handle = *person.handle;
    if (!valid_handle(handle)) {
      return invalid("handle", "handle must be 2 to 40 of a-z, 0-9, '.', '_' and '-'.");
    }
    if (c.query_int("SELECT 1 FROM people WHERE handle = ?", {handle})) {
      return fail(ErrorCode::kConflict, "That handle is already taken.", "handle");
    }
  } else {
    handle = free_handle(c, handle_base(email));
  }
  WEFT_TRY_VOID(check_unit(c, person.unit_id));
  WEFT_ASSIGN_OR_RETURN(auto skills, normalize_skills(person.skills));
  int64_t id = c.insert_returning_id(
      "INSERT INTO people (handle, email, name, title, bio, unit_id, role, password_hash, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {handle, email, person.name, person.title, person.bio, person.unit_id, role_name(person.role),
       password_hash, clock::now_seconds()});
  replace_skills(c, id, skills);
  events::append(c, {.actor_id = actor_id ? *actor_id : id,
                     .object_id = id,
                     .payload = events::PersonCreated{handle}});
  return id;
}

Result<int64_t> create_person(store::Store& store, std::optional<Viewer> actor, NewPerson person) {
  if (actor && !policy::can_manage_people(*actor)) {
    return forbidden("Only admins may create people.");
  }
  if (json::utf8_length(person.password) < limits::kPassword.min || person.password.size() > limits::kPassword.max) {
    return invalid("password", "password must be 8 to 1024 characters.");
  }
  WEFT_TRY_VOID(normalize_email(person.email));
  std::string hash = crypto::hash_password(person.password);
  return store::transact(store, [&](store::Connection& c) {
    return insert_person(c, actor ? std::optional(actor->person_id) : std::nullopt, person, hash);
  });
}

Result<void> update_profile(store::Store& store, const Viewer& viewer, const ProfileChange& change) {
  std::vector<std::string> skills;
  if (change.skills) {
    WEFT_ASSIGN_OR_RETURN(skills, normalize_skills(*change.skills));
  }
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    if (change.name) c.execute("UPDATE people SET name = ? WHERE id = ?", {*change.name, viewer.person_id});
    if (change.title) c.execute("UPDATE people SET title = ? WHERE id = ?", {*change.title, viewer.person_id});
    if (change.bio) c.execute("UPDATE people SET bio = ? WHERE id = ?", {*change.bio, viewer.person_id});
    if (change.skills) replace_skills(c, viewer.person_id, skills);
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = viewer.person_id,
                       .payload = events::PersonUpdated{}});
    return true;
  }));
}

Result<void> update_person(store::Store& store, const Viewer& viewer, int64_t person_id,
                           const AdminChange& change) {
  if (!policy::can_manage_people(viewer)) return forbidden("Only admins may change people.");
  if (change.handle && !valid_handle(*change.handle)) {
    return invalid("handle", "handle must be 2 to 40 of a-z, 0-9, '.', '_' and '-'.");
  }
  std::string password_hash;
  if (change.password) {
    if (json::utf8_length(*change.password) < limits::kPassword.min || change.password->size() > limits::kPassword.max) {
      return invalid("password", "password must be 8 to 1024 characters.");
    }
    password_hash = crypto::hash_password(*change.password);
  }
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    auto role = role_of(c, person_id);
    if (!role) return not_found("No such person.");
    if (change.set_unit) WEFT_TRY_VOID(check_unit(c, change.unit_id));
    if (change.handle &&
        c.query_int("SELECT 1 FROM people WHERE handle = ? AND id <> ?", {*change.handle, person_id})) {
      return fail(ErrorCode::kConflict, "That handle is already taken.", "handle");
    }
    const int64_t active_admins =
        c.query_int("SELECT COUNT(*) FROM people WHERE role = 'admin' AND deactivated_at IS NULL").value_or(0);
    if (change.role && *role == Role::kAdmin && *change.role != Role::kAdmin && active_admins <= 1) {
      return fail(ErrorCode::kConflict, "Weft needs at least one admin.", "role");
    }
    if (change.active == false) {
      if (person_id == viewer.person_id) return invalid("active", "You cannot deactivate yourself.");
      if (*role == Role::kAdmin && active_admins <= 1) {
        return fail(ErrorCode::kConflict, "Weft needs at least one active admin.", "active");
      }
    }
    // Outside the organization, a person is only ever a space's guest: a change to guest makes
    // them one in every space they are in, unless a space would be left with no owner who can act.
    const bool to_guest = change.role && *change.role == Role::kGuest && *role != Role::kGuest;
    if (to_guest) {
      auto sole = c.query_text(
          "SELECT s.name FROM space_members m JOIN spaces s ON s.id = m.space_id WHERE m.person_id = ? AND "
          "m.role = 'owner' AND NOT EXISTS (SELECT 1 FROM space_members o JOIN people op ON op.id = o.person_id WHERE "
          "o.space_id = m.space_id AND o.role = 'owner' AND o.person_id <> m.person_id AND op.deactivated_at IS NULL) "
          "ORDER BY s.id LIMIT 1",
          {person_id});
      if (sole) {
        return fail(ErrorCode::kConflict,
                    "They are the only owner of the space “" + *sole + "”; make someone else its owner first.", "role");
      }
    }
    if (change.name) c.execute("UPDATE people SET name = ? WHERE id = ?", {*change.name, person_id});
    if (change.title) c.execute("UPDATE people SET title = ? WHERE id = ?", {*change.title, person_id});
    if (change.bio) c.execute("UPDATE people SET bio = ? WHERE id = ?", {*change.bio, person_id});
    if (change.handle) c.execute("UPDATE people SET handle = ? WHERE id = ?", {*change.handle, person_id});
    if (change.role) c.execute("UPDATE people SET role = ? WHERE id = ?", {role_name(*change.role), person_id});
    if (to_guest) {
      std::vector<int64_t> spaces;
      auto rows = c.query("SELECT space_id FROM space_members WHERE person_id = ? AND role <> 'guest' ORDER BY space_id",
                          {person_id});
      while (rows->next()) spaces.push_back(rows->int64(0));
      rows.reset();
      for (int64_t space : spaces) insert_member(c, viewer.person_id, space, person_id, "guest", clock::now_seconds());
    }
    if (change.set_unit) c.execute("UPDATE people SET unit_id = ? WHERE id = ?", {change.unit_id, person_id});
    if (change.password) {
      c.execute("UPDATE people SET password_hash = ? WHERE id = ?", {password_hash, person_id});
    }
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = person_id,
                       .payload = events::PersonUpdated{change.role && *change.role != *role
                                                            ? std::string(role_name(*change.role))
                                                            : std::string()}});
    if (change.active) {
      const bool was_active =
          c.query_int("SELECT deactivated_at IS NULL FROM people WHERE id = ?", {person_id}).value_or(1) != 0;
      if (was_active != *change.active) {
        c.execute("UPDATE people SET deactivated_at = ? WHERE id = ?",
                  {*change.active ? store::Param(nullptr) : store::Param(clock::now_seconds()), person_id});
        events::append(c,
                       {.actor_id = viewer.person_id,
                        .object_id = person_id,
                        .payload = *change.active ? events::Payload(events::PersonReactivated{})
                                                  : events::Payload(events::PersonDeactivated{})});
      }
    }
    // A reset password or a deactivation cuts off every credential the person held.
    if (change.password || change.active == false) end_credentials(c, viewer.person_id, person_id);
    return true;
  }));
}

Result<bool> endorse(store::Store& store, const Viewer& viewer, int64_t person_id,
                     const std::string& skill) {
  return store::transact(store, [&](store::Connection& c) -> Result<bool> {
    WEFT_TRY_VOID(visible_person(c, viewer, person_id));
    if (!policy::can_endorse(viewer, person_id)) {
      return invalid("skill", "You cannot endorse your own skills.");
    }
    auto id = c.query_int(
        "SELECT ps.skill_id FROM person_skills ps JOIN skills s ON s.id = ps.skill_id WHERE "
        "ps.person_id = ? AND lower(s.name) = lower(?)",
        {person_id, skill});
    if (!id) return invalid("skill", "That person does not list this skill.");
    if (c.execute(
            "INSERT INTO endorsements (person_id, skill_id, endorser_id, created_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            {person_id, *id, viewer.person_id, clock::now_seconds()}) == 0) {
      return false;
    }
    c.execute("UPDATE person_skills SET endorsements = endorsements + 1 WHERE person_id = ? AND skill_id = ?",
              {person_id, *id});
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = person_id,
                       .payload = events::SkillEndorsed{skill}});
    return true;
  });
}

Result<void> withdraw_endorsement(store::Store& store, const Viewer& viewer, int64_t person_id,
                                  const std::string& skill) {
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    WEFT_TRY_VOID(visible_person(c, viewer, person_id));
    auto id = c.query_int("SELECT id FROM skills WHERE lower(name) = lower(?)", {skill});
    if (!id) return false;
    if (c.execute("DELETE FROM endorsements WHERE person_id = ? AND skill_id = ? AND endorser_id = ?",
                  {person_id, *id, viewer.person_id}) == 0) {
      return false;
    }
    c.execute("UPDATE person_skills SET endorsements = endorsements - 1 WHERE person_id = ? AND skill_id = ?",
              {person_id, *id});
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = person_id,
                       .payload = events::SkillEndorsementWithdrawn{skill}});
    return true;
  }));
}

bool insert_follow(store::Connection& c, int64_t follower_id, int64_t followee_id) {
  if (c.execute("INSERT INTO follows (follower_id, followee_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                {follower_id, followee_id, clock::now_seconds()}) == 0) {
    return false;
  }
  c.execute("UPDATE people SET following_count = following_count + 1 WHERE id = ?", {follower_id});
  c.execute("UPDATE people SET followers_count = followers_count + 1 WHERE id = ?", {followee_id});
  events::append(
      c, {.actor_id = follower_id, .object_id = followee_id, .payload = events::PersonFollowed{}});
  return true;
}

Result<void> follow(store::Store& store, const Viewer& viewer, int64_t person_id) {
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    WEFT_TRY_VOID(visible_person(c, viewer, person_id));
    if (!policy::can_follow(viewer, person_id)) return invalid("id", "You cannot follow yourself.");
    return insert_follow(c, viewer.person_id, person_id);
  }));
}

Result<void> unfollow(store::Store& store, const Viewer& viewer, int64_t person_id) {
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    WEFT_TRY_VOID(visible_person(c, viewer, person_id));
    if (!policy::can_follow(viewer, person_id)) return invalid("id", "You cannot follow yourself.");
    if (c.execute("DELETE FROM follows WHERE follower_id = ? AND followee_id = ?",
                  {viewer.person_id, person_id}) == 0) {
      return false;
    }
    c.execute("UPDATE people SET following_count = following_count - 1 WHERE id = ?", {viewer.person_id});
    c.execute("UPDATE people SET followers_count = followers_count - 1 WHERE id = ?", {person_id});
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = person_id,
                       .payload = events::PersonUnfollowed{}});
    return true;
  }));
}

}  // namespace weft::actions
