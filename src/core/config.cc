#include "core/config.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <string_view>
#include <thread>
#include <vector>

namespace weft {
namespace {
std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}
}  // namespace

Result<std::pair<std::string, uint16_t>> parse_listen(const std::string& text) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return invalid("listen", "listen must look like 127.0.0.1:8080");
  }
  std::string host = text.substr(0, colon);
  std::string port_text = text.substr(colon + 1);
  unsigned port = 0;
  auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || ptr != port_text.data() + port_text.size() || port > 65535) {
    return invalid("listen", "listen port must be 0..65535");
  }
  return std::pair{host, static_cast<uint16_t>(port)};
}

namespace {
// spdlog reads a name it does not know as "off": every later error would vanish.
Result<void> check_log_level(const char* name, const std::string& level) {
  static constexpr const char* kLevels[] = {"trace", "debug", "info", "warn", "warning", "error", "err", "critical", "off"};
  for (const char* known : kLevels) {
    if (level == known) return {};
  }
  return invalid(name, std::string(name) + " must be one of trace, debug, info, warn, error, critical, off.");
}

Result<int> positive(const char* name, const std::string& text, int max) {
  int value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < 1 || value > max) {
    return invalid(name, std::string(name) + " must be a whole number from 1 to " + std::to_string(max) + ".");
  }
  return value;
}

// Milliseconds between rounds, 0 to 10,000; `zero_means` says what 0 does, for the error.
Result<int> round_ms(const char* name, const std::string& text, const char* zero_means) {
  if (text == "0") return 0;
  auto value = positive(name, text, 10000);
  if (!value) {
    return invalid(name, std::string(name) + " must be a whole number from 0 (" + zero_means + ") to 10000.");
  }
  return value;
}
}  // namespace

Result<double> parse_retry_scale(const std::string& name, const std::string& text) {
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || !(value > 0) || value > 1000) {
    return invalid(name, name + " must be a number greater than 0 and at most 1000, e.g. 0.001.");
  }
  return value;
}

