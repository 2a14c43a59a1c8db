#include <cctype>
#include "http/message.h"

#include <arpa/inet.h>

#include <array>
#include <cstring>

namespace weft::http {
namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Calls visit(name, value) for each raw key=value pair of a query string.
template <typename Visit>
void each_query_pair(std::string_view query, Visit&& visit) {
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    auto eq = pair.find('=');
    std::string_view name = pair.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    if (visit(name, value)) return;
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
}
}  // namespace

std::string percent_encode(std::string_view text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : text) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out.push_back(static_cast<char>(ch));
    } else {
      out.push_back('%');
      out.push_back(kHex[ch >> 4]);
      out.push_back(kHex[ch & 15]);
    }
  }
  return out;
}

std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      int hi = hex_value(text[i + 1]);
      int lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += (plus_is_space && c == '+') ? ' ' : c;
  }
  return out;
}

std::string_view Request::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return {};
}

std::string Request::query(std::string_view wanted) const {
  std::string out;
  each_query_pair(query_string, [&](std::string_view name, std::string_view value) {
    if (percent_decode(name, true) != wanted) return false;
    out = percent_decode(value, true);
    return true;
  });
  return out;
}

bool Request::has_query(std::string_view wanted) const {
  bool found = false;
  each_query_pair(query_string, [&](std::string_view name, std::string_view) {
    found = percent_decode(name, true) == wanted;
    return found;
  });
  return found;
}

std::string Request::cookie(std::string_view wanted) const {
  std::string_view cookies = header("cookie");
  while (!cookies.empty()) {
    auto semi = cookies.find(';');
    std::string_view pair = cookies.substr(0, semi);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == wanted) {
      return std::string(pair.substr(eq + 1));
    }
    if (semi == std::string_view::npos) break;
    cookies.remove_prefix(semi + 1);
  }
  return {};
}

Response Response::json(int status, std::string body) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

Response Response::no_content() {
  Response response;
  response.status = 204;
  response.content_type.clear();
  return response;
}

void Response::set_header(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
}

namespace {
// An address as 16 bytes (IPv4 mapped into IPv6) and whether it parsed.
bool parse_address(std::string_view text, std::array<unsigned char, 16>& out, bool& v4) {
  std::string copy(text);
  in_addr a4{};
  in6_addr a6{};
  if (inet_pton(AF_INET, copy.c_str(), &a4) == 1) {
    out.fill(0);
    out[10] = out[11] = 0xff;
    std::memcpy(out.data() + 12, &a4, 4);
    v4 = true;
    return true;
  }
  if (inet_pton(AF_INET6, copy.c_str(), &a6) == 1) {
    std::memcpy(out.data(), &a6, 16);
    v4 = false;
    return true;
  }
  return false;
}
std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}
}  // namespace

const char* method_label(std::string_view method) {
  for (const char* known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    if (method == known) return known;
  }
  return "other";
}

bool address_in(std::string_view address, const std::vector<std::string>& trusted) {
  std::array<unsigned char, 16> ip{};
  bool ip_v4 = false;
  if (!parse_address(trim(address), ip, ip_v4)) return false;
  for (const auto& entry : trusted) {
    std::string_view text = entry;
    int bits = -1;
    if (auto slash = text.find('/'); slash != std::string_view::npos) {
      std::string_view count = text.substr(slash + 1);
      bits = 0;
      if (count.empty() || count.size() > 3) continue;
      bool ok = true;
      for (char c : count) {
        if (c < '0' || c > '9') ok = false;
        bits = bits * 10 + (c - '0');
      }
      if (!ok) continue;
      text = text.substr(0, slash);
    }
    std::array<unsigned char, 16> net{};
    bool net_v4 = false;
    if (!parse_address(text, net, net_v4)) continue;
    const int total = net_v4 ? 32 : 128;
    if (bits < 0) bits = total;
    if (bits > total) continue;
    if (net_v4) bits += 96;  // mapped addresses: the first 96 bits are fixed
    bool match = true;
    for (int i = 0; i < bits && match; ++i) {
      const int byte = i / 8, bit = 7 - i % 8;
      match = ((ip[byte] >> bit) & 1) == ((net[byte] >> bit) & 1);
    }
    if (match) return true;
  }
  return false;
}

void apply_forwarded(Request& request, const std::vector<std::string>& trusted_proxies) {
  if (trusted_proxies.empty() || !address_in(request.remote_address, trusted_proxies)) return;
  std::string_view forwarded = request.header("x-forwarded-for");
  // Right to left: each trusted proxy appended the address it saw; the first untrusted one is
  // the client (what is left of it the client could have written itself).
  while (!forwarded.empty()) {
    auto comma = forwarded.rfind(',');
    std::string_view entry = trim(comma == std::string_view::npos ? forwarded : forwarded.substr(comma + 1));
    forwarded = comma == std::string_view::npos ? std::string_view() : forwarded.substr(0, comma);
    std::array<unsigned char, 16> parsed{};
    bool v4 = false;
    if (!parse_address(entry, parsed, v4)) break;  // garbage: stop at the last address we trust
    request.remote_address = std::string(entry);
    if (!address_in(entry, trusted_proxies)) break;
  }
  std::string_view proto = trim(request.header("x-forwarded-proto"));
  if (auto comma = proto.rfind(','); comma != std::string_view::npos) proto = trim(proto.substr(comma + 1));
  if (proto == "https") request.secure = true;
}

}  // namespace weft::http
