// An HTTP client for outbound calls (webhook deliveries, an identity provider's documents, keys
// and token endpoint): one POST or GET at a time, HTTP/1.1 over TCP or TLS
// (certificates verified), under one deadline, never following redirects, refusing addresses
// webhooks may not reach (http/address_guard.h) after resolving — so a name that later resolves
// inside is refused at delivery too. Free of Beast, so callers and their tests compile without
// it; http/client.cc implements it on Boost.Beast and OpenSSL.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace weft::http {

struct ClientRequest {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string method = "POST";  // or GET (no body)
};

struct ClientResponse {
  int status = 0;                          // 0: no answer (see error)
  std::string body;                        // at most the first 64 KiB
  std::optional<std::string> retry_after;  // the Retry-After header, as sent
  std::string error;                       // why there is no answer: timeout, refused, TLS, …
  bool refused = false;                    // the address is one webhooks may not reach
  int64_t duration_ms = 0;
};

class Client {
 public:
  virtual ~Client() = default;
  virtual ClientResponse post(const ClientRequest& request) = 0;
};

struct ClientOptions {
  bool allow_private = false;            // WEFT_WEBHOOK_ALLOW_PRIVATE
  std::vector<std::string> own_addresses;  // this server's addresses, refused too
  std::chrono::milliseconds timeout{10000};
  std::size_t max_body = 65536;
};

std::unique_ptr<Client> make_client(ClientOptions options);

}  // namespace weft::http
