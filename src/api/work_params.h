// Helpers shared by the routes of problems, ideas and proposals. Internal to api/.
#pragma once

#include <initializer_list>
#include <optional>
#include <utility>
#include <string>

#include <boost/json/object.hpp>

#include "core/cursor.h"
#include "core/error.h"
#include "core/limits.h"
#include "api/serialize.h"
#include "http/router.h"
#include "queries/work.h"
#include "wire/shape.h"

namespace weft::api::detail {

// A vote's "value": 1, -1 or 0 (withdrawn).
Result<int> read_vote(const boost::json::object& body);
// A query filter that must be empty or one of `allowed`.
Result<std::string> read_filter(http::Context& context, const char* name,
                                std::initializer_list<const char*> allowed);
Result<cursor::PageRequest> page_of(http::Context& context);
// The space_id and unit_id filters of the lists across spaces (optional ids).
Result<std::pair<std::optional<int64_t>, std::optional<int64_t>>> space_and_unit(http::Context& context);

// {"body"}: a solution, a comment on an idea.
struct TextBodyIn {
  std::string body;
};
inline constexpr auto kTextBody = [](auto& r, TextBodyIn& in) {
  r.text("body", in.body, {.description = "Markdown text", .length = limits::kAnswer});
};

// {"value"}: a vote on a solution or an idea (1 up, -1 down, 0 withdrawn).
struct VoteIn {
  int64_t value = 0;
};
inline constexpr auto kVote = [](auto& r, VoteIn& in) {
  r.integer("value", in.value, {.int_one_of = {-1, 0, 1}, .description = "1 up, -1 down, 0 withdraws the vote"});
};

inline constexpr auto kSpaceName = [](auto& w, const queries::SpaceName& s) {
  w.id("id", s.id);
  w.text("name", s.name);
  w.text("visibility", s.visibility, {.one_of = {"public", "private", "secret"}});
};

// The shape of a list across spaces: {"items","next_cursor","counts":{state: n},"spaces":[SpaceName]};
// `item` names the items' shared shape, which `to_json` writes.
template <typename T, typename ToJson>
auto across_shape(const char* item, ToJson to_json, const char* counts) {
  return [=](auto& w, const queries::WorkAcross<T>& list) {
    w.shape_list("items", item, list.page.items, to_json);
    w.text_or_null("next_cursor", list.page.next_cursor);
    w.integer_map("counts", list.counts, {.description = counts});
    w.array("spaces", "SpaceName", list.spaces, kSpaceName, {.description = "the spaces of the page's items"});
  };
}

template <typename T, typename Shape>
http::Response across_response(const queries::WorkAcross<T>& list, const Shape& shape) {
  return json_response(200, wire::to_json(list, shape));
}

}  // namespace weft::api::detail
