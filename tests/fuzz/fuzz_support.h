// Shared set-up for Weft's libFuzzer targets: one App per process, exactly as `weft serve` wires it
// (all routes, the event bus with the notifier and the realtime hub), over a SQLite store in a
// temporary directory that holds a first admin, a member, a guest, API tokens for each, an admin
// cookie session and a little content (two units, posts, a public space with a problem, an
// idea and a proposal, a secret and a private space), so that handlers behind authentication and ids are reached.
//
// The fixture repairs itself: when a fuzz input revoked a credential (sign-out, token revocation,
// a role change, a password change), or every WEFT_FUZZ_RESET_EVERY requests (default 20000, so
// the store stays small and fast), the next request runs on a freshly seeded store.
//
// check_response() states what every answer must satisfy, whatever the input: a status Beast
// knows, never a 5xx, header lines that cannot be split, JSON bodies that parse, no body on 204.
// A violation prints the request and answer and aborts, so libFuzzer records a reproducer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace weft::fuzz {

// Who sends a request; a fuzz input picks one with a byte (as_auth).
enum class Auth { kNone, kAdminToken, kMemberToken, kAdminCookie, kGuestToken };
inline constexpr int kAuthModes = 5;
inline Auth as_auth(uint8_t byte) { return static_cast<Auth>(byte % kAuthModes); }

// Runs `request` through App::handle as `auth` (replacing any credentials the input carried with
// a bearer token or the session cookie and its CSRF header; kNone leaves the request as it is),
// waits until the event bus has delivered what it wrote (so the notifier and the realtime hub run
// on it too), then checks the answer with check_response.
http::Response handle(http::Request& request, Auth auth);

// Runs `request` through App::upgrade (the WebSocket path) as `auth`; an accepted upgrade is
// opened on a sink that drops its messages, then closed.
void upgrade(http::Request& request, Auth auth);

// The App's routes that take a JSON body (POST, PUT and PATCH), in the order they were registered.
struct RouteInfo {
  std::string method;
  std::string pattern;  // /api/v1/spaces/{id}/members/{person_id}
};
const std::vector<RouteInfo>& body_routes();

// Aborts (after printing both) when `response` breaks a rule every answer keeps.
void check_response(const http::Request& request, const http::Response& response);

// Prints `what` with the request and aborts.
[[noreturn]] void report(const std::string& what, const http::Request& request);

// A new directory for a store: $WEFT_FUZZ_TMP, else /dev/shm, else the temporary directory, named
// weft-fuzz-<kind>-<pid>-<random>. Directories left by dead processes are removed on the way.
std::filesystem::path make_scratch_dir(std::string_view kind);

// Makes sure the fixture exists (for LLVMFuzzerInitialize).
void init();

}  // namespace weft::fuzz
