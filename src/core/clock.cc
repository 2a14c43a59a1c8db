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

namespace {

// Days since 1970-01-01 to a civil date (proleptic Gregorian), after H. Hinnant's days_from_civil
// inverse: exact for every int64 day count a time in seconds can give.
struct Civil {
  int64_t year;
  unsigned month, day;
};
Civil civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

void two(char* at, unsigned value) {
  at[0] = static_cast<char>('0' + value / 10);
  at[1] = static_cast<char>('0' + value % 10);
}

}  // namespace

void append_rfc3339(std::string& out, int64_t unix_seconds) {
  int64_t days = unix_seconds / 86400;
  int64_t rest = unix_seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    days -= 1;
  }
  const Civil date = civil_from_days(days);
  if (date.year < 0 || date.year > 9999) {  // outside RFC 3339's four digits: as printf writes it
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(date.year),
                  date.month, date.day, static_cast<int>(rest / 3600), static_cast<int>(rest / 60 % 60),
                  static_cast<int>(rest % 60));
    out += buf;
    return;
  }
  char buf[20];
  const auto year = static_cast<unsigned>(date.year);
  two(buf, year / 100);
  two(buf + 2, year % 100);
  buf[4] = '-';
  two(buf + 5, date.month);
  buf[7] = '-';
  two(buf + 8, date.day);
  buf[10] = 'T';
  two(buf + 11, static_cast<unsigned>(rest / 3600));
  buf[13] = ':';
  two(buf + 14, static_cast<unsigned>(rest / 60 % 60));
  buf[16] = ':';
  two(buf + 17, static_cast<unsigned>(rest % 60));
  buf[19] = 'Z';
  out.append(buf, sizeof buf);
}

std::string rfc3339(int64_t unix_seconds) {
  std::string out;
  out.reserve(20);
  append_rfc3339(out, unix_seconds);
  return out;
}

std::optional<int64_t> parse_rfc3339(std::string_view text) {
  // Exactly YYYY-MM-DDTHH:MM:SS, then fractional seconds (accepted and dropped: 10:15:00.250Z),
  // then Z: digits where digits go (no signs, no spaces), and a day that the month has.
  if (text.size() < 20 || text.back() != 'Z') return std::nullopt;
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    const char c = text[i];
    if (kShape[i] == 'd' ? (c < '0' || c > '9') : c != kShape[i]) return std::nullopt;
  }
  if (text.size() > 20) {
    const std::string_view fraction = text.substr(20, text.size() - 21);
    if (text[19] != '.' || fraction.empty() || fraction.size() > 9 ||
        fraction.find_first_not_of("0123456789") != std::string_view::npos) {
      return std::nullopt;
    }
  }
  auto number = [&](std::size_t at, std::size_t digits) {
    int value = 0;
    for (std::size_t i = 0; i < digits; ++i) value = value * 10 + (text[at + i] - '0');
    return value;
  };
  const int y = number(0, 4), mo = number(5, 2), d = number(8, 2), h = number(11, 2), mi = number(14, 2),
            s = number(17, 2);
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 60) return std::nullopt;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > kDays[mo - 1] + (mo == 2 && leap ? 1 : 0)) return std::nullopt;
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
