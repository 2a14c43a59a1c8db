#include "actions/scim.h"

#include "actions/accounts.h"
#include "actions/group_rules.h"
#include "actions/people.h"
#include "actions/units.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/limits.h"
#include "events/event_log.h"
#include "policy/people.h"

namespace weft::actions {
namespace {

// A person's name and title within Weft's limits (identity providers send longer ones rarely).
Result<void> check_user(const identity::ScimUser& user) {
  const std::string name = user.weft_name();
  if (json::utf8_length(name) < limits::kName.min || json::utf8_length(name) > limits::kName.max) {
    return invalid("displayName", "The name must be 1 to 200 characters.");
  }
  if (json::utf8_length(user.title) > limits::kJobTitle.max) return invalid("title", "title must be at most 200 characters.");
  if (user.external_id && user.external_id->size() > limits::kExternalId.max) {
    return invalid("externalId", "externalId must be at most 200 characters.");
  }
  return {};
}

Result<std::optional<int64_t>> unit_named(store::Connection& c, int64_t actor, const std::optional<std::string>& name) {
  if (!name) return std::optional<int64_t>();
  if (json::utf8_length(*name) > limits::kName.max) return invalid("department", "department must be at most 200 characters.");
  if (auto id = c.query_int("SELECT id FROM units WHERE LOWER(name) = LOWER(?) ORDER BY id LIMIT 1", {*name})) {
    return std::optional<int64_t>(*id);
  }
  return std::optional<int64_t>(insert_unit(c, actor, *name, std::nullopt));
}

Result<void> unique(store::Connection& c, int64_t id, const std::string& email, const std::optional<std::string>& external) {
  if (c.query_int("SELECT 1 FROM people WHERE email = ? AND id <> ?", {email, id})) {
    return fail(ErrorCode::kConflict, "Another person has the e-mail " + email + ".", "userName");
  }
  if (external && c.query_int("SELECT 1 FROM people WHERE external_id = ? AND id <> ?", {*external, id})) {
    return fail(ErrorCode::kConflict, "Another person has the externalId " + *external + ".", "externalId");
  }
  return {};
}

// Sets the person's active state; deactivation ends every credential and open stream at once.
Result<void> set_active(store::Connection& c, const Viewer& viewer, int64_t id, bool active, int64_t now) {
  const bool was_active = c.query_int("SELECT deactivated_at IS NULL FROM people WHERE id = ?", {id}).value_or(1) != 0;
  if (was_active == active) return {};
  if (!active) {
    if (id == viewer.person_id) return invalid("active", "The scim token's own admin cannot be deactivated by it.");
    // Only an admin's deactivation needs the count of active admins (a scan of people).
    if (c.query_int("SELECT 1 FROM people WHERE id = ? AND role = 'admin'", {id}) &&
        c.query_int("SELECT COUNT(*) FROM people WHERE role = 'admin' AND deactivated_at IS NULL").value_or(0) <= 1) {
      return fail(ErrorCode::kConflict, "Weft needs at least one active admin.", "active");
    }
  }
  c.execute("UPDATE people SET deactivated_at = ? WHERE id = ?", {active ? store::Param(nullptr) : store::Param(now), id});
  events::append(c, {.actor_id = viewer.person_id, .object_id = id,
                     .payload = active ? events::Payload(events::PersonReactivated{})
                                       : events::Payload(events::PersonDeactivated{})});
  if (!active) end_credentials(c, viewer.person_id, id);
  return {};
}

Result<void> write_user(store::Connection& c, const Viewer& viewer, int64_t id, const identity::ScimUser& user,
                        const std::string& email, int64_t now) {
  WEFT_TRY_VOID(unique(c, id, email, user.external_id));
  WEFT_ASSIGN_OR_RETURN(auto unit, unit_named(c, viewer.person_id, user.department));
  c.execute("UPDATE people SET email = ?, name = ?, title = ?, unit_id = COALESCE(?, unit_id), external_id = ?, "
            "updated_at = ?, deprovisioned_at = NULL WHERE id = ?",
            {email, user.weft_name(), user.title, unit, user.external_id, now, id});
  events::append(c, {.actor_id = viewer.person_id, .object_id = id, .payload = events::PersonUpdated{}});
  return set_active(c, viewer, id, user.active, now);
}

Result<void> check_members(store::Connection& c, const identity::ScimGroup& group) {
  for (const auto& member : group.members) {
    if (!c.query_int("SELECT 1 FROM people WHERE id = ? AND deprovisioned_at IS NULL", {member.id})) {
      return invalid("members", "No user has the id " + std::to_string(member.id) + ".");
    }
  }
  return {};
}

// The group's members, then the admin's group rules for each of them.
void write_members(store::Connection& c, int64_t actor, int64_t group_id, const identity::ScimGroup& group) {
  c.execute("DELETE FROM scim_group_members WHERE group_id = ?", {group_id});
  for (const auto& member : group.members) {
    c.execute("INSERT INTO scim_group_members (group_id, person_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
              {group_id, member.id});
  }
  for (const auto& member : group.members) apply_group_rules(c, actor, member.id);
}

Result<void> check_group(const identity::ScimGroup& group) {
  if (json::utf8_length(group.display_name) > limits::kName.max) {
    return invalid("displayName", "displayName must be at most 200 characters.");
  }
  if (group.members.size() > 100000) return invalid("members", "At most 100,000 members.");
  return {};
}

}  // namespace

Result<int64_t> scim_create_user(store::Store& store, const Viewer& viewer, const identity::ScimUser& user) {
  if (!policy::can_manage_people(viewer)) return forbidden("Only an admin's scim token may provision people.");
  WEFT_TRY_VOID(check_user(user));
  auto email = normalize_email(user.weft_email());
  if (!email) return invalid("userName", "userName (or a work e-mail) must be an e-mail address.");
  return store::transact(store, [&](store::Connection& c) -> Result<int64_t> {
    const int64_t now = clock::now_seconds();
    // The provider deleted this person before and now creates them again: the same person returns,
    // with their role and spaces. Only the same person: an address handed on to someone new (a
    // leaver's address given to a new hire, told by another externalId) is a new person, and the
    // old account, kept for its history, lets go of the address.
    auto gone = c.query("SELECT id, external_id FROM people WHERE email = ? AND deprovisioned_at IS NOT NULL", {*email});
    if (gone->next()) {
      const int64_t id = gone->int64(0);
      const auto old_external = gone->optional_text(1);
      gone.reset();
      const bool same = !user.external_id || user.external_id->empty() || !old_external || old_external->empty() ||
                        *old_external == *user.external_id;
      if (same) {
        WEFT_TRY_VOID(write_user(c, viewer, id, user, *email, now));
        return id;
      }
      c.execute("UPDATE people SET email = ?, oidc_subject = NULL, updated_at = ? WHERE id = ?",
                {"released-" + std::to_string(id) + "+" + *email, now, id});
    } else {
      gone.reset();
    }
    WEFT_TRY_VOID(unique(c, 0, *email, user.external_id));
    WEFT_ASSIGN_OR_RETURN(auto unit, unit_named(c, viewer.person_id, user.department));
    NewPerson person{.name = user.weft_name(), .email = *email, .unit_id = unit, .title = user.title};
    // No password: people provisioned here sign in through the identity provider.
    WEFT_ASSIGN_OR_RETURN(int64_t id, insert_person(c, viewer.person_id, person, "!"));
    c.execute("UPDATE people SET external_id = ?, updated_at = ? WHERE id = ?", {user.external_id, now, id});
    WEFT_TRY_VOID(set_active(c, viewer, id, user.active, now));
    return id;
  });
}

Result<void> scim_update_user(store::Store& store, const Viewer& viewer, int64_t id, const identity::ScimUser& user) {
  if (!policy::can_manage_people(viewer)) return forbidden("Only an admin's scim token may provision people.");
  WEFT_TRY_VOID(check_user(user));
  auto email = normalize_email(user.weft_email());
  if (!email) return invalid("userName", "userName (or a work e-mail) must be an e-mail address.");
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    if (!c.query_int("SELECT 1 FROM people WHERE id = ? AND deprovisioned_at IS NULL", {id})) return not_found("No such user.");
    WEFT_TRY_VOID(write_user(c, viewer, id, user, *email, clock::now_seconds()));
    return true;
  }));
}

