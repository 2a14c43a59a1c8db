// Time for Weft: whole seconds since the Unix epoch, and their RFC 3339 UTC form.
// Thread-safe; a test may replace the source of "now" for the whole process.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace weft::clock {

int64_t now_seconds();
// Replaces the clock (tests); an empty function restores the system clock.
void set_now_for_testing(std::function<int64_t()> now);

std::string rfc3339(int64_t unix_seconds);  // 2026-11-23T10:15:00Z
// The same 20 characters appended to `out` (no allocation of its own, no lock: what a list of
// hundreds of dates is written with).
void append_rfc3339(std::string& out, int64_t unix_seconds);
std::optional<int64_t> parse_rfc3339(std::string_view text);

}  // namespace weft::clock
