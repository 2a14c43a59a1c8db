// Reading what SCIM serves: people and groups as the identity provider sees them.
#pragma once

#include <string>
#include <vector>

#include "core/error.h"
#include "identity/scim.h"
#include "store/store.h"

namespace weft::queries {

template <typename T>
struct ScimList {
  int64_t total = 0;
  int64_t start = 1;  // 1-based
  std::vector<T> items;
};

// 404 for no such person, or one the provider deleted.
Result<identity::ScimUser> scim_user(store::Store& store, int64_t id);
// `filter` as SCIM writes it (empty: everyone); ordered by id; `start` from 1.
Result<ScimList<identity::ScimUser>> scim_users(store::Store& store, const std::string& filter, int64_t start,
                                                int64_t count);
Result<identity::ScimGroup> scim_group(store::Store& store, int64_t id, bool with_members = true);
Result<ScimList<identity::ScimGroup>> scim_groups(store::Store& store, const std::string& filter, int64_t start,
                                                  int64_t count, bool with_members);

}  // namespace weft::queries