namespace {

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto comma = text.find(',', start);
    std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    while (!item.empty() && item.front() == ' ') item.erase(0, 1);
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// 0, or a whole number from 1 to `max`.
Result<int> zero_or_positive(const char* name, const std::string& text, int max) {
  if (text == "0") return 0;
  return positive(name, text, max);
}

// Every setting: its variable, its flag on every command (flags win), and how it is read. `name`
// is what an error names: the variable or the flag, as given.
struct Setting {
  const char* variable;
  const char* flag;
  Result<void> (*apply)(Config& config, const char* name, const std::string& value);
};

// Settings read by the store itself, from the environment: a flag sets the variable.
Result<void> to_environment(const char* variable, const char* name, const std::string& value, int max) {
  WEFT_TRY_VOID(zero_or_positive(name, value, max));
  ::setenv(variable, value.c_str(), 1);
  return {};
}

Result<void> text_to_environment(const char* variable, const std::string& value) {
  ::setenv(variable, value.c_str(), 1);
  return {};
}

// Whether the setting is read from the environment by its own module (a flag sets the variable).
bool read_elsewhere(std::string_view variable) {
  return variable.starts_with("WEFT_SMTP_") || variable.starts_with("WEFT_MAIL_") || variable == "WEFT_MMAP_MB" ||
         variable == "WEFT_WAL_LIMIT_MB" || variable == "WEFT_SLOW_QUERY_MS" || variable == "WEFT_GROUP_COMMIT";
}

const std::vector<Setting>& settings() {
  static const std::vector<Setting> all = {
      {"WEFT_DATA_DIR", "--data-dir",
       [](Config& c, const char*, const std::string& v) -> Result<void> { c.data_dir = v; return {}; }},
      {"WEFT_DATABASE_URL", "--database-url",
       [](Config& c, const char*, const std::string& v) -> Result<void> { c.database_url = v; return {}; }},
      {"WEFT_WEB_DIR", "--web-dir",
       [](Config& c, const char*, const std::string& v) -> Result<void> { c.web_dir = v; return {}; }},
      {"WEFT_THREADS", "--threads",
       [](Config& c, const char* n, const std::string& v) -> Result<void> {
         WEFT_ASSIGN_OR_RETURN(c.threads, positive(n, v, 256));
         return {};
       }},
      {"WEFT_WORKERS", "--workers",
       [](Config& c, const char* n, const std::string& v) -> Result<void> {
         WEFT_ASSIGN_OR_RETURN(c.workers, positive(n, v, 1024));
         return {};
       }},
      {"WEFT_READ_WORKERS", "--read-workers",
       [](Config& c, const char* n, const std::string& v) -> Result<void> {
         WEFT_ASSIGN_OR_RETURN(c.read_workers, positive(n, v, 1024));
         return {};
       }},
      {"WEFT_WRITE_ROUND_MS", "--write-round-ms",
       [](Config& c, const char* n, const std::string& v) -> Result<void> {
         WEFT_ASSIGN_OR_RETURN(c.write_round_ms, round_ms(n, v, "writes always first"));
         return {};
       }},
      {"WEFT_ADMIN_EMAIL", "--admin-email",
       [](Config& c, const char*, const std::string& v) -> Result<void> { c.admin_email = v; return {}; }},
      {"WEFT_ADMIN_PASSWORD", "--admin-password",
       [](Config& c, const char*, const std::string& v) -> Result<void> { c.admin_password = v; return {}; }},
      {"WEFT_WEBHOOK_RETRY_SCALE", "--webhook-retry-scale",
       [](Config& c, const char* n, const std::string& v) -> Result<void> {
         WEFT_ASSIGN_OR_RETURN(c.webhook_retry_scale, parse_retry_scale(n, v));
         return {};
       }},
      {"WEFT_LOG_LEVEL", "--log-level",
       [](Config& c, const char* n, const std::string& v) -> Result<void> {
         WEFT_TRY_VOID(check_log_level(n, v));
         c.log_level = v;
         return {};
       }},
      {"WEFT_PUBLIC_URL", "--public-url",
       [](Config& c, const char* n, const std::string& v) -> Result<void> {
         if (!v.empty() && !v.starts_with("http://") && !v.starts_with("https://")) {
           return invalid(n, std::string(n) + " must start with http:// or https://.");
         }
         c.public_url = v;
         return {};
       }},
      {"WEFT_EXPERT_DAILY_CAP", "--expert-daily-cap",
       [](Config& c, const char* n, const std::string& v) -> Result<void> {
         WEFT_ASSIGN_OR_RETURN(c.expert_daily_cap, zero_or_positive(n, v, 100));
         return {};
       }},
      {"WEFT_STREAM_RECHECK_SECONDS", "--stream-recheck-seconds",
       [](Config& c, const char* n, const std::string& v) -> Result<void> {
         WEFT_ASSIGN_OR_RETURN(c.stream_recheck_seconds, positive(n, v, 3600));
         return {};
       }},
      {"WEFT_VIEW_ROUND_MS", "--view-round-ms",
       [](Config& c, const char* n, const std::string& v) -> Result<void> {
         WEFT_ASSIGN_OR_RETURN(c.view_round_ms, round_ms(n, v, "a round per commit"));
         return {};
       }},
      {"WEFT_ANALYTICS_MIN_GROUP", "--analytics-min-group",
       [](Config& c, const char* n, const std::string& v) -> Result<void> {
         WEFT_ASSIGN_OR_RETURN(c.analytics_min_group, positive(n, v, 1000));
         return {};
       }},
      {"WEFT_ANALYTICS_CACHE_SECONDS", "--analytics-cache-seconds",
       [](Config& c, const char* n, const std::string& v) -> Result<void> {
         WEFT_ASSIGN_OR_RETURN(c.analytics_cache_seconds, zero_or_positive(n, v, 86400));
         return {};
       }},
      {"WEFT_MAX_CONNECTIONS", "--max-connections",
       [](Config& c, const char* n, const std::string& v) -> Result<void> {
         WEFT_ASSIGN_OR_RETURN(c.max_connections, positive(n, v, 1000000));
         return {};
       }},
      {"WEFT_MAX_STREAMS_PER_PERSON", "--max-streams-per-person",
       [](Config& c, const char* n, const std::string& v) -> Result<void> {
         WEFT_ASSIGN_OR_RETURN(c.max_streams_per_person, positive(n, v, 1000));
         return {};
       }},
      {"WEFT_TRUSTED_PROXIES", "--trusted-proxies",
       [](Config& c, const char*, const std::string& v) -> Result<void> {
         c.trusted_proxies = split_list(v);
         return {};
       }},
      {"WEFT_DURABILITY", "--durability",
       [](Config& c, const char* n, const std::string& v) -> Result<void> {
         if (v != "full" && v != "normal") return invalid(n, std::string(n) + " must be full or normal.");
         c.durability_full = v == "full";
         return {};
       }},
      {"WEFT_MMAP_MB", "--mmap-mb",
       [](Config&, const char* n, const std::string& v) { return to_environment("WEFT_MMAP_MB", n, v, 1 << 20); }},
      {"WEFT_WAL_LIMIT_MB", "--wal-limit-mb",
       [](Config&, const char* n, const std::string& v) { return to_environment("WEFT_WAL_LIMIT_MB", n, v, 1 << 20); }},
      {"WEFT_SLOW_QUERY_MS", "--slow-query-ms",
       [](Config&, const char* n, const std::string& v) { return to_environment("WEFT_SLOW_QUERY_MS", n, v, 3600000); }},
      {"WEFT_GROUP_COMMIT", "--group-commit",
       [](Config&, const char* n, const std::string& v) { return to_environment("WEFT_GROUP_COMMIT", n, v, 1); }},
      // Mail (mail/mail.cc reads and checks them when the server starts).
      {"WEFT_SMTP_URL", "--smtp-url", [](Config&, const char*, const std::string& v) { return text_to_environment("WEFT_SMTP_URL", v); }},
      {"WEFT_SMTP_USER", "--smtp-user", [](Config&, const char*, const std::string& v) { return text_to_environment("WEFT_SMTP_USER", v); }},
      {"WEFT_SMTP_PASSWORD", "--smtp-password",
       [](Config&, const char*, const std::string& v) { return text_to_environment("WEFT_SMTP_PASSWORD", v); }},
      {"WEFT_SMTP_STARTTLS", "--smtp-starttls",
       [](Config&, const char*, const std::string& v) { return text_to_environment("WEFT_SMTP_STARTTLS", v); }},
      {"WEFT_SMTP_TLS_VERIFY", "--smtp-tls-verify",
       [](Config&, const char*, const std::string& v) { return text_to_environment("WEFT_SMTP_TLS_VERIFY", v); }},
      {"WEFT_MAIL_FROM", "--mail-from", [](Config&, const char*, const std::string& v) { return text_to_environment("WEFT_MAIL_FROM", v); }},
      {"WEFT_MAIL_REPLY_DOMAIN", "--mail-reply-domain",
       [](Config&, const char*, const std::string& v) { return text_to_environment("WEFT_MAIL_REPLY_DOMAIN", v); }},
      {"WEFT_MAIL_REPLY_DAYS", "--mail-reply-days",
       [](Config&, const char*, const std::string& v) { return text_to_environment("WEFT_MAIL_REPLY_DAYS", v); }},
      {"WEFT_MAIL_DIGEST_HOUR", "--mail-digest-hour",
       [](Config&, const char*, const std::string& v) { return text_to_environment("WEFT_MAIL_DIGEST_HOUR", v); }},
      {"WEFT_MAIL_RETRY_SCALE", "--mail-retry-scale",
       [](Config&, const char*, const std::string& v) { return text_to_environment("WEFT_MAIL_RETRY_SCALE", v); }},
  };
  return all;
}

}  // namespace

