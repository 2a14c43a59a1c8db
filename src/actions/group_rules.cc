#include "actions/group_rules.h"

#include <algorithm>

#include "actions/spaces.h"
#include "core/clock.h"
#include "core/json.h"
#include "events/event_log.h"
#include "policy/people.h"

namespace weft::actions {
namespace {

constexpr std::size_t kMaxRules = 200;

// People in a group (by name, without case): SCIM members and those whose last sign-in named it.
constexpr const char* kGroupPeople =
    "SELECT p.id, p.name, p.unit_id FROM people p WHERE p.deactivated_at IS NULL AND p.deprovisioned_at IS NULL AND "
    "(p.id IN (SELECT m.person_id FROM scim_group_members m JOIN scim_groups g ON g.id = m.group_id WHERE "
    "LOWER(g.display_name) = LOWER(?)) OR p.id IN (SELECT i.person_id FROM person_idp_groups i WHERE "
    "LOWER(i.group_name) = LOWER(?))) ORDER BY p.id";

// A rule adds people to a space without its owners' say, so an admin may map a group only to a
// public space or one they own (an admin has no more right to a private or secret space than
// anyone: DECISIONS 21). Any other space is answered as if it did not exist.
Result<void> check_rules(store::Connection& c, const Viewer& viewer, const std::vector<GroupRule>& rules) {
  if (rules.size() > kMaxRules) return invalid("rules", "At most 200 rules.");
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const auto& r = rules[i];
    const std::string where = "Rule " + std::to_string(i + 1) + ": ";
    if (r.group.empty() || json::utf8_length(r.group) > 200) return invalid("rules", where + "name a group (at most 200 characters).");
    if (!r.unit_id && !r.space_id) return invalid("rules", where + "map the group to a unit, a space or both.");
    if (r.unit_id && !c.query_int("SELECT 1 FROM units WHERE id = ?", {*r.unit_id})) {
      return invalid("rules", where + "no unit has the id " + std::to_string(*r.unit_id) + ".");
    }
    if (r.space_id && !c.query_int("SELECT 1 FROM spaces s WHERE s.id = ? AND (s.visibility = 'public' OR EXISTS "
                                   "(SELECT 1 FROM space_members m WHERE m.space_id = s.id AND m.person_id = ? AND "
                                   "m.role = 'owner'))",
                                   {*r.space_id, viewer.person_id})) {
      return invalid("rules", where + "no public space or space of yours has the id " + std::to_string(*r.space_id) + ".");
    }
    if (r.space_role != "member" && r.space_role != "guest") return invalid("rules", where + "space_role must be member or guest.");
  }
  return {};
}

std::vector<RuleEffect> effects(store::Connection& c, const std::vector<GroupRule>& rules) {
  std::vector<RuleEffect> out;
  for (const auto& rule : rules) {
    RuleEffect effect{rule};
    auto rows = c.query(kGroupPeople, {rule.group, rule.group});
    struct Row {
      int64_t id;
      std::string name;
      std::optional<int64_t> unit;
    };
    std::vector<Row> people;
    while (rows->next()) people.push_back({rows->int64(0), rows->text(1), rows->optional_int64(2)});
    rows.reset();
    effect.people = static_cast<int64_t>(people.size());
    for (const auto& person : people) {
      bool changes = false;
      if (rule.unit_id && person.unit != rule.unit_id) {
        ++effect.unit_changes;
        changes = true;
      }
      if (rule.space_id &&
          !c.query_int("SELECT 1 FROM space_members WHERE space_id = ? AND person_id = ?", {*rule.space_id, person.id})) {
        ++effect.space_additions;
        changes = true;
      }
      if (changes && effect.sample.size() < 10) effect.sample.push_back(person.name);
    }
    out.push_back(std::move(effect));
  }
  return out;
}

std::vector<GroupRule> stored_rules(store::Connection& c) {
  std::vector<GroupRule> out;
  auto rows = c.query("SELECT id, group_name, unit_id, space_id, space_role FROM group_rules ORDER BY position, id");
  while (rows->next()) {
    out.push_back({rows->int64(0), rows->text(1), rows->optional_int64(2), rows->optional_int64(3), rows->text(4)});
  }
  return out;
}

}  // namespace

