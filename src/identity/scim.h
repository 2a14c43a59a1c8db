// SCIM 2.0 (RFC 7643 resources, RFC 7644 protocol) without the store: users and groups as the
// identity provider sends them, PATCH operations applied to them, and filters compiled to SQL.
// What common identity providers send is accepted: Entra ID's capitalized "Replace" and string
// booleans ("False"), Okta's PATCH without a path, the enterprise extension's department.
#pragma once

#include <boost/json/fwd.hpp>

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/store.h"

namespace weft::identity {

inline constexpr const char* kUserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
inline constexpr const char* kEnterpriseSchema = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
inline constexpr const char* kGroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";
inline constexpr const char* kPatchSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
inline constexpr const char* kListSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
inline constexpr const char* kErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error";

struct ScimUser {
  int64_t id = 0;
  std::string user_name;  // the sign-in name: Weft's e-mail unless a work e-mail is given
  std::optional<std::string> external_id;
  std::string display_name, given_name, family_name, formatted;
  std::string title;
  std::optional<std::string> email;       // the primary (or work, or first) e-mail
  std::optional<std::string> department;  // the unit, by name
  bool active = true;
  int64_t created = 0, updated = 0;

  // What Weft keeps: the e-mail (a work e-mail, else the userName) and a name.
  std::string weft_email() const { return email.value_or(user_name); }
  std::string weft_name() const;
};

struct ScimMember {
  int64_t id = 0;
  std::string display;
};
struct ScimGroup {
  int64_t id = 0;
  std::string display_name;
  std::optional<std::string> external_id;
  std::vector<ScimMember> members;
  int64_t created = 0, updated = 0;
};

// invalid_argument (field "schemas", "userName", …) for a body that is not a SCIM user: unknown
// schemas, a missing userName, wrong types.
Result<ScimUser> user_from_json(const boost::json::object& body);
boost::json::object user_json(const ScimUser& user, const std::string& base_url);
Result<ScimGroup> group_from_json(const boost::json::object& body);
boost::json::object group_json(const ScimGroup& group, const std::string& base_url);

// RFC 7644 §3.5.2 on a user: add, replace and remove on its attributes. invalid_argument (field
// "Operations") for operations, paths or values it cannot apply; the user is unchanged then.
Result<ScimUser> patch_user(const ScimUser& user, const boost::json::object& patch);
// On a group: displayName, externalId and members (add, remove by value or by a filter
// `members[value eq "12"]`, replace). Member ids that are not numbers are refused.
Result<ScimGroup> patch_group(const ScimGroup& group, const boost::json::object& patch);

// A filter (RFC 7644 §3.4.2.2: eq ne co sw ew pr gt ge lt le, and, or, not, parentheses) as an
// SQL condition over the people row `p` or the scim_groups row `g`, its parameters appended in
// order. invalid_argument (field "filter") for what it cannot read or an attribute it does not
// know. Strings compare without case, as SCIM's caseExact=false attributes do.
enum class FilterTarget { kUsers, kGroups };
Result<std::string> filter_sql(std::string_view filter, FilterTarget target, std::vector<store::Param>& params);

// A string or a boolean, as identity providers send booleans ("True", "false", true).
std::optional<bool> boolean_of(const boost::json::value& value);

}  // namespace weft::identity
