// Actions on people: creating accounts, editing profiles, skills, endorsements and follows.
// Each validates its input, checks policy, and writes in one transaction with its event.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "model/person.h"
#include "store/store.h"

namespace weft::actions {

struct NewPerson {
  std::string name;
  std::string email;
  std::string password;
  std::optional<int64_t> unit_id;
  Role role = Role::kMember;
  std::string title;
  std::string bio;
  std::optional<std::string> handle;  // derived from the e-mail when absent
  std::vector<std::string> skills;
};

struct ProfileChange {
  std::optional<std::string> name;
  std::optional<std::string> title;
  std::optional<std::string> bio;
  std::optional<std::vector<std::string>> skills;
};

struct AdminChange {
  std::optional<std::string> name;
  std::optional<std::string> title;
  std::optional<std::string> bio;
  std::optional<std::string> handle;
  std::optional<Role> role;
  std::optional<std::string> password;  // an admin resets it; sessions, tokens and streams end
  std::optional<bool> active;           // false deactivates: sessions, tokens and streams end
  bool set_unit = false;
  std::optional<int64_t> unit_id;
};

// `actor` is the admin creating the person, or nullopt for the system (first admin, demo, CLI).
Result<int64_t> create_person(store::Store& store, std::optional<Viewer> actor, NewPerson person);
// Same, inside a transaction the caller already holds, with a precomputed password hash.
Result<int64_t> insert_person(store::Connection& c, std::optional<int64_t> actor_id,
                              const NewPerson& person, const std::string& password_hash);

Result<void> update_profile(store::Store& store, const Viewer& viewer, const ProfileChange& change);
Result<void> update_person(store::Store& store, const Viewer& viewer, int64_t person_id,
                           const AdminChange& change);

// Answers true when the endorsement is new.
Result<bool> endorse(store::Store& store, const Viewer& viewer, int64_t person_id,
                     const std::string& skill);
Result<void> withdraw_endorsement(store::Store& store, const Viewer& viewer, int64_t person_id,
                                  const std::string& skill);

Result<void> follow(store::Store& store, const Viewer& viewer, int64_t person_id);
Result<void> unfollow(store::Store& store, const Viewer& viewer, int64_t person_id);
// Adds a follow inside the caller's transaction; answers false when it already existed.
bool insert_follow(store::Connection& c, int64_t follower_id, int64_t followee_id);

// Validation shared with the API layer and the command line.
Result<std::string> normalize_email(const std::string& email);
bool valid_handle(const std::string& handle);
Result<std::vector<std::string>> normalize_skills(const std::vector<std::string>& skills);

}  // namespace weft::actions
