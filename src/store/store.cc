#include "store/store.h"

#include "store/migrations.h"

#include <atomic>
#include <cstdio>

namespace weft::store {

Error Failure::error() const {
  if (code() == ErrorCode::kInternal) {
    return Error{ErrorCode::kInternal, "The store failed; the change was not made."};
  }
  if (code() == ErrorCode::kUnavailable) {
    return Error{ErrorCode::kUnavailable, "The store is busy or unreachable; try again shortly."};
  }
  return Error{code(), what()};
}

namespace {
thread_local bool t_derived = false;

// Bucket bounds in seconds, as the HTTP histogram's.
constexpr double kTimeBuckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
constexpr std::size_t kTimeBucketCount = sizeof(kTimeBuckets) / sizeof(kTimeBuckets[0]);
struct TimeSeries {
  std::atomic<int64_t> buckets[kTimeBucketCount] = {};
  std::atomic<int64_t> count{0};
  std::atomic<int64_t> nanos{0};
};
TimeSeries g_times[2];
}  // namespace

void note_time(Timed kind, std::chrono::steady_clock::duration taken) noexcept {
  TimeSeries& series = g_times[static_cast<int>(kind)];
  const int64_t nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(taken).count();
  const double seconds = static_cast<double>(nanos) / 1e9;
  for (std::size_t i = 0; i < kTimeBucketCount; ++i) {
    if (seconds <= kTimeBuckets[i]) {
      series.buckets[i].fetch_add(1, std::memory_order_relaxed);
      break;  // cumulated when rendered
    }
  }
  series.count.fetch_add(1, std::memory_order_relaxed);
  series.nanos.fetch_add(nanos, std::memory_order_relaxed);
}

std::string timings_text() {
  std::string out =
      "# HELP weft_store_seconds Time of the store's reads and write transactions (a write's wait for the writer "
      "included).\n# TYPE weft_store_seconds histogram\n";
  for (int kind = 0; kind < 2; ++kind) {
    const char* label = kind == 0 ? "read" : "write";
    const TimeSeries& series = g_times[kind];
    int64_t cumulated = 0;
    for (std::size_t i = 0; i < kTimeBucketCount; ++i) {
      cumulated += series.buckets[i].load(std::memory_order_relaxed);
      char bound[32];
      std::snprintf(bound, sizeof bound, "%g", kTimeBuckets[i]);
      out += std::string("weft_store_seconds_bucket{kind=\"") + label + "\",le=\"" + bound + "\"} " +
             std::to_string(cumulated) + "\n";
    }
    const int64_t count = series.count.load(std::memory_order_relaxed);
    char sum[40];
    std::snprintf(sum, sizeof sum, "%.6f", static_cast<double>(series.nanos.load(std::memory_order_relaxed)) / 1e9);
    out += std::string("weft_store_seconds_bucket{kind=\"") + label + "\",le=\"+Inf\"} " + std::to_string(count) + "\n";
    out += std::string("weft_store_seconds_sum{kind=\"") + label + "\"} " + sum + "\n";
    out += std::string("weft_store_seconds_count{kind=\"") + label + "\"} " + std::to_string(count) + "\n";
  }
  return out;
}

DerivedWrites::DerivedWrites() noexcept : previous_(t_derived) { t_derived = true; }
DerivedWrites::~DerivedWrites() { t_derived = previous_; }
bool DerivedWrites::active() noexcept { return t_derived; }
DurableWrites::DurableWrites() noexcept : previous_(t_derived) { t_derived = false; }
DurableWrites::~DurableWrites() { t_derived = previous_; }

std::optional<Error> Store::write(const std::function<bool(Connection&)>& job, const std::source_location&) {
  return write_alone(job);
}

std::optional<Error> Store::write_alone(const std::function<bool(Connection&)>& job, bool aside) {
  Connection* opened = nullptr;
  try {
    opened = &this->connection();  // may connect, and fail to
    if (aside) {
      opened->begin_aside();
    } else {
      opened->begin_write();
    }
  } catch (const Failure& failure) {
    return failure.error();
  }
  Connection& connection = *opened;
  try {
    if (job(connection)) {
      connection.commit();
      if (connection.take_events_written()) notify_commit();
    } else {
      connection.rollback();
      connection.take_events_written();
    }
    return std::nullopt;
  } catch (const Failure& failure) {
    connection.rollback();
    connection.take_events_written();
    return failure.error();
  } catch (...) {
    connection.rollback();
    connection.take_events_written();
    throw;
  }
}

std::optional<int64_t> Connection::query_int(std::string_view sql, Params params) {
  auto rows = query(sql, params);
  if (!rows->next() || rows->is_null(0)) return std::nullopt;
  return rows->int64(0);
}

std::optional<int64_t> Connection::query_int(std::string_view sql, const std::vector<Param>& params) {
  auto rows = query(sql, params);
  if (!rows->next() || rows->is_null(0)) return std::nullopt;
  return rows->int64(0);
}

int64_t Connection::insert_returning_id(std::string_view sql, const std::vector<Param>& params) {
  std::string text(sql);
  text += " RETURNING id";
  auto rows = query(text, params);
  if (!rows->next()) throw Failure(ErrorCode::kInternal, "an insert answered no id");
  return rows->int64(0);
}

std::optional<std::string> Connection::query_text(std::string_view sql, Params params) {
  auto rows = query(sql, params);
  if (!rows->next() || rows->is_null(0)) return std::nullopt;
  return rows->text(0);
}

void check_not_newer(Connection& c, const std::vector<Migration>& known) {
  const int64_t last_known = known.empty() ? 0 : known.back().number;
  const int64_t applied = c.query_int("SELECT MAX(version) FROM schema_migrations").value_or(0);
  if (applied > last_known) {
    throw Failure(ErrorCode::kUnavailable,
                  "the store is at schema version " + std::to_string(applied) + ", newer than this Weft knows (" +
                      std::to_string(last_known) + "): run the newer Weft, or restore a backup taken before the upgrade");
  }
}

}  // namespace weft::store