Result<void> scim_delete_user(store::Store& store, const Viewer& viewer, int64_t id) {
  if (!policy::can_manage_people(viewer)) return forbidden("Only an admin's scim token may provision people.");
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    if (!c.query_int("SELECT 1 FROM people WHERE id = ? AND deprovisioned_at IS NULL", {id})) return not_found("No such user.");
    const int64_t now = clock::now_seconds();
    WEFT_TRY_VOID(set_active(c, viewer, id, false, now));
    c.execute("UPDATE people SET deprovisioned_at = ?, updated_at = ? WHERE id = ?", {now, now, id});
    c.execute("DELETE FROM scim_group_members WHERE person_id = ?", {id});
    return true;
  }));
}

Result<int64_t> scim_create_group(store::Store& store, const Viewer& viewer, const identity::ScimGroup& group) {
  if (!policy::can_manage_people(viewer)) return forbidden("Only an admin's scim token may provision groups.");
  WEFT_TRY_VOID(check_group(group));
  return store::transact(store, [&](store::Connection& c) -> Result<int64_t> {
    if (c.query_int("SELECT 1 FROM scim_groups WHERE display_name = ?", {group.display_name})) {
      return fail(ErrorCode::kConflict, "A group is named " + group.display_name + " already.", "displayName");
    }
    if (group.external_id && c.query_int("SELECT 1 FROM scim_groups WHERE external_id = ?", {*group.external_id})) {
      return fail(ErrorCode::kConflict, "A group has the externalId " + *group.external_id + " already.", "externalId");
    }
    WEFT_TRY_VOID(check_members(c, group));
    const int64_t now = clock::now_seconds();
    int64_t id = c.insert_returning_id(
        "INSERT INTO scim_groups (display_name, external_id, created_at, updated_at) VALUES (?, ?, ?, ?)",
        {group.display_name, group.external_id, now, now});
    write_members(c, viewer.person_id, id, group);
    return id;
  });
}

