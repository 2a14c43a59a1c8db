// Raw HTTP request bytes, read as http/server.cc reads them (Beast's request_parser with the
// server's header and body limits), converted to an http::Request and dispatched through the whole
// App: every route, the router's checks, the handlers, the store, the event bus.
//
// Input: one byte choosing the caller (fuzz::as_auth: 'A' nobody but what the bytes say, 'B' the
// admin's token, 'C' a member's token, 'D' the admin's session cookie with its CSRF header, 'E' a
// guest's token), then up to 8 pipelined requests, answered in turn while the connection is kept
// alive, as the server does.
//
// So that mutations reach what a cursor carries (not only its base64url wrapping), a query value
// `cursor=~a,b` is replaced by cursor::encode({"a", "b"}) (percent-decoded first): the plain-text
// form of a cursor this server could have issued, or one a client forged.
#include <boost/beast/core/error.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "core/cursor.h"
#include "http/beast_request.h"
#include "fuzz_support.h"
#include "http/message.h"

namespace {

namespace bhttp = boost::beast::http;
using weft::http::Request;
using weft::http::Response;
using weft::http::to_request;

constexpr std::size_t kHeaderLimit = 16 * 1024;   // kHeaderLimit in http/server.cc
constexpr std::size_t kBodyLimit = 1024 * 1024;   // ServerOptions::body_limit
constexpr int kMaxRequests = 8;


// cursor=~part,part → cursor=<cursor::encode(parts)>, in the query string.
void encode_plain_cursors(Request& request) {
  std::string& query = request.query_string;
  for (std::size_t at = query.find("cursor=~"); at != std::string::npos; at = query.find("cursor=~", at + 1)) {
    if (at > 0 && query[at - 1] != '&') continue;
    std::size_t begin = at + 7;
    std::size_t end = std::min(query.find('&', begin), query.size());
    std::string plain = weft::http::percent_decode(std::string_view(query).substr(begin + 1, end - begin - 1), true);
    std::vector<std::string> parts;
    std::size_t from = 0;
    while (true) {
      auto comma = plain.find(',', from);
      parts.push_back(plain.substr(from, comma == std::string::npos ? std::string::npos : comma - from));
      if (comma == std::string::npos) break;
      from = comma + 1;
    }
    query.replace(begin, end - begin, weft::cursor::encode(parts));
  }
}

// What http/server.cc's to_message() does with an answer: Beast must take it (prepare_payload
// throws for a body on a status that cannot have one).
void to_message(const Request& request, const Response& response, unsigned version, bool head) {
  bhttp::response<bhttp::string_body> message{static_cast<bhttp::status>(response.status), version};
  message.set(bhttp::field::server, "Weft");
  if (!response.content_type.empty()) message.set(bhttp::field::content_type, response.content_type);
  for (const auto& [name, value] : response.headers) message.insert(name, value);
  message.body() = head ? std::string() : response.body;
  try {
    message.prepare_payload();
  } catch (const std::exception& e) {
    weft::fuzz::report(std::string("Beast refuses the answer: ") + e.what(), request);
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  weft::fuzz::init();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const auto auth = weft::fuzz::as_auth(data[0]);
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  for (int served = 0; served < kMaxRequests && !rest.empty(); ++served) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(kHeaderLimit);
    parser.body_limit(kBodyLimit);
    parser.eager(true);
    boost::beast::error_code ec;
    while (!parser.is_done()) {
      std::size_t used = parser.put(boost::asio::const_buffer(rest.data(), rest.size()), ec);
      rest.remove_prefix(used);
      if (ec == bhttp::error::need_more) {
        ec = {};
        if (used == 0 || rest.empty()) {
          parser.put_eof(ec);  // the client closed the connection here
          break;
        }
        continue;
      }
      if (ec || used == 0) break;
    }
    if (ec || !parser.is_done()) return 0;  // the server answers 400 or 413 and closes

    bhttp::request<bhttp::string_body> message = parser.release();
    Request request = to_request(message, "192.0.2.1");
    encode_plain_cursors(request);
    if (boost::beast::websocket::is_upgrade(message)) {
      weft::fuzz::upgrade(request, auth);
      return 0;  // the connection is a WebSocket now, or closed
    }
    Response response = weft::fuzz::handle(request, auth);
    if (response.status < 200) weft::fuzz::report("a 1xx answer to a plain request", request);
    to_message(request, response, message.version(), message.method() == bhttp::verb::head);
    if (!message.keep_alive()) break;
  }
  return 0;
}
