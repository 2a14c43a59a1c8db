#include "core/config.h"

#include <charconv>
#include <cstdlib>
#include <thread>

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
  if (auto dir = env("WEFT_DATA_DIR"); !dir.empty()) config.data_dir = dir;
  config.database_url = env("WEFT_DATABASE_URL");
  config.web_dir = env("WEFT_WEB_DIR");
  if (auto threads = env("WEFT_THREADS"); !threads.empty()) {
    WEFT_ASSIGN_OR_RETURN(config.threads, positive("WEFT_THREADS", threads, 256));
  }
  if (auto workers = env("WEFT_WORKERS"); !workers.empty()) {
    WEFT_ASSIGN_OR_RETURN(config.workers, positive("WEFT_WORKERS", workers, 1024));
  }
  if (auto reads = env("WEFT_READ_WORKERS"); !reads.empty()) {
    WEFT_ASSIGN_OR_RETURN(config.read_workers, positive("WEFT_READ_WORKERS", reads, 1024));
  }
  if (auto round = env("WEFT_WRITE_ROUND_MS"); !round.empty()) {
    WEFT_ASSIGN_OR_RETURN(config.write_round_ms, round_ms("WEFT_WRITE_ROUND_MS", round, "writes always first"));
  }
  config.admin_email = env("WEFT_ADMIN_EMAIL");
  config.admin_password = env("WEFT_ADMIN_PASSWORD");
  if (auto allow = env("WEFT_WEBHOOK_ALLOW_PRIVATE"); !allow.empty()) {
    if (allow != "true" && allow != "false") {
      return invalid("WEFT_WEBHOOK_ALLOW_PRIVATE", "WEFT_WEBHOOK_ALLOW_PRIVATE must be true or false.");
    }
    config.webhook_allow_private = allow == "true";
  }
  if (auto scale = env("WEFT_WEBHOOK_RETRY_SCALE"); !scale.empty()) {
    WEFT_ASSIGN_OR_RETURN(config.webhook_retry_scale, parse_retry_scale("WEFT_WEBHOOK_RETRY_SCALE", scale));
  }
  if (auto level = env("WEFT_LOG_LEVEL"); !level.empty()) {
    WEFT_TRY_VOID(check_log_level("WEFT_LOG_LEVEL", level));
    config.log_level = level;
  }
  config.public_url = env("WEFT_PUBLIC_URL");
  if (!config.public_url.empty() && !config.public_url.starts_with("http://") &&
      !config.public_url.starts_with("https://")) {
    return invalid("WEFT_PUBLIC_URL", "WEFT_PUBLIC_URL must start with http:// or https://.");
  }
  if (auto cap = env("WEFT_EXPERT_DAILY_CAP"); !cap.empty()) {
    if (cap == "0") {
      config.expert_daily_cap = 0;
    } else {
      WEFT_ASSIGN_OR_RETURN(config.expert_daily_cap, positive("WEFT_EXPERT_DAILY_CAP", cap, 100));
    }
  }
  if (auto every = env("WEFT_STREAM_RECHECK_SECONDS"); !every.empty()) {
    WEFT_ASSIGN_OR_RETURN(config.stream_recheck_seconds, positive("WEFT_STREAM_RECHECK_SECONDS", every, 3600));
  }
  if (auto round = env("WEFT_VIEW_ROUND_MS"); !round.empty()) {
    WEFT_ASSIGN_OR_RETURN(config.view_round_ms, round_ms("WEFT_VIEW_ROUND_MS", round, "a round per commit"));
  }
  if (auto floor = env("WEFT_ANALYTICS_MIN_GROUP"); !floor.empty()) {
    WEFT_ASSIGN_OR_RETURN(config.analytics_min_group, positive("WEFT_ANALYTICS_MIN_GROUP", floor, 1000));
  }
  if (auto seconds = env("WEFT_ANALYTICS_CACHE_SECONDS"); !seconds.empty()) {
    if (seconds == "0") {
      config.analytics_cache_seconds = 0;
    } else {
      WEFT_ASSIGN_OR_RETURN(config.analytics_cache_seconds, positive("WEFT_ANALYTICS_CACHE_SECONDS", seconds, 86400));
    }
  }
  if (auto max = env("WEFT_MAX_CONNECTIONS"); !max.empty()) {
    WEFT_ASSIGN_OR_RETURN(config.max_connections, positive("WEFT_MAX_CONNECTIONS", max, 1000000));
  }
  if (auto max = env("WEFT_MAX_STREAMS_PER_PERSON"); !max.empty()) {
    WEFT_ASSIGN_OR_RETURN(config.max_streams_per_person, positive("WEFT_MAX_STREAMS_PER_PERSON", max, 1000));
  }
  if (auto proxies = env("WEFT_TRUSTED_PROXIES"); !proxies.empty()) {
    std::size_t start = 0;
    while (start <= proxies.size()) {
      auto comma = proxies.find(',', start);
      std::string item = proxies.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      while (!item.empty() && item.front() == ' ') item.erase(0, 1);
      while (!item.empty() && item.back() == ' ') item.pop_back();
      if (!item.empty()) config.trusted_proxies.push_back(item);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  if (auto durability = env("WEFT_DURABILITY"); !durability.empty()) {
    if (durability != "full" && durability != "normal") {
      return invalid("WEFT_DURABILITY", "WEFT_DURABILITY must be full or normal.");
    }
    config.durability_full = durability == "full";
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
    if (name == "--listen") {
      WEFT_ASSIGN_OR_RETURN(auto text, take());
      WEFT_ASSIGN_OR_RETURN(auto listen, parse_listen(text));
      config.listen_host = listen.first;
      config.listen_port = listen.second;
    } else if (name == "--data-dir") {
      WEFT_ASSIGN_OR_RETURN(config.data_dir, take());
    } else if (name == "--database-url") {
      WEFT_ASSIGN_OR_RETURN(config.database_url, take());
    } else if (name == "--web-dir") {
      WEFT_ASSIGN_OR_RETURN(config.web_dir, take());
    } else if (name == "--log-level") {
      WEFT_ASSIGN_OR_RETURN(config.log_level, take());
      WEFT_TRY_VOID(check_log_level("--log-level", config.log_level));
    } else if (name == "--admin-email") {
      WEFT_ASSIGN_OR_RETURN(config.admin_email, take());
    } else if (name == "--admin-password") {
      WEFT_ASSIGN_OR_RETURN(config.admin_password, take());
    } else if (name == "--webhook-allow-private") {
      // A flag alone turns it on; "=true" or "=false" says which (a flag wins over the variable).
      if (has_value && value != "true" && value != "false") {
        return invalid(name, "--webhook-allow-private takes true or false");
      }
      config.webhook_allow_private = !has_value || value == "true";
    } else if (name == "--webhook-retry-scale") {
      WEFT_ASSIGN_OR_RETURN(auto text, take());
      WEFT_ASSIGN_OR_RETURN(config.webhook_retry_scale, parse_retry_scale("--webhook-retry-scale", text));
    } else if (name == "--threads") {
      WEFT_ASSIGN_OR_RETURN(auto text, take());
      WEFT_ASSIGN_OR_RETURN(config.threads, positive("--threads", text, 256));
    } else if (rest != nullptr) {
      rest->push_back(arg);
    } else {
      return invalid(arg, "unknown option " + arg);
    }
  }
  return config;
}

}  // namespace weft
