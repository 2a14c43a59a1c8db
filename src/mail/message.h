// E-mail messages Weft writes: addresses checked, header values that cannot carry a second header
// (CR, LF and other controls removed; non-ASCII text as RFC 2047 encoded words), and the message
// itself in RFC 5322 form with a text/plain UTF-8 body (quoted-printable).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace weft::mail {

// Whether `address` is a plain addr-spec: one '@', a local part and a domain of printable ASCII
// without spaces, quotes, angle brackets, commas, semicolons or controls, at most 254 bytes.
bool valid_address(std::string_view address);
// The address inside "Name <addr>" or a bare address; nullopt when there is none that is valid.
std::optional<std::string> address_in(std::string_view mailbox);
// A header value on one line: controls dropped, runs of white space as one space, trimmed, at
// most `max` characters (UTF-8 aware), non-ASCII as encoded words.
std::string header_text(std::string_view value, std::size_t max = 200);
// "Display Name" <addr> with the name made safe (quoted or encoded).
std::string mailbox(std::string_view name, std::string_view address);

struct Message {
  std::string from;      // a mailbox (header form)
  std::string to;        // an address
  std::string subject;   // raw text: made safe here
  std::string body;      // UTF-8 text
  std::string message_id;  // without angle brackets
  std::optional<std::string> reply_to;  // an address
  std::vector<std::pair<std::string, std::string>> headers;  // further headers, values made safe
  long long date = 0;    // seconds
};
// The message as sent (CRLF line ends, quoted-printable body).
std::string render(const Message& message);
// Quoted-printable (RFC 2045), lines at most 76 characters, CRLF line ends.
std::string quoted_printable(std::string_view text);

}  // namespace weft::mail
