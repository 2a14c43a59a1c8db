// Request and Response: Weft's own view of an HTTP exchange, free of Beast, so that the router,
// middleware and api/ handlers compile without Beast's headers. http/server.cc converts.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace weft::http {

struct Request {
  std::string method;  // upper case: GET, POST, …
  std::string target;  // as received: /api/v1/people?q=an
  std::string path;    // decoded path without the query
  std::string query_string;
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  std::string remote_address;  // the client: the TCP peer, or what a trusted proxy forwarded
  std::string request_id;
  bool secure = false;  // arrived over HTTPS (through a trusted proxy)

  std::string_view header(std::string_view lower_name) const;
  // A query parameter, percent-decoded; empty when absent.
  std::string query(std::string_view name) const;
  bool has_query(std::string_view name) const;
  std::string cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static Response json(int status, std::string body);
  static Response no_content();
  void set_header(std::string name, std::string value);
};

std::string percent_decode(std::string_view text, bool plus_is_space);
// RFC 3986 unreserved characters as they are, every other byte as %XX (query values, form bodies).
std::string percent_encode(std::string_view text);

// The method as a metrics label: the standard ones as they are, anything else "other" (a client
// must not be able to mint new series).
const char* method_label(std::string_view method);

// Whether `address` (IPv4 or IPv6 text) is one of `trusted` (addresses or CIDR ranges).
bool address_in(std::string_view address, const std::vector<std::string>& trusted);
// Behind trusted proxies: the client address from X-Forwarded-For (the right-most entry that is
// not itself a trusted proxy) and the scheme from X-Forwarded-Proto; otherwise the request is
// left as the TCP peer sent it.
void apply_forwarded(Request& request, const std::vector<std::string>& trusted_proxies);

}  // namespace weft::http
