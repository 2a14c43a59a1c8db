// Pagination cursors (core/cursor.h): decode() and page_request() on any text, any part count and
// any limit, and encode() → decode() giving back the parts it was given.
//
// Input: a byte for the number of key parts (its value mod 5; its upper bits choose each part's
// kind and the offset window), then the cursor text; a newline splits off
// the `limit` value. The same bytes, split at '|', are also encoded as parts and decoded again.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/cursor.h"
#include "core/json.h"
#include "fuzz_support.h"
#include "http/message.h"

namespace {

namespace cursor = weft::cursor;

[[noreturn]] void broken(const std::string& what, std::string_view input) {
  weft::http::Request request;
  request.method = "(cursor)";
  request.target = std::string(input);
  weft::fuzz::report(what, request);
}

bool digits(const std::string& text) {
  if (text.empty() || text.size() > 19) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::size_t parts = data[0] % 5;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto newline = input.find('\n');
  std::string_view text = input.substr(0, newline);
  std::string_view limit = newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);

  if (auto decoded = cursor::decode(text, parts); decoded && decoded->size() != parts) {
    broken("decode answered " + std::to_string(decoded->size()) + " parts, not " + std::to_string(parts), input);
  }

  // The typed form: up to 3 parts, each an id, an offset or a name (two bits each of the first
  // byte's upper bits), offsets bounded by a window from 0 to 3,000.
  std::vector<cursor::Part> kinds;
  for (std::size_t i = 0; i < parts && i < 3; ++i) {
    kinds.push_back(static_cast<cursor::Part>(((data[0] >> (2 * i + 2)) & 3) % 3));
  }
  const int64_t window = static_cast<int64_t>(data[0]) * 12;
  if (auto page = cursor::page_request(text, limit, kinds, window)) {
    if (page->limit < 1 || page->limit > 100) broken("page_request let through limit " + std::to_string(page->limit), input);
    if (text.empty() && !page->first()) broken("page_request found parts in no cursor", input);
    if (!text.empty()) {
      if (page->after.size() != kinds.size() || page->numbers.size() != kinds.size()) {
        broken("page_request answered the wrong number of parts", input);
      }
      for (std::size_t i = 0; i < kinds.size(); ++i) {
        const auto& part = page->after[i];
        const int64_t number = page->numbers[i];
        switch (kinds[i]) {
          case cursor::Part::kId:
            if (number < 1 || !digits(part) || std::to_string(number) != part) broken("page_request let through id " + part, input);
            break;
          case cursor::Part::kOffset:
            // An offset may be 0 (a mixed search's first page can hold no posts; the next starts at the first).
            if (number < 0 || number > window || std::to_string(number) != part) broken("page_request let through offset " + part, input);
            break;
          case cursor::Part::kName:
            if (part.size() > 400 || !weft::json::valid_utf8(part)) broken("page_request let through a bad name", input);
            break;
        }
      }
    }
  } else if (page.error().field != "cursor" && page.error().field != "limit") {
    broken("page_request failed on field " + page.error().field, input);
  }
  // The common shapes (0, 1 or 2 key parts).
  if (auto page = cursor::page_request(text, limit, parts % 3); page && !text.empty() && page->after.size() != parts % 3) {
    broken("page_request(key_parts) answered the wrong number of parts", input);
  }

  // Round trip: what encode() gives, decode() gives back.
  std::vector<std::string> given;
  std::string_view rest = input;
  while (given.size() < 6) {
    auto bar = rest.find('|');
    std::string part(rest.substr(0, bar));
    std::erase(part, '\x1f');  // the separator cannot be in a part
    given.push_back(std::move(part));
    if (bar == std::string_view::npos) break;
    rest.remove_prefix(bar + 1);
  }
  std::string encoded = cursor::encode(given);
  auto back = cursor::decode(encoded, given.size());
  if (encoded.size() <= 2048) {
    if (!back || *back != given) broken("decode(encode(parts)) lost the parts", input);
  } else if (back) {
    broken("decode accepted a cursor over 2048 characters", input);
  }
  return 0;
}
