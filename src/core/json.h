// Reading JSON request bodies into checked values, and small helpers for writing JSON.
//
// Every reader answers a Result: a missing field, a wrong type or an out-of-range value becomes an
// invalid_argument Error naming the field, so api/ handlers never touch raw JSON values twice.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace weft::json {

namespace bj = boost::json;

// Parses a request body that must be a JSON object (max depth 32, strict UTF-8).
Result<bj::object> parse_object(std::string_view body);

// Number of Unicode code points in valid UTF-8 text.
std::size_t utf8_length(std::string_view text);
bool valid_utf8(std::string_view text);
// Text from outside (a receiver's reply, a server's error) made fit to store and show: each byte
// that is not part of valid UTF-8 becomes U+FFFD, and the result is cut at a character boundary
// to at most `max_bytes` bytes.
std::string utf8_excerpt(std::string_view text, std::size_t max_bytes);

struct Bounds {
  std::size_t min = 0;
  std::size_t max = 200;
};

Result<std::string> required_string(const bj::object& body, std::string_view key, Bounds bounds);
// Absent or null gives nullopt.
Result<std::optional<std::string>> optional_string(const bj::object& body, std::string_view key,
                                                   Bounds bounds);
Result<std::optional<std::vector<std::string>>> optional_string_list(const bj::object& body,
                                                                     std::string_view key,
                                                                     std::size_t max_items,
                                                                     Bounds each);
// An id: a string of digits. `present` tells absent from null.
struct OptionalId {
  bool present = false;
  std::optional<int64_t> value;  // nullopt when null
};
Result<OptionalId> optional_id(const bj::object& body, std::string_view key);
// A text that may be null. `present` tells absent from null.
struct OptionalText {
  bool present = false;
  std::optional<std::string> value;  // nullopt when null
};
Result<std::optional<bool>> optional_bool(const bj::object& body, std::string_view key);

// Parses an id from a path parameter or query string; nullopt when it is not a positive integer.
std::optional<int64_t> parse_id(std::string_view text);
std::string id_string(int64_t id);

// Serializes a value into compact JSON text.
std::string to_text(const bj::value& value);

// Writing JSON text directly (wire::TextOut), byte for byte as to_text writes the same values:
// `text` quoted, with '"', '\\' and control characters escaped as Boost.JSON escapes them.
void append_string(std::string& out, std::string_view text);
void append_integer(std::string& out, int64_t value);
void append_value(std::string& out, const bj::value& value);  // any value, as to_text

}  // namespace weft::json
