#include "core/json.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/serializer.hpp>
#include <charconv>

namespace weft::json {

namespace {
// A NUL character (\u0000) in any string or key: PostgreSQL cannot store one in text, and SQLite
// would keep text that most readers cut at it.
bool holds_nul(const bj::value& value) {
  switch (value.kind()) {
    case bj::kind::string:
      return value.get_string().find('\0') != bj::string::npos;
    case bj::kind::array:
      for (const auto& item : value.get_array()) {
        if (holds_nul(item)) return true;
      }
      return false;
    case bj::kind::object:
      for (const auto& entry : value.get_object()) {
        if (entry.key().find('\0') != std::string_view::npos || holds_nul(entry.value())) return true;
      }
      return false;
    default:
      return false;
  }
}
}  // namespace

Result<bj::object> parse_object(std::string_view body) {
  if (body.empty()) return fail(ErrorCode::kMalformedJson, "The request body must be a JSON object.");
  bj::parse_options options;
  options.max_depth = 32;
  boost::system::error_code ec;
  bj::value value = bj::parse(body, ec, {}, options);
  if (ec) {
    return fail(ErrorCode::kMalformedJson, "The request body is not valid JSON: " + ec.message() + ".");
  }
  if (!value.is_object()) {
    return fail(ErrorCode::kMalformedJson, "The request body must be a JSON object.");
  }
  if (holds_nul(value)) {
    return fail(ErrorCode::kMalformedJson, "Text in the request body must not contain the NUL character (\\u0000).");
  }
  return std::move(value.as_object());
}

namespace {
// The length of the valid UTF-8 character at `i`, or 0 when the bytes there are not one.
std::size_t utf8_char_at(const unsigned char* s, std::size_t n, std::size_t i) {
  const unsigned char c = s[i];
  if (c < 0x80) return 1;
  std::size_t extra;
  uint32_t cp;
  if ((c & 0xE0) == 0xC0) { extra = 1; cp = c & 0x1F; }
  else if ((c & 0xF0) == 0xE0) { extra = 2; cp = c & 0x0F; }
  else if ((c & 0xF8) == 0xF0) { extra = 3; cp = c & 0x07; }
  else return 0;
  if (i + extra >= n) return 0;
  for (std::size_t k = 1; k <= extra; ++k) {
    if ((s[i + k] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (s[i + k] & 0x3F);
  }
  if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return extra + 1;
}
}  // namespace

std::string utf8_excerpt(std::string_view text, std::size_t max_bytes) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::string out;
  out.reserve(std::min(n, max_bytes));
  for (std::size_t i = 0; i < n;) {
    const std::size_t length = utf8_char_at(s, n, i);
    const std::size_t adds = length == 0 ? kReplacement.size() : length;
    if (out.size() + adds > max_bytes) break;
    if (length == 0) {
      out += kReplacement;
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

bool valid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_char_at(s, text.size(), i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;
  }
  return count;
}

namespace {
Result<std::string> check_string(const bj::value& value, std::string_view key, Bounds bounds) {
  if (!value.is_string()) return invalid(std::string(key), std::string(key) + " must be a string.");
  std::string text(value.as_string());
  // Surrounding whitespace is never meaningful in the fields Weft reads.
  auto begin = text.find_first_not_of(" \t\r\n");
  auto end = text.find_last_not_of(" \t\r\n");
  text = begin == std::string::npos ? std::string() : text.substr(begin, end - begin + 1);
  std::size_t length = utf8_length(text);
  if (length < bounds.min) {
    return invalid(std::string(key), bounds.min == 1
                                         ? std::string(key) + " must not be empty."
                                         : std::string(key) + " must be at least " +
                                               std::to_string(bounds.min) + " characters.");
  }
  if (length > bounds.max) {
    return invalid(std::string(key), std::string(key) + " must be at most " +
                                         std::to_string(bounds.max) + " characters.");
  }
  return text;
}
}  // namespace

Result<std::string> required_string(const bj::object& body, std::string_view key, Bounds bounds) {
  const bj::value* value = body.if_contains(key);
  if (value == nullptr || value->is_null()) {
    return invalid(std::string(key), std::string(key) + " is required.");
  }
  return check_string(*value, key, bounds);
}

Result<std::optional<std::string>> optional_string(const bj::object& body, std::string_view key,
                                                   Bounds bounds) {
  const bj::value* value = body.if_contains(key);
  if (value == nullptr || value->is_null()) return std::optional<std::string>();
  WEFT_ASSIGN_OR_RETURN(std::string text, check_string(*value, key, bounds));
  return std::optional<std::string>(std::move(text));
}

Result<std::optional<std::vector<std::string>>> optional_string_list(const bj::object& body,
                                                                     std::string_view key,
                                                                     std::size_t max_items,
                                                                     Bounds each) {
  const bj::value* value = body.if_contains(key);
  if (value == nullptr || value->is_null()) return std::optional<std::vector<std::string>>();
  if (!value->is_array()) {
    return invalid(std::string(key), std::string(key) + " must be an array of strings.");
  }
  const auto& array = value->as_array();
  if (array.size() > max_items) {
    return invalid(std::string(key), std::string(key) + " may hold at most " +
                                         std::to_string(max_items) + " items.");
  }
  std::vector<std::string> out;
  out.reserve(array.size());
  for (const auto& item : array) {
    WEFT_ASSIGN_OR_RETURN(std::string text, check_string(item, key, each));
    out.push_back(std::move(text));
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

Result<OptionalId> optional_id(const bj::object& body, std::string_view key) {
  const bj::value* value = body.if_contains(key);
  if (value == nullptr) return OptionalId{};
  if (value->is_null()) return OptionalId{true, std::nullopt};
  std::optional<int64_t> id;
  // IDs are strings in Weft's API; a number is a type error, as for any other field.
  if (value->is_string()) id = parse_id(value->as_string());
  if (!id) return invalid(std::string(key), std::string(key) + " must be an id string or null.");
  return OptionalId{true, id};
}

Result<std::optional<bool>> optional_bool(const bj::object& body, std::string_view key) {
  const bj::value* value = body.if_contains(key);
  if (value == nullptr || value->is_null()) return std::optional<bool>();
  if (!value->is_bool()) return invalid(std::string(key), std::string(key) + " must be true or false.");
  return std::optional<bool>(value->as_bool());
}

std::optional<int64_t> parse_id(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || ptr != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

std::string id_string(int64_t id) { return std::to_string(id); }

std::string to_text(const bj::value& value) { return bj::serialize(value); }

void append_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.reserve(out.size() + text.size() + 2);
  out += '"';
  const char* run = text.data();  // the start of the characters not yet copied
  const char* end = text.data() + text.size();
  for (const char* at = run; at != end; ++at) {
    const auto c = static_cast<unsigned char>(*at);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(run, at);
    run = at + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      default: {
        const char escaped[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        out.append(escaped, 6);
      }
    }
  }
  out.append(run, end);
  out += '"';
}

void append_integer(std::string& out, int64_t value) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, end);
}

void append_value(std::string& out, const bj::value& value) {
  bj::serializer writer;
  writer.reset(&value);
  char buf[4096];
  while (!writer.done()) out.append(writer.read(buf));
}

}  // namespace weft::json
