#include "policy/spaces.h"

namespace weft::policy {

SpaceAccess space_access(store::Connection& c, const Viewer& viewer, int64_t space_id) {
  SpaceAccess access;
  auto visibility = c.query_text("SELECT visibility FROM spaces WHERE id = ?", {space_id});
  if (!visibility) return access;
  access.visibility = *visibility;
  access.role = c.query_text("SELECT role FROM space_members WHERE space_id = ? AND person_id = ?",
                             {space_id, viewer.person_id});
  if (access.role) {
    access.visible = access.content = true;
  } else if (!viewer.is_guest()) {
    access.visible = *visibility != "secret";
    access.content = *visibility == "public";
  }
  return access;
}

Result<SpaceAccess> require_content(store::Connection& c, const Viewer& viewer, int64_t space_id) {
  auto access = space_access(c, viewer, space_id);
  if (!access.visible) return not_found("No such space.");
  if (!access.content) return forbidden("This space's content is for its members.");
  return access;
}

Result<SpaceAccess> require_member(store::Connection& c, const Viewer& viewer, int64_t space_id) {
  WEFT_ASSIGN_OR_RETURN(auto access, require_content(c, viewer, space_id));
  if (!access.member()) return forbidden("Join the space first.");
  return access;
}

SqlCondition visible_spaces(const Viewer& viewer, const std::string& s) {
  return {"(EXISTS (SELECT 1 FROM space_members vsm WHERE vsm.space_id = " + s +
              ".id AND vsm.person_id = ?) OR (? AND " + s + ".visibility <> 'secret'))",
          {viewer.person_id, !viewer.is_guest()}};
}

SqlCondition space_content(const Viewer& viewer, const std::string& column) {
  return {"(EXISTS (SELECT 1 FROM space_members csm WHERE csm.space_id = " + column +
              " AND csm.person_id = ?) OR (? AND EXISTS (SELECT 1 FROM spaces cs WHERE cs.id = " +
              column + " AND cs.visibility = 'public')))",
          {viewer.person_id, !viewer.is_guest()}};
}

}  // namespace weft::policy
