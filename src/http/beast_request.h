// The conversion from a parsed Beast request to Weft's own http::Request. Included only where
// Beast already is: http/server.cc, and the HTTP fuzz target that drives the same path.
#pragma once

#include <boost/beast/http.hpp>
#include <cctype>
#include <string>
#include <string_view>

#include "http/message.h"

namespace weft::http {

inline Request to_request(const boost::beast::http::request<boost::beast::http::string_body>& message,
                          const std::string& remote) {
  Request request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  std::string_view target = message.target();
  auto question = target.find('?');
  request.path = percent_decode(target.substr(0, question), false);
  if (question != std::string_view::npos) request.query_string = std::string(target.substr(question + 1));
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    request.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  request.body = message.body();
  request.remote_address = remote;
  return request;
}

}  // namespace weft::http
