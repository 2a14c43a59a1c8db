#include "mail/smtp.h"

#include <curl/curl.h>

#include <cstring>
#include <mutex>

namespace weft::mail {
namespace {

struct Upload {
  const std::string* data;
  std::size_t offset = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t room = size * count;
  const std::size_t left = upload->data->size() - upload->offset;
  const std::size_t n = std::min(room, left);
  std::memcpy(buffer, upload->data->data() + upload->offset, n);
  upload->offset += n;
  return n;
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

Relay::Relay(RelaySettings settings) : settings_(std::move(settings)) { global_init(); }

Relay::~Relay() {
  if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

SendResult Relay::send(const std::string& from, const std::string& to, const std::string& message) {
  SendResult result;
  if (!configured()) {
    result.error = "No SMTP relay is configured (WEFT_SMTP_URL).";
    return result;
  }
  if (!curl_) curl_ = curl_easy_init();
  CURL* curl = static_cast<CURL*>(curl_);
  if (!curl) {
    result.error = "libcurl could not start.";
    return result;
  }
  curl_easy_reset(curl);
  char error[CURL_ERROR_SIZE] = {0};
  Upload upload{&message};
  const std::string mail_from = "<" + from + ">";
  const std::string rcpt = "<" + to + ">";
  curl_slist* recipients = curl_slist_append(nullptr, rcpt.c_str());
  curl_easy_setopt(curl, CURLOPT_URL, settings_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, settings_.timeout_ms);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, std::min(settings_.timeout_ms, 10000L));
  if (settings_.url.starts_with("smtp://")) {
    const long use_ssl = settings_.starttls == "required" ? CURLUSESSL_ALL
                         : settings_.starttls == "off"    ? CURLUSESSL_NONE
                                                          : CURLUSESSL_TRY;
    curl_easy_setopt(curl, CURLOPT_USE_SSL, use_ssl);
  }
  if (!settings_.verify_tls) {
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (!settings_.user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  const CURLcode code = curl_easy_perform(curl);
  curl_slist_free_all(recipients);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.smtp_code);
  if (code == CURLE_OK) {
    result.ok = true;
    return result;
  }
  result.error = error[0] ? std::string(error) : std::string(curl_easy_strerror(code));
  if (result.smtp_code) result.error += " (SMTP " + std::to_string(result.smtp_code) + ")";
  // A refusal of the recipient or the message is final; a refused login is the relay's
  // configuration, which an admin fixes: that one is retried.
  result.permanent = result.smtp_code >= 500 && result.smtp_code < 600 && code != CURLE_LOGIN_DENIED;
  return result;
}

}  // namespace weft::mail
