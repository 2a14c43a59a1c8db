// HTTP responses of JSON bodies (lists, pages); the shapes themselves are in wire/.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "core/cursor.h"
#include "http/message.h"
#include "wire/wire.h"

namespace weft::api {

// The wire shapes, under the names api/ has always used.
using wire::id_value;
using wire::person_json;
using wire::unit_json;
using wire::summary_json;
using wire::post_json;
using wire::notification_json;
using wire::space_json;
using wire::problem_json;
using wire::solution_json;
using wire::idea_json;
using wire::proposal_json;
using wire::time_value;

// {"items":[...],"next_cursor":...}
http::Response list_response(boost::json::array items, const std::optional<std::string>& next_cursor);
http::Response json_response(int status, const boost::json::value& value);

template <typename T, typename ToJson>
http::Response page_response(const cursor::Page<T>& page, ToJson&& to_json) {
  boost::json::array items;
  items.reserve(page.items.size());
  for (const auto& item : page.items) items.push_back(to_json(item));
  return list_response(std::move(items), page.next_cursor);
}

// The same page written as text by `append(out, item)` (wire::append_post_json, …): no objects
// built for the lists read most.
http::Response page_text_response(std::string items, const std::optional<std::string>& next_cursor);
template <typename T, typename Append>
http::Response page_response_text(const cursor::Page<T>& page, Append&& append) {
  std::string items;
  items.reserve(1024 * page.items.size() + 64);
  items += "{\"items\":[";
  bool first = true;
  for (const auto& item : page.items) {
    if (!first) items += ',';
    first = false;
    append(items, item);
  }
  return page_text_response(std::move(items), page.next_cursor);
}

}  // namespace weft::api