Result<Config> config_from_environment() {
  Config config;
  if (auto listen = env("WEFT_LISTEN"); !listen.empty()) {
    auto parsed = parse_listen(listen);
    if (!parsed) {
      return invalid("WEFT_LISTEN", "WEFT_LISTEN=" + listen + ": " + parsed.error().message);
    }
    config.listen_host = parsed->first;
    config.listen_port = parsed->second;
  }
  if (auto allow = env("WEFT_WEBHOOK_ALLOW_PRIVATE"); !allow.empty()) {
    if (allow != "true" && allow != "false") {
      return invalid("WEFT_WEBHOOK_ALLOW_PRIVATE", "WEFT_WEBHOOK_ALLOW_PRIVATE must be true or false.");
    }
    config.webhook_allow_private = allow == "true";
  }
  for (const Setting& setting : settings()) {
    if (read_elsewhere(setting.variable)) continue;
    const std::string value = env(setting.variable);
    if (value.empty()) continue;
    WEFT_TRY_VOID(setting.apply(config, setting.variable, value));
  }
  if (config.threads <= 0) config.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return config;
}

Result<Config> apply_flags(Config config, const std::vector<std::string>& args,
                           std::vector<std::string>* rest) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    std::string name = arg;
    std::string value;
    bool has_value = false;
    if (auto eq = arg.find('='); arg.starts_with("--") && eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      has_value = true;
    }
    auto take = [&]() -> Result<std::string> {
      if (has_value) return value;
      if (i + 1 >= args.size()) return invalid(name, name + " needs a value");
      return args[++i];
    };
    const auto setting = std::find_if(settings().begin(), settings().end(),
                                      [&](const Setting& s) { return name == s.flag; });
    if (name == "--listen") {
      WEFT_ASSIGN_OR_RETURN(auto text, take());
      WEFT_ASSIGN_OR_RETURN(auto listen, parse_listen(text));
      config.listen_host = listen.first;
      config.listen_port = listen.second;
    } else if (name == "--webhook-allow-private") {
      // A flag alone turns it on; "=true" or "=false" says which (a flag wins over the variable).
      if (has_value && value != "true" && value != "false") {
        return invalid(name, "--webhook-allow-private takes true or false");
      }
      config.webhook_allow_private = !has_value || value == "true";
    } else if (setting != settings().end()) {
      WEFT_ASSIGN_OR_RETURN(auto text, take());
      WEFT_TRY_VOID(setting->apply(config, setting->flag, text));
    } else if (rest != nullptr) {
      rest->push_back(arg);
    } else {
      return invalid(arg, "unknown option " + arg);
    }
  }
  return config;
}

std::vector<std::pair<std::string, std::string>> setting_names() {
  std::vector<std::pair<std::string, std::string>> out{{"WEFT_LISTEN", "--listen"},
                                                       {"WEFT_WEBHOOK_ALLOW_PRIVATE", "--webhook-allow-private"}};
  for (const Setting& setting : settings()) out.emplace_back(setting.variable, setting.flag);
  return out;
}

}  // namespace weft
