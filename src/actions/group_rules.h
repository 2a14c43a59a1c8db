// Group rules (docs/design/identity.md): the identity provider's groups, by name, mapped by the
// admin to a unit and/or a space membership. A person's groups are their SCIM groups and the
// groups claim of their last single sign-on. Applying a rule sets the unit (the first rule with a
// unit wins, in the rules' order) and adds the space membership if the person is not in the space
// yet — it never demotes an owner and never removes anyone. A dry run shows what saving would do.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "model/person.h"
#include "store/store.h"

namespace weft::actions {

struct GroupRule {
  int64_t id = 0;
  std::string group;
  std::optional<int64_t> unit_id;
  std::optional<int64_t> space_id;
  std::string space_role = "member";
};

struct RuleEffect {
  GroupRule rule;
  int64_t people = 0;           // active people in the group
  int64_t unit_changes = 0;     // of them, those whose unit would change (this rule alone)
  int64_t space_additions = 0;  // of them, those not in the space yet
  std::vector<std::string> sample;  // up to 10 names of those who would change
};

Result<std::vector<GroupRule>> group_rules(store::Store& store, const Viewer& viewer);
// The dry run: what each rule would do now. invalid_argument (field "rules") for a rule without a
// group, with neither unit nor space, naming no unit or space, or with a role other than member
// or guest; at most 200 rules.
Result<std::vector<RuleEffect>> preview_group_rules(store::Store& store, const Viewer& viewer,
                                                    const std::vector<GroupRule>& rules);
// Replaces the rules and applies them to everyone in their groups; answers what they did.
Result<std::vector<RuleEffect>> save_group_rules(store::Store& store, const Viewer& viewer,
                                                 const std::vector<GroupRule>& rules);
// Inside a write transaction: the rules for one person (after a sign-in or a group change).
void apply_group_rules(store::Connection& c, std::optional<int64_t> actor_id, int64_t person_id);
// Inside a write transaction: replaces the groups a person's last sign-in named.
void set_idp_groups(store::Connection& c, int64_t person_id, const std::vector<std::string>& groups);

}  // namespace weft::actions
