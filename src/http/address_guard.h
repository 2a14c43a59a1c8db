// Where outbound webhooks may not go (server-side request forgery): loopback, private, link-local,
// shared, reserved, multicast and unspecified addresses, IPv4 ones written as IPv6 (mapped or
// NAT64), and this server's own addresses. Checked when a webhook is registered and again at each
// delivery, against every address the name resolves to (a name may resolve elsewhere later).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace weft::http {

// Whether `address` (IPv4 or IPv6 text) is one webhooks may not reach; `own` lists this server's
// addresses. Text that is not an address is forbidden.
bool forbidden_address(std::string_view address, const std::vector<std::string>& own);

// The addresses of this machine's interfaces (getifaddrs), as text.
std::vector<std::string> own_addresses();

// Every address `host` resolves to (getaddrinfo); an error when it does not resolve.
Result<std::vector<std::string>> resolve_host(const std::string& host);

}  // namespace weft::http