void set_idp_groups(store::Connection& c, int64_t person_id, const std::vector<std::string>& groups) {
  c.execute("DELETE FROM person_idp_groups WHERE person_id = ?", {person_id});
  std::size_t kept = 0;
  for (const auto& group : groups) {
    if (group.empty() || group.size() > 200 || ++kept > 500) continue;
    c.execute("INSERT INTO person_idp_groups (person_id, group_name) VALUES (?, ?) ON CONFLICT DO NOTHING",
              {person_id, group});
  }
}

void apply_group_rules(store::Connection& c, std::optional<int64_t> actor_id, int64_t person_id) {
  const auto rules = stored_rules(c);
  if (rules.empty()) return;
  std::vector<std::string> groups;
  {
    auto rows = c.query("SELECT LOWER(g.display_name) FROM scim_group_members m JOIN scim_groups g ON g.id = m.group_id "
                        "WHERE m.person_id = ? UNION SELECT LOWER(group_name) FROM person_idp_groups WHERE person_id = ?",
                        {person_id, person_id});
    while (rows->next()) groups.push_back(rows->text(0));
  }
  auto in = [&](const std::string& group) {
    std::string low = group;
    std::transform(low.begin(), low.end(), low.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return std::find(groups.begin(), groups.end(), low) != groups.end();
  };
  const int64_t now = clock::now_seconds();
  bool unit_set = false;
  for (const auto& rule : rules) {
    if (!in(rule.group)) continue;
    if (rule.unit_id && !unit_set) {
      unit_set = true;
      if (c.query_int("SELECT unit_id FROM people WHERE id = ?", {person_id}) != rule.unit_id) {
        c.execute("UPDATE people SET unit_id = ?, updated_at = ? WHERE id = ?", {*rule.unit_id, now, person_id});
        events::append(c, {.actor_id = actor_id.value_or(person_id), .object_id = person_id,
                           .payload = events::PersonUpdated{}});
      }
    }
    if (rule.space_id &&
        !c.query_int("SELECT 1 FROM space_members WHERE space_id = ? AND person_id = ?", {*rule.space_id, person_id})) {
      // A guest account joins as a guest, whatever the rule says (as invitations do).
      const bool guest = c.query_text("SELECT role FROM people WHERE id = ?", {person_id}) == std::optional<std::string>("guest");
      insert_member(c, actor_id, *rule.space_id, person_id, guest ? "guest" : rule.space_role, now);
    }
  }
}

Result<std::vector<GroupRule>> group_rules(store::Store& store, const Viewer& viewer) {
  if (!policy::can_manage_people(viewer)) return forbidden("Only admins see group rules.");
  return store::read(store, [&](store::Connection& c) -> Result<std::vector<GroupRule>> { return stored_rules(c); });
}

Result<std::vector<RuleEffect>> preview_group_rules(store::Store& store, const Viewer& viewer,
                                                    const std::vector<GroupRule>& rules) {
  if (!policy::can_manage_people(viewer)) return forbidden("Only admins write group rules.");
  return store::read(store, [&](store::Connection& c) -> Result<std::vector<RuleEffect>> {
    WEFT_TRY_VOID(check_rules(c, viewer, rules));
    return effects(c, rules);
  });
}

Result<std::vector<RuleEffect>> save_group_rules(store::Store& store, const Viewer& viewer,
                                                 const std::vector<GroupRule>& rules) {
  if (!policy::can_manage_people(viewer)) return forbidden("Only admins write group rules.");
  return store::transact(store, [&](store::Connection& c) -> Result<std::vector<RuleEffect>> {
    WEFT_TRY_VOID(check_rules(c, viewer, rules));
    auto done = effects(c, rules);
    c.execute("DELETE FROM group_rules");
    const int64_t now = clock::now_seconds();
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const auto& r = rules[i];
      done[i].rule.id = c.insert_returning_id(
          "INSERT INTO group_rules (position, group_name, unit_id, space_id, space_role, created_at) VALUES (?, ?, ?, ?, ?, ?)",
          {static_cast<int64_t>(i), r.group, r.unit_id, r.space_id, r.space_role, now});
    }
    std::vector<int64_t> people;
    for (const auto& r : rules) {
      auto rows = c.query(kGroupPeople, {r.group, r.group});
      while (rows->next()) people.push_back(rows->int64(0));
    }
    std::sort(people.begin(), people.end());
    people.erase(std::unique(people.begin(), people.end()), people.end());
    for (int64_t person : people) apply_group_rules(c, viewer.person_id, person);
    return done;
  });
}

}  // namespace weft::actions
