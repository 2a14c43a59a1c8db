// Plain data about people, units and skills, as queries return them and api/ serializes them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace weft {

enum class Role { kAdmin, kMember, kGuest };
const char* role_name(Role role);
std::optional<Role> parse_role(std::string_view text);

struct SkillEntry {
  std::string name;
  int64_t endorsements = 0;
  bool endorsed_by_me = false;
};

struct Person {
  int64_t id = 0;
  std::string handle;
  std::string name;
  std::string email;
  std::string title;
  std::string bio;
  std::optional<int64_t> unit_id;
  Role role = Role::kMember;
  int64_t created_at = 0;
  int64_t followers_count = 0;
  int64_t following_count = 0;
  std::vector<SkillEntry> skills;
  bool followed_by_me = false;
  bool active = true;  // false once an admin deactivated the person
  std::optional<int64_t> unavailable_until;  // away (left out of suggestions) until then
  std::optional<int64_t> avatar_version;     // set when they have a photo (its upload time)
};

struct Unit {
  int64_t id = 0;
  std::string name;
  std::optional<int64_t> parent_id;
  int64_t people_count = 0;
  int64_t created_at = 0;
};

struct SkillCount {
  std::string name;
  int64_t people_count = 0;
};

// Who is asking: every query and action takes one.
struct Viewer {
  int64_t person_id = 0;
  Role role = Role::kMember;
  std::optional<int64_t> unit_id;
  bool is_admin() const { return role == Role::kAdmin; }
  bool is_guest() const { return role == Role::kGuest; }
};

}  // namespace weft
