#include "policy/posts.h"

#include "policy/records.h"

namespace weft::policy {

namespace {
// The rule, once, over a posts row `p` and a reader given as SQL fragments: either bound
// parameters (one viewer) or the columns of a people row (every reader at once, for fan-out).
struct Reader {
  std::string id, not_guest, unit_id, admin;
};

std::string visible_sql(const std::string& p, const Reader& r, const std::string& record_gate) {
  // Space posts: the space's members, and the organization for a public space; a thread's root
  // author keeps no right of their own there once they leave. Guests see nothing else. A post on
  // a record also passes the record's gate (policy/records.h). A post a moderator hid is its
  // author's alone (marked hidden), last.
  return "(" + p + ".deleted_at IS NULL AND " + record_gate + " AND ("
         "(" + p + ".audience = 'space' AND (EXISTS (SELECT 1 FROM space_members vm WHERE "
         "vm.space_id = " + p + ".space_id AND vm.person_id = " + r.id + ") OR (" + r.not_guest +
         " AND EXISTS (SELECT 1 FROM spaces vs WHERE vs.id = " + p + ".space_id AND vs.visibility = 'public'))))"
         " OR (" + r.not_guest + " AND " + p + ".audience <> 'space' AND (" + p + ".root_author_id = " + r.id +
         " OR " + p + ".audience = 'public'"
         " OR (" + p + ".audience = 'unit' AND " + p + ".unit_id = " + r.unit_id + ")"
         " OR (" + p + ".audience = 'followers' AND EXISTS (SELECT 1 FROM follows vf WHERE "
         "vf.follower_id = " + r.id + " AND vf.followee_id = " + p + ".root_author_id))"
         " OR " + r.admin + "))) AND (" + p + ".hidden_at IS NULL OR " + p + ".author_id = " + r.id + "))";
}
}  // namespace

SqlCondition visible_posts(const Viewer& viewer, const std::string& alias) {
  SqlCondition condition;
  SqlCondition gate = record_gate(viewer, alias + ".record_id");
  condition.sql = visible_sql(alias, {"?", "?", "?", "?"}, gate.sql);
  // In the order the fragments appear in visible_sql: the gate first.
  const bool not_guest = !viewer.is_guest();
  condition.params = std::move(gate.params);
  condition.params.insert(condition.params.end(), {viewer.person_id, not_guest, not_guest, viewer.person_id,
                                                   viewer.unit_id, viewer.person_id, viewer.is_admin(),
                                                   viewer.person_id});
  return condition;
}

std::string visible_posts_to_people(const std::string& post_alias, const std::string& person_alias) {
  const std::string& v = person_alias;
  return "(" + v + ".deactivated_at IS NULL AND " +
         visible_sql(post_alias, {v + ".id", "(" + v + ".role <> 'guest')", v + ".unit_id",
                                  "(" + v + ".role = 'admin')"},
                     record_gate_to_people(post_alias + ".record_id", v)) + ")";
}

bool could_see_deleted_post(store::Connection& c, const Viewer& viewer, int64_t post_id) {
  // The row as it was: every column the rule reads, deleted_at left empty.
  std::vector<store::Param> params{post_id};
  const std::string sql =
      "SELECT 1 FROM (SELECT id, author_id, root_author_id, audience, unit_id, space_id, record_id, hidden_at, "
      "CAST(NULL AS BIGINT) AS deleted_at FROM posts WHERE id = ?) p WHERE " +
      append(params, visible_posts(viewer, "p"));
  return c.query_int(sql, params).has_value();
}

SqlCondition moderated_posts(const Viewer& viewer, const std::string& alias) {
  const std::string owner = "(" + alias + ".audience = 'space' AND EXISTS (SELECT 1 FROM space_members mm WHERE "
                            "mm.space_id = " + alias + ".space_id AND mm.person_id = ? AND mm.role = 'owner'))";
  if (!viewer.is_admin()) return {owner, {viewer.person_id}};
  // An admin moderates what the organization may read: posts outside spaces and in public spaces
  // (a private or secret space's owners moderate it; its content never reaches an outsider).
  SqlCondition gate = record_gate(viewer, alias + ".record_id");
  SqlCondition out;
  out.sql = "(" + owner + " OR ((" + alias + ".audience <> 'space' OR EXISTS (SELECT 1 FROM spaces ms WHERE ms.id = " +
            alias + ".space_id AND ms.visibility = 'public')) AND " + gate.sql + "))";
  out.params.push_back(viewer.person_id);
  out.params.insert(out.params.end(), gate.params.begin(), gate.params.end());
  return out;
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
