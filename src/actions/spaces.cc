#include "actions/spaces.h"

#include <algorithm>

#include <boost/json.hpp>

#include "core/clock.h"
#include "core/json.h"
#include "events/event_log.h"
#include "policy/people.h"
#include "policy/spaces.h"

namespace weft::actions {
namespace {

bool valid_kind(const std::string& kind) {
  return kind == "project" || kind == "problem" || kind == "community";
}
bool valid_visibility(const std::string& v) { return v == "public" || v == "private" || v == "secret"; }
bool valid_space_role(const std::string& r) { return r == "owner" || r == "member" || r == "guest"; }

Result<policy::SpaceAccess> require_owner(store::Connection& c, const Viewer& viewer, int64_t space_id) {
  auto access = policy::space_access(c, viewer, space_id);
  if (!access.visible) return not_found("No such space.");
  if (!access.owner()) return forbidden("Only the space's owners may do this.");
  return access;
}

// The space's owners other than `person_id` who can still act: a deactivated account owns
// nothing anyone can use, so it never counts as the owner a space keeps.
int64_t other_active_owners(store::Connection& c, int64_t space_id, int64_t person_id) {
  return c.query_int("SELECT COUNT(*) FROM space_members m JOIN people p ON p.id = m.person_id WHERE m.space_id = ? "
                     "AND m.role = 'owner' AND m.person_id <> ? AND p.deactivated_at IS NULL",
                     {space_id, person_id})
      .value_or(0);
}

}  // namespace

int64_t insert_space(store::Connection& c, int64_t creator_id, const NewSpace& space, int64_t at) {
  int64_t id = c.insert_returning_id(
      "INSERT INTO spaces (name, purpose, kind, visibility, created_by, created_at) VALUES (?, ?, "
      "?, ?, ?, ?)",
      {space.name, space.purpose, space.kind, space.visibility, creator_id, at});
  events::append(c, {.actor_id = creator_id,
                     .object_id = id,
                     .space_id = id,
                     .audience = "space",
                     .payload = events::SpaceCreated{}});
  insert_member(c, std::nullopt, id, creator_id, "owner", at);
  return id;
}

void insert_member(store::Connection& c, std::optional<int64_t> actor_id, int64_t space_id,
                   int64_t person_id, const std::string& role, int64_t at) {
  bool existed = c.query_int("SELECT 1 FROM space_members WHERE space_id = ? AND person_id = ?",
                             {space_id, person_id})
                     .has_value();
  if (existed) {
    c.execute("UPDATE space_members SET role = ? WHERE space_id = ? AND person_id = ?",
              {role, space_id, person_id});
  } else {
    c.execute("INSERT INTO space_members (space_id, person_id, role, created_at) VALUES (?, ?, ?, ?)",
              {space_id, person_id, role, at});
    c.execute("UPDATE spaces SET member_count = member_count + 1 WHERE id = ?", {space_id});
  }
  c.execute("DELETE FROM join_requests WHERE space_id = ? AND person_id = ?", {space_id, person_id});
  events::append(c, {.actor_id = actor_id ? *actor_id : person_id,
                     .object_id = person_id,
                     .space_id = space_id,
                     .audience = "space",
                     .payload = existed ? events::Payload(events::SpaceMemberChanged{role})
                                        : events::Payload(events::SpaceMemberAdded{role})});
}

Result<int64_t> create_space(store::Store& store, const Viewer& viewer, const NewSpace& space) {
  if (viewer.is_guest()) return forbidden("Guests cannot create spaces.");
  if (!valid_kind(space.kind)) return invalid("kind", "kind must be project, problem or community.");
  if (!valid_visibility(space.visibility)) {
    return invalid("visibility", "visibility must be public, private or secret.");
  }
  return store::transact(store, [&](store::Connection& c) -> Result<int64_t> {
    return insert_space(c, viewer.person_id, space, clock::now_seconds());
  });
}

Result<void> update_space(store::Store& store, const Viewer& viewer, int64_t space_id,
                          const SpaceChange& change) {
  if (change.kind && !valid_kind(*change.kind)) return invalid("kind", "kind must be project, problem or community.");
  if (change.visibility && !valid_visibility(*change.visibility)) {
    return invalid("visibility", "visibility must be public, private or secret.");
  }
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    WEFT_TRY_VOID(require_owner(c, viewer, space_id));
    if (change.name) c.execute("UPDATE spaces SET name = ? WHERE id = ?", {*change.name, space_id});
    if (change.purpose) c.execute("UPDATE spaces SET purpose = ? WHERE id = ?", {*change.purpose, space_id});
    if (change.kind) c.execute("UPDATE spaces SET kind = ? WHERE id = ?", {*change.kind, space_id});
    if (change.visibility) {
      c.execute("UPDATE spaces SET visibility = ? WHERE id = ?", {*change.visibility, space_id});
    }
    auto rows = c.query("SELECT name, purpose FROM spaces WHERE id = ?", {space_id});
    rows->next();
    std::string name = rows->text(0), purpose = rows->text(1);
    rows.reset();
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = space_id,
                       .space_id = space_id,
                       .audience = "space",
                       .payload = events::SpaceUpdated{}});
    return true;
  }));
}

