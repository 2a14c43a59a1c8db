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
  std::string remote_address;
  std::string request_id;

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

}  // namespace weft::http
