// Error and Result: how Weft code reports an expected failure.
//
// A Result<T> is either a value or an Error. Errors carry a small set of codes that the HTTP layer
// maps to statuses in exactly one place (http/errors.cc). Exceptions are kept for bugs and for
// store failures that abort a whole transaction (see store/store.h).
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace weft {

enum class ErrorCode {
  kInvalidArgument,   // 400: the caller sent something wrong
  kMalformedJson,     // 400: the body is not a JSON object
  kUnauthenticated,   // 401: nobody is signed in, or credentials are wrong
  kCsrfMismatch,      // 403: a cookie write without the right CSRF token
  kPermissionDenied,  // 403: signed in, but not allowed
  kNotFound,          // 404: absent, or invisible to this caller
  kMethodNotAllowed,  // 405
  kConflict,          // 409: would break a uniqueness rule
  kPreconditionFailed,    // 412: If-Match names a version that is not there
  kPreconditionRequired,  // 428: a write that needs If-Match came without it
  kPayloadTooLarge,   // 413
  kUnsupportedMedia,  // 415: a body that is not JSON
  kRateLimited,       // 429: retry_after_seconds says when to try again
  kUnavailable,       // 503: the store is busy or down
  kInternal,          // 500: a bug
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string field;  // the offending input field, when there is one
  int retry_after_seconds = 0;
};

template <typename T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(ErrorCode code, std::string message, std::string field = {}) {
  return std::unexpected(Error{code, std::move(message), std::move(field)});
}
inline std::unexpected<Error> invalid(std::string field, std::string message) {
  return fail(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}
inline std::unexpected<Error> not_found(std::string what = "Not found.") {
  return fail(ErrorCode::kNotFound, std::move(what));
}
inline std::unexpected<Error> forbidden(std::string message) {
  return fail(ErrorCode::kPermissionDenied, std::move(message));
}

// Keeps only success or failure of a Result (for actions whose transaction yields a flag).
template <typename T>
Result<void> discard_value(const Result<T>& result) {
  if (!result) return std::unexpected(result.error());
  return {};
}

// The snake_case code written in JSON error bodies.
const char* error_code_name(ErrorCode code);
int error_http_status(ErrorCode code);

}  // namespace weft

// Propagates an error from an expression yielding Result<T>; otherwise evaluates to nothing.
#define WEFT_TRY_VOID(expr)                                   \
  do {                                                        \
    auto weft_try_result_ = (expr);                           \
    if (!weft_try_result_) return std::unexpected(weft_try_result_.error()); \
  } while (0)

// Binds the value of a Result<T> to `var`, or returns its error.
#define WEFT_TRY_CONCAT_INNER(a, b) a##b
#define WEFT_TRY_CONCAT(a, b) WEFT_TRY_CONCAT_INNER(a, b)
#define WEFT_ASSIGN_OR_RETURN(var, expr) \
  WEFT_ASSIGN_OR_RETURN_IMPL(WEFT_TRY_CONCAT(weft_result_, __LINE__), var, expr)
#define WEFT_ASSIGN_OR_RETURN_IMPL(tmp, var, expr)       \
  auto tmp = (expr);                                     \
  if (!tmp) return std::unexpected(std::move(tmp).error()); \
  var = std::move(tmp).value()
