// Helpers shared by the routes of problems, ideas and proposals. Internal to api/.
#pragma once

#include <initializer_list>
#include <string>

#include <boost/json/object.hpp>

#include "core/cursor.h"
#include "core/error.h"
#include "http/router.h"

namespace weft::api::detail {

// A vote's "value": 1, -1 or 0 (withdrawn).
Result<int> read_vote(const boost::json::object& body);
// A query filter that must be empty or one of `allowed`.
Result<std::string> read_filter(http::Context& context, const char* name,
                                std::initializer_list<const char*> allowed);
Result<cursor::PageRequest> page_of(http::Context& context);

}  // namespace weft::api::detail
