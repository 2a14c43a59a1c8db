#include "policy/posts.h"

namespace weft::policy {

SqlCondition visible_posts(const Viewer& viewer, const std::string& alias) {
  const std::string& p = alias;
  const bool not_guest = !viewer.is_guest();
  SqlCondition condition;
  // Space posts: the space's members, and the organization for a public space; a thread's root
  // author keeps no right of their own there once they leave. Guests see nothing else.
  condition.sql =
      "(" + p + ".deleted_at IS NULL AND ("
      "(" + p + ".audience = 'space' AND (EXISTS (SELECT 1 FROM space_members vm WHERE "
      "vm.space_id = " + p + ".space_id AND vm.person_id = ?) OR (? AND EXISTS (SELECT 1 FROM "
      "spaces vs WHERE vs.id = " + p + ".space_id AND vs.visibility = 'public'))))"
      " OR (? AND " + p + ".audience <> 'space' AND (" + p + ".root_author_id = ?"
      " OR " + p + ".audience = 'public'"
      " OR (" + p + ".audience = 'unit' AND " + p + ".unit_id = ?)"
      " OR (" + p + ".audience = 'followers' AND EXISTS (SELECT 1 FROM follows vf WHERE "
      "vf.follower_id = ? AND vf.followee_id = " + p + ".root_author_id))"
      " OR ?))))";
  condition.params = {viewer.person_id, not_guest, not_guest, viewer.person_id, viewer.unit_id,
                      viewer.person_id, viewer.is_admin()};
  return condition;
}

bool can_post_with_audience(const Viewer& viewer, const std::string& audience) {
  return !viewer.is_guest() || audience == "space";
}

bool can_edit_post(const Viewer& viewer, int64_t author_id) {
  return viewer.person_id == author_id || viewer.is_admin();
}

std::string append(std::vector<store::Param>& params, const SqlCondition& condition) {
  params.insert(params.end(), condition.params.begin(), condition.params.end());
  return condition.sql;
}

}  // namespace weft::policy
