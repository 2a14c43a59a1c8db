// Store: the only way into Weft's data. A Store hands each thread its own Connection; a Connection
// runs SQL with `?` placeholders and caches prepared statements. Backends (sqlite/, later
// postgres/) implement the same interface and pass the same conformance tests.
//
// Driver failures (disk full, busy past the timeout, a broken constraint) are thrown as
// store::Failure and turned back into Error values by transact()/read() below, so a failed
// transaction is always rolled back and reported, never half-applied.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <source_location>
#include <span>
#include <vector>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/error.h"

namespace weft::store {

// A value bound to a `?` placeholder. Text is copied by the driver during the call.
class Param {
 public:
  // kBool is its own kind so that a backend with a boolean type binds it as one (SQLite: 0 or 1).
  enum class Kind { kNull, kInt, kBool, kReal, kText, kIds };
  Param(std::nullptr_t) {}
  Param(int value) : kind_(Kind::kInt), int_(value) {}
  Param(long value) : kind_(Kind::kInt), int_(value) {}
  Param(long long value) : kind_(Kind::kInt), int_(value) {}
  Param(bool value) : kind_(Kind::kBool), int_(value ? 1 : 0) {}
  Param(double value) : kind_(Kind::kReal), real_(value) {}
  Param(std::string_view value) : kind_(Kind::kText), text_(value) {}
  Param(const std::string& value) : kind_(Kind::kText), text_(value) {}
  Param(const char* value) : kind_(Kind::kText), text_(value) {}
  Param(const std::optional<int64_t>& value) {
    if (value) { kind_ = Kind::kInt; int_ = *value; }
  }
  Param(const std::optional<std::string>& value) {
    if (value) { kind_ = Kind::kText; text_ = *value; }
  }
  // Text the parameter keeps alive itself (for a value computed where the SQL is built).
  static Param owned(std::string value) {
    Param param(nullptr);
    param.kind_ = Kind::kText;
    param.owned_ = std::make_shared<const std::string>(std::move(value));
    param.text_ = *param.owned_;
    return param;
  }
  // A list of ids, for the subquery Connection::ids_sql() spells. The vector must outlive the call.
  static Param ids(const std::vector<int64_t>& ids) {
    Param param(nullptr);
    param.kind_ = Kind::kIds;
    param.ids_ = ids;
    return param;
  }
  Kind kind() const { return kind_; }
  std::span<const int64_t> as_ids() const { return ids_; }
  int64_t as_int() const { return int_; }  // kInt, and kBool as 0 or 1
  bool as_bool() const { return int_ != 0; }
  double as_real() const { return real_; }
  std::string_view as_text() const { return text_; }

 private:
  Kind kind_ = Kind::kNull;
  int64_t int_ = 0;
  double real_ = 0;
  std::string_view text_;
  std::span<const int64_t> ids_;
  std::shared_ptr<const std::string> owned_;
};
using Params = std::initializer_list<Param>;

// Thrown by drivers; never escapes transact() or read().
class Failure : public std::runtime_error {
 public:
  Failure(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const { return code_; }
  Error error() const;

 private:
  ErrorCode code_;
};

// The rows of one running statement. Columns are numbered from 0.
class Rows {
 public:
  virtual ~Rows() = default;
  virtual bool next() = 0;
  virtual bool is_null(int column) = 0;
  virtual int64_t int64(int column) = 0;
  virtual double real(int column) = 0;
  virtual std::string text(int column) = 0;
  // For generic readers (export): the shape of the row.
  enum class Type { kNull, kInt, kReal, kText };
  virtual int column_count() = 0;
  virtual std::string column_name(int column) = 0;
  virtual Type column_type(int column) = 0;
  std::optional<int64_t> optional_int64(int column) {
    if (is_null(column)) return std::nullopt;
    return int64(column);
  }
  std::optional<std::string> optional_text(int column) {
    if (is_null(column)) return std::nullopt;
    return text(column);
  }
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual std::unique_ptr<Rows> query_list(std::string_view sql, std::span<const Param> params) = 0;
  // Runs a statement and answers the number of rows it changed.
  virtual int64_t execute_list(std::string_view sql, std::span<const Param> params) = 0;

