#include "core/cursor.h"

#include <algorithm>
#include <charconv>

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

Result<PageRequest> page_request(std::string_view cursor, std::string_view limit,
                                 std::size_t key_parts) {
  PageRequest request;
  if (!limit.empty()) {
    int value = 0;
    auto [ptr, ec] = std::from_chars(limit.data(), limit.data() + limit.size(), value);
    if (ec != std::errc() || ptr != limit.data() + limit.size() || value < 1 || value > 100) {
      return invalid("limit", "limit must be a whole number from 1 to 100.");
    }
    request.limit = value;
  }
  if (!cursor.empty()) {
    auto parts = decode(cursor, key_parts);
    // Every cursor Weft issues ends with an id or an offset.
    auto numeric = [](const std::string& text) {
      return !text.empty() && text.size() <= 19 &&
             std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (!parts || (key_parts > 0 && !numeric(parts->back()))) {
      return invalid("cursor", "cursor is not one this server issued.");
    }
    request.after = std::move(*parts);
  }
  return request;
}

}  // namespace weft::cursor
