// Config: the settings of one Weft process, read from the environment and then from command-line
// flags (flags win). Built once in main and passed by const reference; never mutated afterwards.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"

namespace weft {

struct Config {
  std::string listen_host = "127.0.0.1";
  uint16_t listen_port = 8080;
  std::string data_dir = "./data";
  std::string database_url;  // postgres://…; empty means SQLite in data_dir
  std::string web_dir;       // built web UI; empty means "find web/dist"
  int threads = 0;           // 0 means the number of cores
  int workers = 8;           // WEFT_WORKERS: threads that run request handlers
  // WEFT_READ_WORKERS: reads running at once on the workers; 0 means as many as there are workers.
  int read_workers = 0;
  int write_round_ms = 30;   // WEFT_WRITE_ROUND_MS: while reads wait, writes go in rounds this far apart
  std::string admin_email;
  std::string admin_password;
  bool webhook_allow_private = false;    // WEFT_WEBHOOK_ALLOW_PRIVATE=true|false
  double webhook_retry_scale = 1.0;      // WEFT_WEBHOOK_RETRY_SCALE: multiplies every retry delay
  std::string log_level = "info";
  std::string public_url;                 // WEFT_PUBLIC_URL: https://… makes the cookie Secure
  int max_connections = 4096;             // WEFT_MAX_CONNECTIONS
  int max_streams_per_person = 8;         // WEFT_MAX_STREAMS_PER_PERSON
  std::vector<std::string> trusted_proxies;  // WEFT_TRUSTED_PROXIES: addresses or CIDR ranges
  bool durability_full = true;            // WEFT_DURABILITY=full|normal
  int expert_daily_cap = 3;               // WEFT_EXPERT_DAILY_CAP: suggestion notifications a person gets a day
  int analytics_cache_seconds = 300;      // WEFT_ANALYTICS_CACHE_SECONDS: network/engagement served this long after a write
  int view_round_ms = 100;                // WEFT_VIEW_ROUND_MS: least time between two rounds of the durable views
  int analytics_min_group = 5;            // WEFT_ANALYTICS_MIN_GROUP: figures about fewer people are withheld
  int stream_recheck_seconds = 60;        // WEFT_STREAM_RECHECK_SECONDS: open streams' credentials checked this often
};

// Reads WEFT_* variables into a Config; a variable set to a value Weft cannot use is an error
// naming it (never silently ignored).
Result<Config> config_from_environment();

// Applies the flag twin of every setting (`--listen`, `--data-dir`, … `--analytics-min-group`;
// setting_names()) from args; unknown flags are errors. Other arguments are returned in `rest`.
Result<Config> apply_flags(Config config, const std::vector<std::string>& args,
                           std::vector<std::string>* rest);

// Every setting's variable and flag twin, in the order `weft --help` lists them.
std::vector<std::pair<std::string, std::string>> setting_names();

// A retry scale: a number in (0, 1000]; `name` is what the message names.
Result<double> parse_retry_scale(const std::string& name, const std::string& text);

// "host:port" → host and port.
Result<std::pair<std::string, uint16_t>> parse_listen(const std::string& text);

}  // namespace weft
