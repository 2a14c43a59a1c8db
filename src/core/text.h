// Text helpers for posts: finding #topics and @handles in a body, and HTML escaping.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace weft::text {

// Lowercase topic names, in order of first appearance, without duplicates.
std::vector<std::string> topics(std::string_view body);
// Lowercase handles, in order of first appearance, without duplicates (not checked to exist).
std::vector<std::string> mentions(std::string_view body);
// A valid topic name (as in URLs): 1..50 of letters, digits, '_' and '-', not only digits.
bool valid_topic(std::string_view name);
std::string lowercase_ascii(std::string_view text);
std::string html_escape(std::string_view text);

}  // namespace weft::text