  std::unique_ptr<Rows> query(std::string_view sql, Params params = {}) {
    return query_list(sql, std::span<const Param>(params.begin(), params.size()));
  }
  std::unique_ptr<Rows> query(std::string_view sql, const std::vector<Param>& params) {
    return query_list(sql, params);
  }
  int64_t execute(std::string_view sql, Params params = {}) {
    return execute_list(sql, std::span<const Param>(params.begin(), params.size()));
  }
  int64_t execute(std::string_view sql, const std::vector<Param>& params) {
    return execute_list(sql, params);
  }
  // Runs an INSERT into a table with an `id` key and answers the new row's id (INSERT … RETURNING
  // id, which SQLite and PostgreSQL both speak). The portable way to learn a new id.
  int64_t insert_returning_id(std::string_view sql, Params params = {}) {
    return insert_returning_id(sql, std::vector<Param>(params.begin(), params.end()));
  }
  int64_t insert_returning_id(std::string_view sql, const std::vector<Param>& params);
  // A subquery selecting the ids bound (as Param::ids) to `placeholder`, for `x IN (<it>)`:
  // each backend spells it its own way.
  virtual std::string ids_sql(std::string_view placeholder = "?") const = 0;
  // The backend's name, as Store::backend (for the parts that differ: search).
  virtual std::string_view backend() const = 0;
  // Runs several statements with no parameters (migrations).
  virtual void execute_script(std::string_view sql) = 0;
  // Bulk loading (weft migrate-store): `data` is rows of `table (columns)` in PostgreSQL's COPY
  // text format. Only PostgreSQL implements it.
  virtual void copy_in(std::string_view table, std::string_view columns, std::string_view data) {
    (void)table, (void)columns, (void)data;
    throw Failure(ErrorCode::kInvalidArgument, "bulk loading needs a PostgreSQL target");
  }
  // After rows were loaded with their ids: every id sequence goes on after the largest id
  // (PostgreSQL's identity columns; SQLite needs nothing).
  virtual void reset_id_sequences() {}

  virtual void begin_write() = 0;
  // A write transaction for Store::write_aside: on SQLite a deferred one (it takes the lock of
  // only the file it writes), elsewhere the same as begin_write.
  virtual void begin_aside() { begin_write(); }
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;
  virtual bool in_transaction() const = 0;

  // The first column of the first row, when there is one.
  std::optional<int64_t> query_int(std::string_view sql, Params params = {});
  std::optional<std::string> query_text(std::string_view sql, Params params = {});
  std::optional<int64_t> query_int(std::string_view sql, const std::vector<Param>& params);

  // Set by the event log when a transaction appends events; read and cleared at commit.
  void mark_events_written() { events_written_ = true; }
  bool events_written() const { return events_written_; }
  bool take_events_written() {
    bool written = events_written_;
    events_written_ = false;
    return written;
  }

 private:
  bool events_written_ = false;
};

class Store {
 public:
  virtual ~Store() = default;
  // This thread's connection, opened on first use.
  virtual Connection& connection() = 0;
  virtual std::string backend() const = 0;
  // Copies the whole store to `path` while it keeps serving.
  virtual Result<void> backup(const std::string& path) = 0;

  // Runs `job` inside a write transaction: the job answers true to keep its changes and false (or
  // throws Failure) to undo them. Answers the error that kept a job's kept changes from being
  // committed, if any; any other exception the job throws is rethrown here, its changes undone.
  // A backend may run several callers' jobs in one transaction, one savepoint each, on a thread
  // of its own (group commit: one sync of the log for many writes), so a job uses only the
  // Connection it is given, or store.connection() on the thread it runs on, which is the same.
  // `where` names the caller in the slow-write log (WEFT_SLOW_QUERY_MS).
  virtual std::optional<Error> write(const std::function<bool(Connection&)>& job,
                                     const std::source_location& where = std::source_location::current());

  // A write to the tables of a derived view that the backend keeps apart (SQLite: the search
  // index, in a file of its own attached as `search`), reading anything else. It runs on the
  // caller's thread in a transaction of its own, beside the requests' writes rather than behind
  // them: on SQLite it locks only the index's file. The job must not write any other table and
  // must not append events. Elsewhere it is write().
  virtual std::optional<Error> write_aside(const std::function<bool(Connection&)>& job,
                                           const std::source_location& where = std::source_location::current()) {
    return write(job, where);
  }

  // Called after every commit that appended events (the bus wakes its subscribers); on a store
  // several processes share (PostgreSQL), after their commits too, once watch() has started.
  void set_commit_listener(std::function<void()> listener) { commit_listener_ = std::move(listener); }
  void notify_commit() {
    if (commit_listener_) commit_listener_();
  }

  // Messages to every process on this store, this one included (PostgreSQL: NOTIFY, heard by
  // watch(); SQLite, one process: the listener is called at once). Best effort: a process that is
  // not listening at that moment does not hear it. Called outside a transaction.
  using BroadcastListener = std::function<void(std::string_view channel, std::string_view payload)>;
  void set_broadcast_listener(BroadcastListener listener) { broadcast_listener_ = std::move(listener); }
  virtual void broadcast(std::string_view channel, std::string_view payload) { hear(channel, payload); }
  // Starts hearing other processes' commits and broadcasts (a no-op where there are none).
  virtual void watch() {}

  // Whether this process holds the lease `name` now, taking it when free: exactly one process on
  // the store works a job such as a derived view or the deadline timer, and another takes over
  // within seconds of its end. Where one process owns the store (SQLite), always true.
  virtual bool hold_lease(const std::string& name) {
    (void)name;
    return true;
  }
  // How many Weft processes serve from this store now (PostgreSQL: the nodes' watcher
  // connections; SQLite: this one).
  virtual int64_t count_nodes() { return 1; }

