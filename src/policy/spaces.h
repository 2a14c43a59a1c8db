// Who may see a space and its content (docs/design/collaboration.md, "Who sees a space").
// Members (any space role) see everything; organization members and admins outside the space
// see a public space's content, a private space's name and purpose only, and no trace of a
// secret space; guests see only their own spaces. Admins have no extra access.
#pragma once

#include <optional>
#include <string>

#include "core/error.h"
#include "model/person.h"
#include "policy/posts.h"
#include "store/store.h"

namespace weft::policy {

struct SpaceAccess {
  bool visible = false;  // the space itself (name, purpose): false means 404
  bool content = false;  // its posts, problems, ideas, proposals, members: false means 403
  std::optional<std::string> role;  // owner, member, guest when a member
  std::string visibility;
  bool owner() const { return role && *role == "owner"; }
  bool member() const { return role.has_value(); }
};

SpaceAccess space_access(store::Connection& c, const Viewer& viewer, int64_t space_id);

// not_found unless visible; permission_denied unless the content is visible.
Result<SpaceAccess> require_content(store::Connection& c, const Viewer& viewer, int64_t space_id);
// As require_content, and the viewer must be a member (to contribute); permission_denied otherwise.
Result<SpaceAccess> require_member(store::Connection& c, const Viewer& viewer, int64_t space_id);

// Spaces visible to the viewer, over the spaces row aliased `alias`.
SqlCondition visible_spaces(const Viewer& viewer, const std::string& alias = "s");
// Rows whose space content the viewer may see; `space_column` names the row's space id column.
SqlCondition space_content(const Viewer& viewer, const std::string& space_column);

}  // namespace weft::policy
