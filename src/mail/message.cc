#include "mail/message.h"

#include <ctime>

#include "core/crypto.h"

namespace weft::mail {
namespace {

bool allowed_in_address(unsigned char ch) {
  if (ch <= 0x20 || ch >= 0x7f) return false;
  switch (ch) {
    case '"': case '<': case '>': case ',': case ';': case '(': case ')': case '[': case ']': case '\\': case ':':
      return false;
    default:
      return true;
  }
}

// At most `max` UTF-8 characters of `text` (never cutting a character).
std::string clip_utf8(std::string_view text, std::size_t max) {
  std::size_t count = 0, i = 0;
  while (i < text.size() && count < max) {
    unsigned char ch = static_cast<unsigned char>(text[i]);
    std::size_t len = ch < 0x80 ? 1 : (ch >> 5) == 6 ? 2 : (ch >> 4) == 14 ? 3 : (ch >> 3) == 30 ? 4 : 1;
    i += len;
    ++count;
  }
  return std::string(text.substr(0, std::min(i, text.size())));
}

// RFC 2047 encoded words (base64), each at most 75 characters, split between characters.
std::string encoded_words(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t j = i;
    // 45 bytes of text make 60 characters of base64, within 75 with the markers.
    while (j < text.size() && j - i < 45) {
      unsigned char ch = static_cast<unsigned char>(text[j]);
      std::size_t len = ch < 0x80 ? 1 : (ch >> 5) == 6 ? 2 : (ch >> 4) == 14 ? 3 : (ch >> 3) == 30 ? 4 : 1;
      if (j - i + len > 45) break;
      j += len;
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + crypto::base64_encode(text.substr(i, j - i)) + "?=";
    i = j;
  }
  return out;
}

bool ascii(std::string_view text) {
  for (unsigned char ch : text) {
    if (ch >= 0x80) return false;
  }
  return true;
}

// One line of text: controls (CR and LF among them) gone, white space collapsed, trimmed.
std::string one_line(std::string_view value) {
  std::string out;
  bool space = false;
  for (unsigned char ch : value) {
    if (ch < 0x20 || ch == 0x7f || ch == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(ch);
  }
  return out;
}

}  // namespace

bool valid_address(std::string_view address) {
  if (address.empty() || address.size() > 254) return false;
  auto at = address.find('@');
  if (at == 0 || at == std::string_view::npos || at != address.rfind('@') || at + 1 >= address.size()) return false;
  for (unsigned char ch : address) {
    if (ch != '@' && !allowed_in_address(ch)) return false;
  }
  std::string_view domain = address.substr(at + 1);
  return domain.find('.') != std::string_view::npos && domain.front() != '.' && domain.back() != '.' &&
         domain.find("..") == std::string_view::npos;
}

std::optional<std::string> address_in(std::string_view mailbox_text) {
  std::string_view text = mailbox_text;
  auto open = text.rfind('<');
  if (open != std::string_view::npos) {
    auto close = text.find('>', open);
    if (close == std::string_view::npos) return std::nullopt;
    text = text.substr(open + 1, close - open - 1);
  }
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (!valid_address(text)) return std::nullopt;
  return std::string(text);
}

std::string header_text(std::string_view value, std::size_t max) {
  std::string line = clip_utf8(one_line(value), max);
  if (ascii(line)) return line;
  return encoded_words(line);
}

std::string mailbox(std::string_view name, std::string_view address) {
  std::string line = clip_utf8(one_line(name), 100);
  if (line.empty()) return "<" + std::string(address) + ">";
  if (!ascii(line)) return encoded_words(line) + " <" + std::string(address) + ">";
  std::string quoted = "\"";
  for (char ch : line) {
    if (ch == '"' || ch == '\\') quoted += '\\';
    quoted += ch;
  }
  return quoted + "\" <" + std::string(address) + ">";
}

std::string quoted_printable(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  std::size_t column = 0;
  auto put = [&](const std::string& piece) {
    if (column + piece.size() > 75) {
      out += "=\r\n";
      column = 0;
    }
    out += piece;
    column += piece.size();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char ch = static_cast<unsigned char>(text[i]);
    if (ch == '\r') continue;
    if (ch == '\n') {
      // White space before a line end is encoded (it would be lost otherwise).
      if (!out.empty() && (out.back() == ' ' || out.back() == '\t') && column > 0) {
        char last = out.back();
        out.pop_back();
        --column;
        put(std::string("=") + hex[static_cast<unsigned char>(last) >> 4] + hex[last & 15]);
      }
      out += "\r\n";
      column = 0;
      continue;
    }
    // A leading "." or "From " is encoded too (SMTP dot-stuffing and mbox quoting need nothing then).
    const bool leading_dot = ch == '.' && column == 0;
    if ((ch >= 33 && ch <= 126 && ch != '=' && !leading_dot) || ch == ' ' || ch == '\t') {
      put(std::string(1, static_cast<char>(ch)));
    } else {
      put(std::string("=") + hex[ch >> 4] + hex[ch & 15]);
    }
  }
  return out;
}

std::string render(const Message& m) {
  char date[64];
  std::time_t t = static_cast<std::time_t>(m.date);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  std::string out;
  out += "Date: " + std::string(date) + "\r\n";
  out += "From: " + m.from + "\r\n";
  out += "To: <" + m.to + ">\r\n";
  if (m.reply_to) out += "Reply-To: <" + *m.reply_to + ">\r\n";
  out += "Subject: " + header_text(m.subject, 150) + "\r\n";
  out += "Message-ID: <" + m.message_id + ">\r\n";
  for (const auto& [name, value] : m.headers) out += one_line(name) + ": " + one_line(value) + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: quoted-printable\r\n";
  out += "\r\n";
  out += quoted_printable(m.body);
  if (!out.ends_with("\r\n")) out += "\r\n";
  return out;
}

}  // namespace weft::mail
