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

// What each part of a list's cursor must be. Cursors are client input: every part is checked
// before a query sees it.
enum class Part {
  kId,      // a row id: 1 .. 2^63-1
  kOffset,  // a position in a ranked list: 1 .. the list's window
  kName,    // a sort key: at most 400 bytes of valid UTF-8
};

// A page request: the decoded key parts (empty for the first page) and a checked limit.
struct PageRequest {
  std::vector<std::string> after;
  std::vector<int64_t> numbers;  // per part: the value of an id or offset part, else 0
  int limit = 20;
  bool first() const { return after.empty(); }
  // The id or offset at `index`, or `otherwise` on the first page.
  int64_t number(std::size_t index, int64_t otherwise) const {
    return index < numbers.size() ? numbers[index] : otherwise;
  }
};
// Reads `cursor` and `limit` query values (either may be empty: defaults). A cursor that is not
// `parts` exactly, or whose offset exceeds `max_offset`, is invalid_argument on field "cursor".
Result<PageRequest> page_request(std::string_view cursor, std::string_view limit,
                                 std::vector<Part> parts, int64_t max_offset = 0);
// The common shapes: 0 parts (no cursor accepted), 1 (an id), 2 (a name and an id).
Result<PageRequest> page_request(std::string_view cursor, std::string_view limit,
                                 std::size_t key_parts);

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_cursor;
};

}  // namespace weft::cursor
