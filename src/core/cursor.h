// Opaque pagination cursors. A cursor carries the sort key of the last item a page showed; the
// client passes it back unchanged. Decoding rejects anything this server did not produce.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace weft::cursor {

std::string encode(const std::vector<std::string>& parts);
// nullopt when `text` is not a cursor with exactly `expected_parts` parts.
std::optional<std::vector<std::string>> decode(std::string_view text, std::size_t expected_parts);

// A page request: the decoded key parts (empty for the first page) and a checked limit.
struct PageRequest {
  std::vector<std::string> after;
  int limit = 20;
};
// Reads `cursor` and `limit` query values (either may be empty: defaults).
Result<PageRequest> page_request(std::string_view cursor, std::string_view limit,
                                 std::size_t key_parts);

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_cursor;
};

}  // namespace weft::cursor
