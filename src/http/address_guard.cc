#include "http/address_guard.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>

#include "http/message.h"

namespace weft::http {
namespace {

// IPv4 ranges are matched in their IPv4-mapped IPv6 form too (address_in does that).
const std::vector<std::string>& forbidden_ranges() {
  static const std::vector<std::string> ranges = {
      "0.0.0.0/8",       // this network
      "10.0.0.0/8",      // private
      "100.64.0.0/10",   // shared (carrier-grade NAT)
      "127.0.0.0/8",     // loopback
      "169.254.0.0/16",  // link-local, cloud metadata services
      "172.16.0.0/12",   // private
      "192.0.0.0/24",    // IETF protocol assignments
      "192.0.2.0/24",    // documentation
      "192.168.0.0/16",  // private
      "198.18.0.0/15",   // benchmarking
      "198.51.100.0/24", "203.0.113.0/24",  // documentation
      "224.0.0.0/4",     // multicast
      "240.0.0.0/4",     // reserved, broadcast
      "::/128", "::1/128",  // unspecified, loopback
      "64:ff9b::/96",    // NAT64: an IPv4 address in IPv6 clothing
      "64:ff9b:1::/48",  // local-use NAT64
      "100::/64",        // discard
      "2001:db8::/32",   // documentation
      "fc00::/7",        // unique local
      "fe80::/10",       // link-local
      "fec0::/10",       // site-local (deprecated)
      "ff00::/8",        // multicast
  };
  return ranges;
}

std::string text_of(const sockaddr* address) {
  char buffer[INET6_ADDRSTRLEN] = {};
  if (address->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, buffer, sizeof buffer);
  } else if (address->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, buffer, sizeof buffer);
  }
  return buffer;
}

}  // namespace

bool forbidden_address(std::string_view address, const std::vector<std::string>& own) {
  // Text that parses as no address matches nothing, so test that it is one first.
  if (!address_in(address, {"0.0.0.0/0", "::/0"})) return true;
  return address_in(address, forbidden_ranges()) || address_in(address, own);
}

std::vector<std::string> own_addresses() {
  std::vector<std::string> out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return out;
  for (ifaddrs* at = list; at != nullptr; at = at->ifa_next) {
    if (at->ifa_addr == nullptr) continue;
    if (at->ifa_addr->sa_family != AF_INET && at->ifa_addr->sa_family != AF_INET6) continue;
    std::string text = text_of(at->ifa_addr);
    if (auto percent = text.find('%'); percent != std::string::npos) text.resize(percent);
    if (!text.empty() && std::find(out.begin(), out.end(), text) == out.end()) out.push_back(text);
  }
  freeifaddrs(list);
  return out;
}

Result<std::vector<std::string>> resolve_host(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  std::string name = host;
  if (name.size() > 2 && name.front() == '[' && name.back() == ']') name = name.substr(1, name.size() - 2);
  if (getaddrinfo(name.c_str(), nullptr, &hints, &found) != 0 || found == nullptr) {
    return invalid("url", "The URL's host does not resolve.");
  }
  std::vector<std::string> out;
  for (addrinfo* at = found; at != nullptr; at = at->ai_next) {
    std::string text = text_of(at->ai_addr);
    if (!text.empty() && std::find(out.begin(), out.end(), text) == out.end()) out.push_back(text);
  }
  freeaddrinfo(found);
  if (out.empty()) return invalid("url", "The URL's host does not resolve.");
  return out;
}

}  // namespace weft::http
