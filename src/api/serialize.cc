#include "api/serialize.h"

#include "core/clock.h"
#include "core/json.h"

namespace weft::api {

http::Response list_response(boost::json::array items, const std::optional<std::string>& next_cursor) {
  boost::json::object body;
  body["items"] = std::move(items);
  body["next_cursor"] = next_cursor ? boost::json::value(*next_cursor) : boost::json::value(nullptr);
  return http::Response::json(200, json::to_text(body));
}

http::Response page_text_response(std::string items, const std::optional<std::string>& next_cursor) {
  items += "],\"next_cursor\":";
  if (next_cursor) {
    json::append_string(items, *next_cursor);
  } else {
    items += "null";
  }
  items += '}';
  return http::Response::json(200, std::move(items));
}

http::Response json_response(int status, const boost::json::value& value) {
  return http::Response::json(status, json::to_text(value));
}

}  // namespace weft::api
