// Who is calling, once their credential (a session cookie or a bearer token) has been checked:
// the viewer, and what the credential allows. Shared by the router (http/), actions/ and the
// realtime hub without any of them depending on the others.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "model/person.h"

namespace weft {

// kScopeScim: an admin's token for the identity provider; it serves /scim/v2 and nothing else.
enum Scope : unsigned { kScopeRead = 1, kScopeWrite = 2, kScopeAdmin = 4, kScopeScim = 8 };

struct Authenticated {
  Viewer viewer;
  bool by_cookie = false;
  std::string csrf_token;           // cookie sessions only
  unsigned scopes = kScopeRead | kScopeWrite | kScopeAdmin;  // cookie sessions have every scope
  std::optional<int64_t> token_id;  // bearer tokens only
  std::string session_hash;         // cookie sessions only: the stored hash, to check it again
};

}  // namespace weft
