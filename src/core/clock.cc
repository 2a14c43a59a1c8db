#include "core/clock.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace weft::clock {
namespace {
std::mutex g_mutex;
std::function<int64_t()> g_now;
}  // namespace

int64_t now_seconds() {
  {
    std::lock_guard lock(g_mutex);
    if (g_now) return g_now();
  }
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

void set_now_for_testing(std::function<int64_t()> now) {
  std::lock_guard lock(g_mutex);
  g_now = std::move(now);
}

std::string rfc3339(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::optional<int64_t> parse_rfc3339(std::string_view text) {
  int y, mo, d, h, mi, s;
  char tail = 0;
  std::string copy(text);
  // Fractional seconds are accepted and dropped: 2026-11-23T10:15:00.250Z.
  if (auto dot = copy.find('.'); dot == 19 && copy.size() > 21 && copy.back() == 'Z') {
    std::string fraction = copy.substr(20, copy.size() - 21);
    if (fraction.size() > 9 || fraction.find_first_not_of("0123456789") != std::string::npos) {
      return std::nullopt;
    }
    copy = copy.substr(0, 19) + "Z";
  }
  int n = std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &tail);
  if (n != 7 || tail != 'Z' || copy.size() != 20) return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return std::nullopt;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return static_cast<int64_t>(timegm(&tm));
}

}  // namespace weft::clock