Result<void> scim_update_group(store::Store& store, const Viewer& viewer, int64_t id, const identity::ScimGroup& group) {
  if (!policy::can_manage_people(viewer)) return forbidden("Only an admin's scim token may provision groups.");
  WEFT_TRY_VOID(check_group(group));
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    if (!c.query_int("SELECT 1 FROM scim_groups WHERE id = ?", {id})) return not_found("No such group.");
    if (c.query_int("SELECT 1 FROM scim_groups WHERE display_name = ? AND id <> ?", {group.display_name, id})) {
      return fail(ErrorCode::kConflict, "A group is named " + group.display_name + " already.", "displayName");
    }
    if (group.external_id &&
        c.query_int("SELECT 1 FROM scim_groups WHERE external_id = ? AND id <> ?", {*group.external_id, id})) {
      return fail(ErrorCode::kConflict, "A group has the externalId " + *group.external_id + " already.", "externalId");
    }
    WEFT_TRY_VOID(check_members(c, group));
    c.execute("UPDATE scim_groups SET display_name = ?, external_id = ?, updated_at = ? WHERE id = ?",
              {group.display_name, group.external_id, clock::now_seconds(), id});
    write_members(c, viewer.person_id, id, group);
    return true;
  }));
}

Result<void> scim_delete_group(store::Store& store, const Viewer& viewer, int64_t id) {
  if (!policy::can_manage_people(viewer)) return forbidden("Only an admin's scim token may provision groups.");
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    if (!c.query_int("SELECT 1 FROM scim_groups WHERE id = ?", {id})) return not_found("No such group.");
    c.execute("DELETE FROM scim_group_members WHERE group_id = ?", {id});
    c.execute("DELETE FROM scim_groups WHERE id = ?", {id});
    return true;
  }));
}

}  // namespace weft::actions