Result<void> set_member(store::Store& store, const Viewer& viewer, int64_t space_id,
                        int64_t person_id, const std::string& role) {
  if (!valid_space_role(role)) return invalid("role", "role must be owner, member or guest.");
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    WEFT_TRY_VOID(require_owner(c, viewer, space_id));
    auto person_role = c.query_text("SELECT role FROM people WHERE id = ?", {person_id});
    // The owner may add whom they can see; others (outside guests they share no space with) come
    // in by invitation. A person the owner cannot see answers like one who does not exist.
    if (!person_role || !policy::can_see_person(c, viewer, person_id)) return not_found("No such person.");
    if (*person_role == "guest" && role != "guest") {
      return invalid("role", "People from outside the organization can only be space guests.");
    }
    auto current = c.query_text("SELECT role FROM space_members WHERE space_id = ? AND person_id = ?",
                                {space_id, person_id});
    if ((!current || role == "owner") &&
        c.query_int("SELECT 1 FROM people WHERE id = ? AND deactivated_at IS NOT NULL", {person_id})) {
      return invalid("person_id", "This account is deactivated: it cannot join a space or become its owner.");
    }
    if (current && *current == "owner" && role != "owner" && other_active_owners(c, space_id, person_id) == 0) {
      return fail(ErrorCode::kConflict, "A space needs at least one owner.", "role");
    }
    if (current && *current == role) return true;
    insert_member(c, viewer.person_id, space_id, person_id, role, clock::now_seconds());
    return true;
  }));
}

Result<void> remove_member(store::Store& store, const Viewer& viewer, int64_t space_id,
                           int64_t person_id) {
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    auto access = policy::space_access(c, viewer, space_id);
    if (!access.visible) return not_found("No such space.");
    if (person_id != viewer.person_id && !access.owner()) {
      return forbidden("Only the space's owners may remove others.");
    }
    auto current = c.query_text("SELECT role FROM space_members WHERE space_id = ? AND person_id = ?",
                                {space_id, person_id});
    if (!current) return true;
    if (*current == "owner" && other_active_owners(c, space_id, person_id) == 0) {
      return fail(ErrorCode::kConflict, "A space needs at least one owner.");
    }
    c.execute("DELETE FROM space_members WHERE space_id = ? AND person_id = ?", {space_id, person_id});
    c.execute("UPDATE spaces SET member_count = member_count - 1 WHERE id = ?", {space_id});
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = person_id,
                       .space_id = space_id,
                       .audience = "space",
                       .payload = events::SpaceMemberRemoved{}});
    return true;
  }));
}

Result<JoinResult> join_space(store::Store& store, const Viewer& viewer, int64_t space_id) {
  return store::transact(store, [&](store::Connection& c) -> Result<JoinResult> {
    auto access = policy::space_access(c, viewer, space_id);
    if (!access.visible) return not_found("No such space.");
    if (access.member()) return JoinResult::kJoined;
    if (access.visibility == "public") {
      insert_member(c, std::nullopt, space_id, viewer.person_id, "member", clock::now_seconds());
      return JoinResult::kJoined;
    }
    if (c.execute("INSERT INTO join_requests (space_id, person_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                  {space_id, viewer.person_id, clock::now_seconds()}) > 0) {
      events::append(c, {.actor_id = viewer.person_id,
                         .object_id = space_id,
                         .space_id = space_id,
                         .audience = "space",
                         .payload = events::SpaceJoinRequested{}});
    }
    return JoinResult::kRequested;
  });
}

Result<void> decline_join_request(store::Store& store, const Viewer& viewer, int64_t space_id,
                                  int64_t person_id) {
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    WEFT_TRY_VOID(require_owner(c, viewer, space_id));
    if (c.execute("DELETE FROM join_requests WHERE space_id = ? AND person_id = ?", {space_id, person_id}) == 0) {
      return not_found("No such join request.");
    }
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = person_id,
                       .space_id = space_id,
                       .audience = "space",
                       .payload = events::SpaceJoinDeclined{}});
    return true;
  }));
}

