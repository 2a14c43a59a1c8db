#include "core/cursor.h"

#include <algorithm>
#include <charconv>

#include "core/json.h"

namespace weft::cursor {
namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr char kSeparator = '\x1f';
constexpr std::string_view kMagic = "w1";

std::string base64url(std::string_view in) {
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    out += kAlphabet[n >> 18];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i + 1 == in.size()) {
    uint32_t n = uint8_t(in[i]) << 16;
    out += kAlphabet[n >> 18];
    out += kAlphabet[(n >> 12) & 63];
  } else if (i + 2 == in.size()) {
    uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8);
    out += kAlphabet[n >> 18];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
  }
  return out;
}

std::optional<std::string> unbase64url(std::string_view in) {
  if (in.size() % 4 == 1) return std::nullopt;
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : in) {
    const char* pos = std::char_traits<char>::find(kAlphabet, 64, c);
    if (pos == nullptr) return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(pos - kAlphabet);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}
}  // namespace

std::string encode(const std::vector<std::string>& parts) {
  std::string raw(kMagic);
  for (const auto& part : parts) {
    raw += kSeparator;
    raw += part;
  }
  return base64url(raw);
}

std::optional<std::vector<std::string>> decode(std::string_view text, std::size_t expected_parts) {
  if (text.size() > 2048) return std::nullopt;
  auto raw = unbase64url(text);
  if (!raw || !raw->starts_with(kMagic)) return std::nullopt;
  std::vector<std::string> parts;
  std::string_view rest = std::string_view(*raw).substr(kMagic.size());
  while (!rest.empty()) {
    if (rest.front() != kSeparator) return std::nullopt;
    rest.remove_prefix(1);
    auto next = rest.find(kSeparator);
    parts.emplace_back(rest.substr(0, next));
    rest = next == std::string_view::npos ? std::string_view() : rest.substr(next);
  }
  if (parts.size() != expected_parts) return std::nullopt;
  return parts;
}

namespace {
std::optional<int64_t> parse_number(const std::string& text) {
  if (text.empty() || text.size() > 19 || text.front() == '0') return std::nullopt;
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < 1) return std::nullopt;
  return value;
}

}  // namespace

Result<PageRequest> page_request(std::string_view cursor, std::string_view limit,
                                 std::vector<Part> parts, int64_t max_offset) {
  PageRequest request;
  if (!limit.empty()) {
    int value = 0;
    auto [ptr, ec] = std::from_chars(limit.data(), limit.data() + limit.size(), value);
    if (ec != std::errc() || ptr != limit.data() + limit.size() || value < 1 || value > 100) {
      return invalid("limit", "limit must be a whole number from 1 to 100.");
    }
    request.limit = value;
  }
  if (cursor.empty()) return request;
  auto refuse = [] { return invalid("cursor", "cursor is not one this server issued."); };
  if (parts.empty()) return refuse();
  auto decoded = decode(cursor, parts.size());
  if (!decoded) return refuse();
  request.numbers.assign(parts.size(), 0);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& text = (*decoded)[i];
    switch (parts[i]) {
      case Part::kId:
      case Part::kOffset: {
        // An offset may be 0: a mixed search's first page can be all people and work, its posts
        // then start at the first.
        auto number = parts[i] == Part::kOffset && text == "0" ? std::optional<int64_t>(0) : parse_number(text);
        if (!number) return refuse();
        if (parts[i] == Part::kOffset && *number > max_offset) return refuse();
        request.numbers[i] = *number;
        break;
      }
      case Part::kName:
        if (text.size() > 400 || !json::valid_utf8(text)) return refuse();
        break;
    }
  }
  request.after = std::move(*decoded);
  return request;
}

Result<PageRequest> page_request(std::string_view cursor, std::string_view limit,
                                 std::size_t key_parts) {
  switch (key_parts) {
    case 0: return page_request(cursor, limit, std::vector<Part>{});
    case 1: return page_request(cursor, limit, std::vector<Part>{Part::kId});
    default: return page_request(cursor, limit, std::vector<Part>{Part::kName, Part::kId});
  }
}

}  // namespace weft::cursor
