#include "model/person.h"

namespace weft {

const char* role_name(Role role) {
  switch (role) {
    case Role::kAdmin: return "admin";
    case Role::kMember: return "member";
    case Role::kGuest: return "guest";
  }
  return "member";
}

std::optional<Role> parse_role(std::string_view text) {
  if (text == "admin") return Role::kAdmin;
  if (text == "member") return Role::kMember;
  if (text == "guest") return Role::kGuest;
  return std::nullopt;
}

}  // namespace weft
