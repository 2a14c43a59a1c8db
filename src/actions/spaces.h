// Actions on spaces: creating and changing them, membership, joining and join requests.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "model/person.h"
#include "store/store.h"

namespace weft::actions {

struct NewSpace {
  std::string name;
  std::string purpose;
  std::string kind = "project";
  std::string visibility = "public";
};
struct SpaceChange {
  std::optional<std::string> name;
  std::optional<std::string> purpose;
  std::optional<std::string> kind;
  std::optional<std::string> visibility;
};

Result<int64_t> create_space(store::Store& store, const Viewer& viewer, const NewSpace& space);
Result<void> update_space(store::Store& store, const Viewer& viewer, int64_t space_id,
                          const SpaceChange& change);
Result<void> set_member(store::Store& store, const Viewer& viewer, int64_t space_id,
                        int64_t person_id, const std::string& role);
Result<void> remove_member(store::Store& store, const Viewer& viewer, int64_t space_id,
                           int64_t person_id);
enum class JoinResult { kJoined, kRequested };
Result<JoinResult> join_space(store::Store& store, const Viewer& viewer, int64_t space_id);
Result<void> decline_join_request(store::Store& store, const Viewer& viewer, int64_t space_id,
                                  int64_t person_id);

// Invitations by e-mail (owners): accepted when that e-mail signs in (actions/accounts.cc).
struct Invitation {
  int64_t id = 0;
  int64_t space_id = 0;
  std::string email;
  std::string role;  // member or guest
  int64_t invited_by = 0;
  int64_t created_at = 0;
  int64_t expires_at = 0;
  std::optional<int64_t> accepted_at;
};
inline constexpr int64_t kInvitationSeconds = 14 * 24 * 3600;
// Answers the invitation and whether it is new (a pending one for the e-mail is answered again).
Result<std::pair<Invitation, bool>> invite(store::Store& store, const Viewer& viewer, int64_t space_id,
                                           const std::string& email, const std::string& role);
Result<std::vector<Invitation>> invitations(store::Store& store, const Viewer& viewer, int64_t space_id);
Result<void> revoke_invitation(store::Store& store, const Viewer& viewer, int64_t space_id,
                               int64_t invitation_id);

// Inside a caller's transaction, no checks (demo).
int64_t insert_space(store::Connection& c, int64_t creator_id, const NewSpace& space, int64_t at);
void insert_member(store::Connection& c, std::optional<int64_t> actor_id, int64_t space_id,
                   int64_t person_id, const std::string& role, int64_t at);

}  // namespace weft::actions