 protected:
  // The one-caller path of write(): a transaction of its own on this thread's connection.
  // `aside`: begin with Connection::begin_aside (write_aside).
  std::optional<Error> write_alone(const std::function<bool(Connection&)>& job, bool aside = false);
  void hear(std::string_view channel, std::string_view payload) {
    if (broadcast_listener_) broadcast_listener_(channel, payload);
  }

 private:
  std::function<void()> commit_listener_;
  BroadcastListener broadcast_listener_;
};

// Opens (creating when absent) the SQLite store at `path` and applies its migrations.
// `synchronous_full`: an acknowledged write survives power loss (PRAGMA synchronous=FULL); false
// trades the last moments of writes on power loss for speed (NORMAL). A process crash loses
// nothing either way.
Result<std::unique_ptr<Store>> open_sqlite(const std::string& path, bool synchronous_full = true);

// Connects to the PostgreSQL database at `url` (a libpq connection string or URI) and applies its
// migrations (src/store/migrations/postgres/, numbered as SQLite's).
Result<std::unique_ptr<Store>> open_postgres(const std::string& url);
// The same without migrations: what the store conformance tests run against.
Result<std::unique_ptr<Store>> open_postgres_unmigrated(const std::string& url);

// While one lives, the writes of the calling thread are derived: views of the activity log
// (timelines, notifications, search, webhooks' deliveries) and their checkpoints, made by the event
// bus. Each can be made again from the log — a view's handling is idempotent and its checkpoint
// is written after its rows — so a store may commit them without waiting for the disk: a power
// loss then takes the last of them, and the bus replays those events from the checkpoint that
// survived. A request's own writes, and the log, keep the store's durability (DECISIONS 85).
class DerivedWrites {
 public:
  DerivedWrites() noexcept;
  ~DerivedWrites();
  DerivedWrites(const DerivedWrites&) = delete;
  DerivedWrites& operator=(const DerivedWrites&) = delete;
  // Whether the calling thread's writes are derived now.
  static bool active() noexcept;

 private:
  bool previous_;
};

// While one lives, the calling thread's writes keep the store's durability even inside a view's
// handling: for a view that appends to the activity log (the log is never written without it).
class DurableWrites {
 public:
  DurableWrites() noexcept;
  ~DurableWrites();
  DurableWrites(const DurableWrites&) = delete;
  DurableWrites& operator=(const DurableWrites&) = delete;

 private:
  bool previous_;
};

// How long the store's reads and write transactions take in this process (GET /metrics:
// weft_store_seconds). A write counts from the call to its answer: the wait for the writer (a
// group commit's batch, PostgreSQL's write lock) included.
enum class Timed { kRead = 0, kWrite = 1 };
void note_time(Timed kind, std::chrono::steady_clock::duration taken) noexcept;
// The histogram as Prometheus text.
std::string timings_text();

namespace detail {
using WriteMethod = std::optional<Error> (Store::*)(const std::function<bool(Connection&)>&,
                                                    const std::source_location&);
template <typename Work>
auto transact_with(Store& store, WriteMethod write, Work&& work, const std::source_location& where)
    -> decltype(work(store.connection())) {
  const auto started = std::chrono::steady_clock::now();
  struct Noted {
    std::chrono::steady_clock::time_point started;
    ~Noted() { note_time(Timed::kWrite, std::chrono::steady_clock::now() - started); }
  } noted{started};
  std::optional<decltype(work(store.connection()))> result;
  std::optional<Error> failed = (store.*write)(
      [&](Connection& connection) {
        result.emplace(work(connection));
        return result->has_value();
      },
      where);
  if (failed) return std::unexpected(std::move(*failed));
  return std::move(*result);
}
}  // namespace detail

// Runs `work` (answering Result<T>) inside one write transaction: commit on a value, rollback
// on an error or a store failure. The work may run on the store's writer thread (Store::write).
template <typename Work>
auto transact(Store& store, Work&& work, const std::source_location& where = std::source_location::current())
    -> decltype(work(store.connection())) {
  return detail::transact_with(store, &Store::write, std::forward<Work>(work), where);
}

// transact() through Store::write_aside.
template <typename Work>
auto transact_aside(Store& store, Work&& work, const std::source_location& where = std::source_location::current())
    -> decltype(work(store.connection())) {
  return detail::transact_with(store, &Store::write_aside, std::forward<Work>(work), where);
}

// Runs a read; store failures become errors.
template <typename Work>
auto read(Store& store, Work&& work) -> decltype(work(store.connection())) {
  struct Noted {
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    ~Noted() { note_time(Timed::kRead, std::chrono::steady_clock::now() - started); }
  } noted;
  try {
    return work(store.connection());
  } catch (const Failure& failure) {
    return std::unexpected(failure.error());
  }
}

}  // namespace weft::store
