// JSON request bodies: core/json.h's parse_object and readers on every key of the body, then the
// body sent to one of the App's POST/PUT/PATCH routes, so that every API body decoder (and what it
// hands to actions/) sees it.
//
// Input: a byte choosing the route (fuzz::body_routes(), in registration order), a byte choosing
// the caller (fuzz::as_auth), a byte choosing the path parameters (ids 1..4 of the seeded content,
// topics, reaction kinds, skills), then the body.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/json.h"
#include "fuzz_support.h"
#include "http/message.h"

namespace {

using weft::http::Request;
namespace json = weft::json;

[[noreturn]] void broken(const std::string& what, std::string_view body) {
  Request request;
  request.method = "(readers)";
  request.body = std::string(body);
  weft::fuzz::report(what, request);
}

// The readers of core/json.h on one key; what they answer must hold what they promise.
void read_key(const boost::json::object& body, std::string_view key, std::string_view raw) {
  const json::Bounds bounds{1, 40};
  auto check_text = [&](const std::string& text, const json::Bounds& b) {
    if (!json::valid_utf8(text)) broken("a reader answered invalid UTF-8", raw);
    std::size_t length = json::utf8_length(text);
    if (length < b.min || length > b.max) broken("a reader answered a string out of its bounds", raw);
    if (!text.empty() && (text.front() == ' ' || text.back() == ' ' || text.front() == '\n' ||
                          text.back() == '\n' || text.front() == '\t' || text.back() == '\t')) {
      broken("a reader answered untrimmed text", raw);
    }
  };
  if (auto text = json::required_string(body, key, bounds)) check_text(*text, bounds);
  if (auto text = json::optional_string(body, key, {0, 4000}); text && *text) check_text(**text, {0, 4000});
  if (auto list = json::optional_string_list(body, key, 50, {1, 60}); list && *list) {
    if ((*list)->size() > 50) broken("a list reader answered too many items", raw);
    for (const auto& item : **list) check_text(item, {1, 60});
  }
  if (auto id = json::optional_id(body, key); id && id->value && *id->value <= 0) {
    broken("optional_id answered an id below 1", raw);
  }
  (void)json::optional_bool(body, key);
  const boost::json::value& value = body.at(key);
  if (value.is_string()) {
    std::string_view text = value.as_string();
    if (auto id = json::parse_id(text); id && (*id <= 0 || text.size() > 18)) {
      broken("parse_id accepted " + std::string(text), raw);
    }
    if (!json::valid_utf8(text)) broken("Boost.JSON passed invalid UTF-8", raw);
  }
}

// A path parameter for `name`, chosen by two bits of `choice`.
std::string param_value(std::string_view name, unsigned choice) {
  static const char* const kKinds[] = {"like", "celebrate", "insightful", "nope"};
  static const char* const kTopics[] = {"launch", "q3-planning", "engineering", "new-topic"};
  static const char* const kSkills[] = {"sqlite", "c++", "rust", "SQLite"};
  choice &= 3;
  if (name == "kind") return kKinds[choice];
  if (name == "name") return kTopics[choice];
  if (name == "skill") return kSkills[choice];
  return std::to_string(choice + 1);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  weft::fuzz::init();
  if (std::getenv("WEFT_FUZZ_LIST_ROUTES")) {  // for make_corpus.py --json-routes
    for (const auto& route : weft::fuzz::body_routes()) {
      std::printf("route %s %s\n", route.method.c_str(), route.pattern.c_str());
    }
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const auto& routes = weft::fuzz::body_routes();
  if (routes.empty()) std::abort();
  const auto& route = routes[data[0] % routes.size()];
  const auto auth = weft::fuzz::as_auth(data[1]);
  unsigned choice = data[2];
  std::string_view body(reinterpret_cast<const char*>(data) + 3, size - 3);

  if (auto object = json::parse_object(body)) {
    for (const auto& item : *object) read_key(*object, item.key(), body);
  }

  Request request;
  request.method = route.method;
  std::string_view pattern = route.pattern;
  while (!pattern.empty()) {
    auto open = pattern.find('{');
    request.path += pattern.substr(0, open);
    if (open == std::string_view::npos) break;
    auto close = pattern.find('}', open);
    request.path += param_value(pattern.substr(open + 1, close - open - 1), choice);
    choice >>= 2;
    pattern.remove_prefix(close + 1);
  }
  request.target = request.path;
  request.headers.emplace_back("content-type", "application/json");
  request.headers.emplace_back("content-length", std::to_string(body.size()));
  request.body = std::string(body);
  request.remote_address = "192.0.2.1";
  weft::fuzz::handle(request, auth);
  return 0;
}
