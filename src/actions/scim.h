// Provisioning by the organization's identity provider (SCIM 2.0, docs/design/identity.md): it
// creates, updates, deactivates and deletes people and keeps groups. The viewer is the admin whose
// scim token the provider holds. A deleted person is deactivated and leaves /scim/v2; what they
// wrote stays, attributed. Deactivation ends their sessions, tokens and streams at once.
#pragma once

#include "core/error.h"
#include "identity/scim.h"
#include "model/person.h"
#include "store/store.h"

namespace weft::actions {

// 409 (field userName or externalId) when another person has the e-mail or the external id; a
// person the provider deleted before comes back under the same id.
Result<int64_t> scim_create_user(store::Store& store, const Viewer& viewer, const identity::ScimUser& user);
// PUT and PATCH (the patch applied to the current user by the caller).
Result<void> scim_update_user(store::Store& store, const Viewer& viewer, int64_t id, const identity::ScimUser& user);
Result<void> scim_delete_user(store::Store& store, const Viewer& viewer, int64_t id);

// Members that are no provisioned person are refused (invalid_argument, field members).
Result<int64_t> scim_create_group(store::Store& store, const Viewer& viewer, const identity::ScimGroup& group);
Result<void> scim_update_group(store::Store& store, const Viewer& viewer, int64_t id, const identity::ScimGroup& group);
Result<void> scim_delete_group(store::Store& store, const Viewer& viewer, int64_t id);

}  // namespace weft::actions
