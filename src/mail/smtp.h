// Sending through the organization's SMTP relay with libcurl (smtp:// with STARTTLS, smtps:// for
// TLS from the start, AUTH when a user is set). One Relay keeps its connection between messages.
#pragma once

#include <memory>
#include <string>

namespace weft::mail {

struct RelaySettings {
  std::string url;        // smtp://host:port or smtps://host:port; empty: no relay (nothing is sent)
  std::string user;       // AUTH when set
  std::string password;
  std::string starttls = "try";  // smtp://: required, try or off
  bool verify_tls = true;        // false only for a test relay with a self-signed certificate
  long timeout_ms = 30000;
};

struct SendResult {
  bool ok = false;
  bool permanent = false;  // the relay refused for good (a 5xx answer): no retry
  long smtp_code = 0;
  std::string error;
};

class Relay {
 public:
  explicit Relay(RelaySettings settings);
  ~Relay();
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;
  bool configured() const { return !settings_.url.empty(); }
  // Sends `message` (RFC 5322, CRLF line ends) from `from` to `to` (bare addresses).
  SendResult send(const std::string& from, const std::string& to, const std::string& message);

 private:
  RelaySettings settings_;
  void* curl_ = nullptr;  // CURL*, reused so that the connection is kept
};

}  // namespace weft::mail
