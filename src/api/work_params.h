// Helpers shared by the routes of problems, ideas and proposals. Internal to api/.
#pragma once

#include <initializer_list>
#include <optional>
#include <utility>
#include <string>

#include <boost/json/object.hpp>

#include "core/cursor.h"
#include "core/error.h"
#include "api/serialize.h"
#include "http/router.h"
#include "queries/work.h"

namespace weft::api::detail {

// A vote's "value": 1, -1 or 0 (withdrawn).
Result<int> read_vote(const boost::json::object& body);
// A query filter that must be empty or one of `allowed`.
Result<std::string> read_filter(http::Context& context, const char* name,
                                std::initializer_list<const char*> allowed);
Result<cursor::PageRequest> page_of(http::Context& context);
// The space_id and unit_id filters of the lists across spaces (optional ids).
Result<std::pair<std::optional<int64_t>, std::optional<int64_t>>> space_and_unit(http::Context& context);

// {"items","next_cursor","counts":{state: n},"spaces":[{"id","name","visibility"}]}
template <typename T, typename ToJson>
http::Response across_response(const queries::WorkAcross<T>& list, ToJson&& to_json) {
  boost::json::object body;
  boost::json::array items;
  for (const auto& item : list.page.items) items.push_back(to_json(item));
  body["items"] = std::move(items);
  body["next_cursor"] = list.page.next_cursor ? boost::json::value(*list.page.next_cursor) : boost::json::value(nullptr);
  boost::json::object counts;
  for (const auto& [state, n] : list.counts) counts[state] = n;
  body["counts"] = std::move(counts);
  boost::json::array spaces;
  for (const auto& s : list.spaces) {
    spaces.push_back({{"id", std::to_string(s.id)}, {"name", s.name}, {"visibility", s.visibility}});
  }
  body["spaces"] = std::move(spaces);
  return json_response(200, body);
}

}  // namespace weft::api::detail
