#include "api/work_params.h"

#include "core/json.h"

namespace weft::api::detail {

Result<int> read_vote(const boost::json::object& body) {
  VoteIn in;
  WEFT_TRY_VOID(wire::read(body, in, kVote));
  return static_cast<int>(in.value);
}

Result<std::string> read_filter(http::Context& context, const char* name,
                                std::initializer_list<const char*> allowed) {
  std::string value = context.request.query(name);
  if (value.empty()) return value;
  for (const char* candidate : allowed) {
    if (value == candidate) return value;
  }
  return invalid(name, std::string(name) + " is not one of the allowed values.");
}

Result<std::pair<std::optional<int64_t>, std::optional<int64_t>>> space_and_unit(http::Context& context) {
  std::pair<std::optional<int64_t>, std::optional<int64_t>> out;
  for (auto [name, target] : {std::pair{"space_id", &out.first}, std::pair{"unit_id", &out.second}}) {
    const std::string text = context.request.query(name);
    if (text.empty()) continue;
    auto id = json::parse_id(text);
    if (!id) return invalid(name, std::string(name) + " must be an id.");
    *target = *id;
  }
  return out;
}

Result<cursor::PageRequest> page_of(http::Context& context) {
  return cursor::page_request(context.request.query("cursor"), context.request.query("limit"), 1);
}

}  // namespace weft::api::detail