namespace {
constexpr const char* kInvitationColumns =
    "SELECT id, space_id, email, role, invited_by, created_at, expires_at, accepted_at FROM space_invitations ";
Invitation read_invitation(store::Rows& rows) {
  return {rows.int64(0), rows.int64(1), rows.text(2), rows.text(3), rows.int64(4), rows.int64(5),
          rows.int64(6), rows.optional_int64(7)};
}
bool plausible_email(const std::string& email) {
  auto at = email.find('@');
  return email.size() >= 3 && email.size() <= 254 && at != std::string::npos && at > 0 &&
         at + 1 < email.size() && email.find('@', at + 1) == std::string::npos &&
         std::none_of(email.begin(), email.end(), [](unsigned char ch) { return ch <= ' ' || ch == 0x7f; });
}
}  // namespace

// Owners manage invitations; so do admins for public spaces, which anyone in the organization may
// join. A private or secret space's door is its owners' alone (DECISIONS 21): an admin could
// otherwise invite themself in.
Result<void> require_inviter(store::Connection& c, const Viewer& viewer, int64_t space_id) {
  auto access = policy::space_access(c, viewer, space_id);
  if (!access.visible) return not_found("No such space.");
  if (access.owner()) return {};
  if (viewer.is_admin() && c.query_int("SELECT 1 FROM spaces WHERE id = ? AND visibility = 'public'", {space_id})) {
    return {};
  }
  return forbidden("Only the space's owners may do this.");
}

Result<std::pair<Invitation, bool>> invite(store::Store& store, const Viewer& viewer, int64_t space_id,
                                           const std::string& email_in, const std::string& role) {
  std::string email = email_in;
  std::transform(email.begin(), email.end(), email.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (!plausible_email(email)) return invalid("email", "email must be an e-mail address.");
  if (role != "member" && role != "guest") return invalid("role", "role must be member or guest.");
  return store::transact(store, [&](store::Connection& c) -> Result<std::pair<Invitation, bool>> {
    WEFT_TRY_VOID(require_inviter(c, viewer, space_id));
    const int64_t now = clock::now_seconds();
    {
      auto rows = c.query(std::string(kInvitationColumns) +
                              "WHERE space_id = ? AND email = ? AND accepted_at IS NULL AND "
                              "revoked_at IS NULL AND expires_at > ?",
                          {space_id, email, now});
      if (rows->next()) return std::pair{read_invitation(*rows), false};
    }
    if (c.query_int("SELECT COUNT(*) FROM space_invitations WHERE space_id = ? AND accepted_at IS NULL "
                    "AND revoked_at IS NULL AND expires_at > ?",
                    {space_id, now})
            .value_or(0) >= 1000) {
      return fail(ErrorCode::kConflict, "This space has 1,000 pending invitations; revoke some first.");
    }
    const int64_t id = c.insert_returning_id(
        "INSERT INTO space_invitations (space_id, email, role, invited_by, created_at, expires_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        {space_id, email, role, viewer.person_id, now, now + kInvitationSeconds});
    // The log records that an invitation exists, not to whom: the e-mail stays with the owners.
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = id,
                       .space_id = space_id,
                       .audience = "space",
                       .payload = events::SpaceInvitationSent{role}});
    return std::pair{Invitation{id, space_id, email, role, viewer.person_id, now, now + kInvitationSeconds,
                                std::nullopt},
                     true};
  });
}

Result<std::vector<Invitation>> invitations(store::Store& store, const Viewer& viewer, int64_t space_id) {
  return store::read(store, [&](store::Connection& c) -> Result<std::vector<Invitation>> {
    WEFT_TRY_VOID(require_inviter(c, viewer, space_id));
    auto rows = c.query(std::string(kInvitationColumns) +
                            "WHERE space_id = ? AND accepted_at IS NULL AND revoked_at IS NULL AND "
                            "expires_at > ? ORDER BY id DESC LIMIT 1000",
                        {space_id, clock::now_seconds()});
    std::vector<Invitation> out;
    while (rows->next()) out.push_back(read_invitation(*rows));
    return out;
  });
}

Result<void> revoke_invitation(store::Store& store, const Viewer& viewer, int64_t space_id,
                               int64_t invitation_id) {
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    WEFT_TRY_VOID(require_inviter(c, viewer, space_id));
    if (c.execute("UPDATE space_invitations SET revoked_at = ? WHERE id = ? AND space_id = ? AND "
                  "accepted_at IS NULL AND revoked_at IS NULL",
                  {clock::now_seconds(), invitation_id, space_id}) == 0) {
      return not_found("No such invitation.");
    }
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = invitation_id,
                       .space_id = space_id,
                       .audience = "space",
                       .payload = events::SpaceInvitationRevoked{}});
    return true;
  }));
}

}  // namespace weft::actions
