// Pagination cursors (core/cursor.h): decode() and page_request() on any text, any part count and
// any limit, and encode() → decode() giving back the parts it was given.
//
// Input: a byte for the number of key parts (0..4), then the cursor text; a newline splits off
// the `limit` value. The same bytes, split at '|', are also encoded as parts and decoded again.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/cursor.h"
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

  if (auto page = cursor::page_request(text, limit, parts)) {
    if (page->limit < 1 || page->limit > 100) broken("page_request let through limit " + std::to_string(page->limit), input);
    if (text.empty() && !page->after.empty()) broken("page_request found parts in no cursor", input);
    if (!text.empty()) {
      if (page->after.size() != parts) broken("page_request answered the wrong number of parts", input);
      if (parts > 0 && !digits(page->after.back())) broken("page_request let through a cursor that does not end in a number", input);
    }
  } else if (page.error().field != "cursor" && page.error().field != "limit") {
    broken("page_request failed on field " + page.error().field, input);
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
