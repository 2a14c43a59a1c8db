#include "core/text.h"

#include <algorithm>

namespace weft::text {
namespace {

bool ascii_alnum(unsigned char c) { return std::isalnum(c) != 0; }
// Letters and digits of any script count; every byte of a multi-byte UTF-8 character is >= 0x80.
bool word_byte(unsigned char c) { return ascii_alnum(c) || c >= 0x80; }
bool topic_byte(unsigned char c) { return word_byte(c) || c == '_' || c == '-'; }
bool handle_byte(unsigned char c) {
  return ascii_alnum(c) || c == '.' || c == '_' || c == '-';
}

void add_unique(std::vector<std::string>& out, std::string value) {
  if (std::find(out.begin(), out.end(), value) == out.end()) out.push_back(std::move(value));
}

}  // namespace

std::string lowercase_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool valid_topic(std::string_view name) {
  if (name.empty() || name.size() > 50) return false;
  bool has_non_digit = false;
  for (unsigned char c : name) {
    if (!topic_byte(c)) return false;
    if (!std::isdigit(c)) has_non_digit = true;
  }
  return has_non_digit;
}

std::vector<std::string> topics(std::string_view body) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '#') continue;
    if (i > 0) {
      unsigned char before = body[i - 1];
      if (word_byte(before) || before == '&' || before == '#') continue;
    }
    std::size_t end = i + 1;
    while (end < body.size() && topic_byte(body[end])) ++end;
    std::string name = lowercase_ascii(body.substr(i + 1, end - i - 1));
    while (!name.empty() && (name.back() == '-' || name.back() == '_')) name.pop_back();
    if (valid_topic(name)) add_unique(out, name);
    i = end - 1;
  }
  return out;
}

std::vector<std::string> mentions(std::string_view body) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '@') continue;
    if (i > 0 && (word_byte(body[i - 1]) || body[i - 1] == '@')) continue;  // e-mail addresses
    std::size_t end = i + 1;
    while (end < body.size() && handle_byte(body[end])) ++end;
    std::string handle = lowercase_ascii(body.substr(i + 1, end - i - 1));
    while (!handle.empty() && (handle.back() == '.' || handle.back() == '-')) handle.pop_back();
    if (handle.size() >= 2 && handle.size() <= 40) add_unique(out, handle);
    i = end - 1;
  }
  return out;
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace weft::text
