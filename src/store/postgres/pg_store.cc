// The PostgreSQL backend (libpq): one connection per thread, statements prepared once per
// connection and keyed by their SQL text, parameters sent as text. Weft's SQL is written with `?`
// placeholders (SQLite's `?` and `?N`); they become `$N` here, outside quotes.
//
// Writers take one transaction-scoped advisory lock after BEGIN, so writes are serialized across
// every Weft node on the database, as SQLite serializes them in one process: the actions' read-
// then-write steps (counters, tallies, uniqueness checks) stay correct without per-statement
// locking, and event ids become visible in id order (docs/design/activity-log-across-nodes.md).
// Reads never take it.
//
// Across nodes: a commit that appended events sends NOTIFY weft_events; each node's watcher
// (a connection of its own, LISTENing) wakes its event bus, which also polls, so a lost
// notification only delays. Leases are session advisory locks held on one more connection: the
// server releases them the moment a node's process ends, and another node takes them on its
// next try (each second).
#include <libpq-fe.h>
#include <poll.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <map>
#include <functional>
#include <unordered_map>

#include "core/clock.h"
#include "core/threads.h"
#include "store/migrations.h"
#include "store/store.h"

namespace weft::store {
namespace {

// The advisory lock every writer holds for its transaction ("weft" in ASCII).
constexpr const char* kWriteLock = "SELECT pg_advisory_xact_lock(2003136116)";
// Distinct statements prepared on one connection at most (Weft's own are a few hundred).
constexpr std::size_t kMaxPrepared = 1000;

// `?` and `?N` → `$N`, leaving quoted text, quoted names and comments alone.
std::string to_dollar_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 1;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'' || c == '"') {
      std::size_t end = sql.find(c, i + 1);
      while (end != std::string_view::npos && end + 1 < sql.size() && sql[end + 1] == c) {
        end = sql.find(c, end + 2);  // a doubled quote inside
      }
      if (end == std::string_view::npos) end = sql.size() - 1;
      out.append(sql.substr(i, end - i + 1));
      i = end;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      std::size_t end = sql.find('\n', i);
      if (end == std::string_view::npos) end = sql.size() - 1;
      out.append(sql.substr(i, end - i + 1));
      i = end;
    } else if (c == '?') {
      std::size_t digits = i + 1;
      while (digits < sql.size() && sql[digits] >= '0' && sql[digits] <= '9') ++digits;
      out += '$';
      if (digits > i + 1) {
        out.append(sql.substr(i + 1, digits - i - 1));
        i = digits - 1;
      } else {
        out += std::to_string(next++);
      }
    } else {
      out += c;
    }
  }
  return out;
}

// libpq's messages run over several lines; Weft reports one.
std::string one_line(std::string message) {
  std::string out;
  for (char c : message) {
    if (c == '\n' || c == '\t' || c == '\r') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Connects, giving up after 5 seconds unless the URL says otherwise (an unreachable host must not
// hang a start or a request); throws Failure(kUnavailable) with libpq's reason on one line.
PGconn* connect(const std::string& url, const char* application = "weft") {
  const char* keywords[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {"5", application, url.c_str(), nullptr};
  PGconn* db = PQconnectdbParams(keywords, values, 1);  // the URL, expanded last, overrides
  if (db == nullptr || PQstatus(db) != CONNECTION_OK) {
    std::string message = db ? one_line(PQerrorMessage(db)) : "out of memory";
    PQfinish(db);
    throw Failure(ErrorCode::kUnavailable, "cannot connect to PostgreSQL: " + message);
  }
  PQsetNoticeProcessor(db, [](void*, const char*) {}, nullptr);  // "already exists, skipping"
  return db;
}

ErrorCode code_for(const char* sqlstate) {
  if (sqlstate == nullptr) return ErrorCode::kUnavailable;  // no answer: the connection failed
  std::string_view state(sqlstate);
  if (state.starts_with("23")) return ErrorCode::kConflict;  // integrity constraint violation
  if (state.starts_with("22")) return ErrorCode::kInvalidArgument;  // a value: bad text, out of range
  if (state == "40001" || state == "40P01" || state == "55P03" || state == "57014" || state.starts_with("08") ||
      state.starts_with("53") || state == "57P01") {
    return ErrorCode::kUnavailable;  // serialization, deadlock, lock wait, cancel, connection, resources
  }
  return ErrorCode::kInternal;
}

class PgRows final : public Rows {
 public:
  explicit PgRows(PGresult* result) : result_(result), count_(PQntuples(result)) {}
  ~PgRows() override { PQclear(result_); }
  bool next() override { return ++row_ < count_; }
  bool is_null(int column) override { return PQgetisnull(result_, row_, column) != 0; }
  int64_t int64(int column) override {
    const char* text = PQgetvalue(result_, row_, column);
    if (text[0] == 't' && text[1] == '\0') return 1;  // a boolean
    if (text[0] == 'f' && text[1] == '\0') return 0;
    int64_t value = 0;
    std::from_chars(text, text + std::strlen(text), value);
    return value;
  }
  double real(int column) override { return std::strtod(PQgetvalue(result_, row_, column), nullptr); }
  std::string text(int column) override {
    return std::string(PQgetvalue(result_, row_, column), PQgetlength(result_, row_, column));
  }
  int column_count() override { return PQnfields(result_); }
  std::string column_name(int column) override { return PQfname(result_, column); }
  Type column_type(int column) override {
    if (is_null(column)) return Type::kNull;
    switch (PQftype(result_, column)) {
      case 16:  // bool
      case 20:  // int8
      case 21:  // int2
      case 23:  // int4
        return Type::kInt;
      case 700:   // float4
      case 701:   // float8
      case 1700:  // numeric
        return Type::kReal;
      default: return Type::kText;
    }
  }

 private:
  PGresult* result_;
  int count_;
  int row_ = -1;
};

class PgConnection final : public Connection {
 public:
  explicit PgConnection(const std::string& url) : db_(connect(url)) {
    execute_script("SET client_min_messages = warning; SET TIME ZONE 'UTC'");
  }
  // The server went away (restarted, or the network failed): the store opens a new connection.
  bool broken() const { return PQstatus(db_) == CONNECTION_BAD; }
  ~PgConnection() override { PQfinish(db_); }

  std::unique_ptr<Rows> query_list(std::string_view sql, std::span<const Param> params) override {
    return std::make_unique<PgRows>(run(sql, params));
  }

  int64_t execute_list(std::string_view sql, std::span<const Param> params) override {
    PgRows rows(run(sql, params));
    (void)rows;
    return changed_;
  }

  void execute_script(std::string_view sql) override {
    std::string text(sql);
    PGresult* result = PQexec(db_, text.c_str());
    check(result, "script");
    PQclear(result);
  }

  void begin_write() override {
    // Derived writes (a view's rows and checkpoint, DerivedWrites) do not wait for the WAL flush.
    try {
      execute_script(std::string(DerivedWrites::active() ? "BEGIN; SET LOCAL synchronous_commit TO off; " : "BEGIN; ") +
                     kWriteLock);
    } catch (...) {
      // BEGIN ran before the lock's wait failed (lock_timeout, statement_timeout, a cancel): the
      // session would stay in a failed transaction and refuse everything after it.
      rollback();
      throw;
    }
    in_transaction_ = true;
  }
  void commit() override {
    in_transaction_ = false;
    // The notification is sent when (and only if) the transaction commits.
    execute_script(events_written() ? "NOTIFY weft_events; COMMIT" : "COMMIT");
  }
  void rollback() noexcept override {
    if (db_ != nullptr && PQtransactionStatus(db_) != PQTRANS_IDLE) {
      PGresult* result = PQexec(db_, "ROLLBACK");
      PQclear(result);
    }
    in_transaction_ = false;
  }
  bool in_transaction() const override { return in_transaction_; }
  std::string_view backend() const override { return "postgres"; }

  void copy_in(std::string_view table, std::string_view columns, std::string_view data) override {
    std::string sql = "COPY " + std::string(table) + " (" + std::string(columns) + ") FROM STDIN";
    PGresult* started = PQexec(db_, sql.c_str());
    if (PQresultStatus(started) != PGRES_COPY_IN) {
      check(started, "copy", sql);
      PQclear(started);
      throw Failure(ErrorCode::kInternal, "copy did not start: " + sql);
    }
    PQclear(started);
    const bool sent = PQputCopyData(db_, data.data(), static_cast<int>(data.size())) == 1;
    PQputCopyEnd(db_, sent ? nullptr : "the copy could not be sent");
    PGresult* result = PQgetResult(db_);
    check(result, "copy", sql);
    PQclear(result);
    while (PGresult* rest = PQgetResult(db_)) PQclear(rest);
  }

  void reset_id_sequences() override {
    std::vector<std::string> tables;
    {
      PgRows rows(run("SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() "
                      "AND column_name = 'id' AND is_identity = 'YES' ORDER BY 1", {}));
      while (rows.next()) tables.push_back(rows.text(0));
    }
    for (const std::string& table : tables) {
      execute_script("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), GREATEST(COALESCE(MAX(id), 0), 1), "
                     "COALESCE(MAX(id), 0) > 0) FROM " + table);
    }
  }
  std::string ids_sql(std::string_view placeholder) const override {
    return "SELECT unnest(CAST(" + std::string(placeholder) + " AS bigint[]))";
  }

 private:
  // Runs a statement (prepared on its first use) and answers its result; throws on failure.
  PGresult* run(std::string_view sql, std::span<const Param> params) {
    auto it = prepared_.find(sql);
    // Past kMaxPrepared distinct texts on one connection, a new one runs unprepared: a text that
    // varies (a shape of SCIM filter, one written by a later change with a value spelled in)
    // must not grow the server's memory and ours for as long as the connection lives.
    const bool once = it == prepared_.end() && prepared_.size() >= kMaxPrepared;
    if (it == prepared_.end() && !once) {
      std::string name = "w" + std::to_string(prepared_.size() + 1);
      std::string text = to_dollar_placeholders(sql);
      PGresult* prepared = PQprepare(db_, name.c_str(), text.c_str(), 0, nullptr);
      check(prepared, "prepare", sql);
      PQclear(prepared);
      it = prepared_.emplace(std::string(sql), std::move(name)).first;
    }
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (std::size_t k = 0; k < params.size(); ++k) {
      const Param& param = params[k];
      switch (param.kind()) {
        case Param::Kind::kNull: continue;
        case Param::Kind::kInt: texts[k] = std::to_string(param.as_int()); break;
        case Param::Kind::kBool: texts[k] = param.as_bool() ? "true" : "false"; break;
        case Param::Kind::kReal: {
          char buffer[32];
          auto end = std::to_chars(buffer, buffer + sizeof buffer, param.as_real()).ptr;
          texts[k].assign(buffer, end);
          break;
        }
        case Param::Kind::kText: texts[k] = std::string(param.as_text()); break;
        case Param::Kind::kIds: {
          texts[k] = "{";
          for (int64_t id : param.as_ids()) {
            if (texts[k].size() > 1) texts[k] += ',';
            texts[k] += std::to_string(id);
          }
          texts[k] += '}';
          break;
        }
      }
      values[k] = texts[k].c_str();
    }
    PGresult* result =
        once ? PQexecParams(db_, to_dollar_placeholders(sql).c_str(), static_cast<int>(params.size()), nullptr,
                            values.data(), nullptr, nullptr, 0)
             : PQexecPrepared(db_, it->second.c_str(), static_cast<int>(params.size()), values.data(), nullptr, nullptr, 0);
    check(result, "statement", sql);
    const char* tuples = PQcmdTuples(result);
    changed_ = (tuples && *tuples) ? std::atoll(tuples) : 0;
    return result;
  }

  void check(PGresult* result, std::string_view what, std::string_view sql = {}) {
    auto status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
    const char* sqlstate = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    std::string message = std::string(what) + ": " + one_line(PQerrorMessage(db_));
    PQclear(result);
    ErrorCode code = code_for(sqlstate);
    if (code == ErrorCode::kInvalidArgument) {
      spdlog::debug("postgres: {}{}{}", message, sql.empty() ? "" : " in: ", sql);
      throw Failure(code, "A value in the request is not valid text or is out of range.");
    }
    if (code != ErrorCode::kConflict) {
      spdlog::error("postgres: {}{}{}", message, sql.empty() ? "" : " in: ", sql);
    } else {
      spdlog::debug("postgres: {}{}{}", message, sql.empty() ? "" : " in: ", sql);
    }
    throw Failure(code, message);
  }

  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  PGconn* db_ = nullptr;
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> prepared_;
  int64_t changed_ = 0;
  bool in_transaction_ = false;
};

// Hears NOTIFY on a connection of its own: weft_events (another node committed events) and
// weft_broadcast ("channel:payload"). Reconnects after a failure, and then reports a commit, so a
// bus catches up on what it may have missed meanwhile.
class Watcher {
 public:
  Watcher(std::string url, std::function<void()> on_commit,
          std::function<void(std::string_view, std::string_view)> on_broadcast)
      : url_(std::move(url)), on_commit_(std::move(on_commit)), on_broadcast_(std::move(on_broadcast)),
        thread_([this] {
          core::name_thread("weft-pg-listen");
          run();
        }) {}
  ~Watcher() {
    stopping_ = true;
    thread_.join();
  }

 private:
  void run() {
    PGconn* db = nullptr;
    auto drop = [&] {
      PQfinish(db);
      db = nullptr;
    };
    while (!stopping_) {
      if (db == nullptr) {
        try {
          db = connect(url_, "weft-watcher");  // one per node: count_nodes() counts them
          PGresult* result = PQexec(db, "LISTEN weft_events; LISTEN weft_broadcast");
          const bool listening = PQresultStatus(result) == PGRES_COMMAND_OK;
          PQclear(result);
          if (!listening) throw Failure(ErrorCode::kUnavailable, one_line(PQerrorMessage(db)));
          on_commit_();  // whatever was committed while nobody listened
        } catch (const Failure& failure) {
          if (db != nullptr) drop();
          spdlog::warn("postgres watcher: {} (retrying in 1 s)", failure.what());
          for (int i = 0; i < 10 && !stopping_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
          continue;
        }
      }
      pollfd fd{PQsocket(db), POLLIN, 0};
      if (::poll(&fd, 1, 200) < 0) continue;  // a timeout (or a signal): look at stopping_ again
      if (PQconsumeInput(db) == 0) {
        spdlog::warn("postgres watcher: {}", one_line(PQerrorMessage(db)));
        drop();
        continue;
      }
      bool committed = false;
      while (PGnotify* note = PQnotifies(db)) {
        std::string_view channel(note->relname);
        if (channel == "weft_events") {
          committed = true;
        } else {
          std::string_view text(note->extra);
          auto colon = text.find(':');
          if (colon != std::string_view::npos) on_broadcast_(text.substr(0, colon), text.substr(colon + 1));
        }
        PQfreemem(note);
      }
      if (committed) on_commit_();
    }
    if (db != nullptr) drop();
  }

  std::string url_;
  std::function<void()> on_commit_;
  std::function<void(std::string_view, std::string_view)> on_broadcast_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

// Leases as session advisory locks (two-key form, a key space apart from the writers' lock), on
// one connection. A lease is held until this process ends or the connection fails, which is
// checked at most once a second; a free one is tried at most once a second.
class Leases {
 public:
  explicit Leases(std::string url) : url_(std::move(url)) {}
  ~Leases() { PQfinish(db_); }

  bool hold(const std::string& name) {
    using Clock = std::chrono::steady_clock;
    constexpr auto kEvery = std::chrono::seconds(1);
    std::lock_guard lock(mutex_);
    const auto now = Clock::now();
    if (db_ != nullptr && now - checked_ >= kEvery) {
      checked_ = now;
      PGresult* result = PQexec(db_, "SELECT 1");
      const bool alive = PQresultStatus(result) == PGRES_TUPLES_OK;
      PQclear(result);
      if (!alive) lose("the lease connection failed: " + one_line(PQerrorMessage(db_)));
    }
    auto& lease = leases_[name];
    if (lease.held) return true;
    if (lease.tried != Clock::time_point{} && now - lease.tried < kEvery) return false;
    lease.tried = now;
    if (db_ == nullptr) {
      try {
        db_ = connect(url_);
        checked_ = now;
      } catch (const Failure& failure) {
        spdlog::warn("leases: {}", failure.what());
        return false;
      }
    }
    const char* values[] = {name.c_str()};
    PGresult* result = PQexecParams(db_, "SELECT pg_try_advisory_lock(1465271924, hashtext($1))", 1, nullptr,
                                    values, nullptr, nullptr, 0);
    const bool ok = PQresultStatus(result) == PGRES_TUPLES_OK;
    lease.held = ok && std::string_view(PQgetvalue(result, 0, 0)) == "t";
    PQclear(result);
    if (!ok) {
      lose("taking lease " + name + ": " + one_line(PQerrorMessage(db_)));
      return false;
    }
    if (lease.held) spdlog::info("leases: this node now works {}", name);
    return lease.held;
  }

 private:
  void lose(const std::string& why) {
    spdlog::warn("leases: {}; every lease is given up", why);
    for (auto& [name, lease] : leases_) lease.held = false;
    PQfinish(db_);
    db_ = nullptr;
  }
  struct Lease {
    bool held = false;
    std::chrono::steady_clock::time_point tried{};
  };
  std::string url_;
  std::mutex mutex_;
  PGconn* db_ = nullptr;
  std::chrono::steady_clock::time_point checked_{};
  std::map<std::string, Lease> leases_;
};

class PgStore final : public Store {
 public:
  explicit PgStore(std::string url) : url_(std::move(url)), id_(next_id_++), leases_(url_) {}
  ~PgStore() override { watcher_.reset(); }

  Connection& connection() override {
    thread_local std::map<uint64_t, std::unique_ptr<PgConnection>> connections;
    auto& slot = connections[id_];
    if (slot && slot->broken() && !slot->in_transaction()) slot.reset();  // reconnect after a failure
    if (!slot) slot = std::make_unique<PgConnection>(url_);
    return *slot;
  }
  std::string backend() const override { return "postgres"; }

  void broadcast(std::string_view channel, std::string_view payload) override {
    std::string text = std::string(channel) + ":" + std::string(payload);
    try {
      connection().execute("SELECT pg_notify('weft_broadcast', ?)", {text});
    } catch (const Failure& failure) {
      spdlog::warn("broadcast {}: {}", channel, failure.what());
    }
  }

  void watch() override {
    if (watcher_) return;
    watcher_ = std::make_unique<Watcher>(
        url_, [this] { notify_commit(); },
        [this](std::string_view channel, std::string_view payload) { hear(channel, payload); });
  }

  bool hold_lease(const std::string& name) override { return leases_.hold(name); }

  int64_t count_nodes() override {
    auto count = read(*this, [](Connection& c) -> Result<int64_t> {
      return c.query_int("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'weft-watcher' AND "
                         "datname = current_database()").value_or(0);
    });
    return std::max<int64_t>(1, count.value_or(1));
  }

  // Applies the migrations not yet applied, each in its own transaction. Nodes starting together
  // take turns on the writers' advisory lock, and each checks again under it.
  void migrate() {
    Connection& c = connection();
    c.execute_script(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at BIGINT NOT NULL)");
    check_not_newer(c, postgres_migrations());
    for (const Migration& migration : postgres_migrations()) {
      c.begin_write();
      try {
        if (!c.query_int("SELECT 1 FROM schema_migrations WHERE version = ?", {migration.number})) {
          c.execute_script(migration.sql);
          c.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    {migration.number, migration.name, clock::now_seconds()});
          spdlog::info("store: applied migration {}", migration.name);
        }
        c.commit();
      } catch (...) {
        c.rollback();
        throw;
      }
    }
  }

  Result<void> backup(const std::string&) override {
    return fail(ErrorCode::kInvalidArgument, "a PostgreSQL store is backed up with pg_dump or pg_basebackup");
  }

 private:
  static inline std::atomic<uint64_t> next_id_{1};
  std::string url_;
  uint64_t id_;
  Leases leases_;
  std::unique_ptr<Watcher> watcher_;
};

}  // namespace

Result<std::unique_ptr<Store>> open_postgres(const std::string& url) {
  auto store = std::make_unique<PgStore>(url);
  try {
    store->migrate();
  } catch (const Failure& failure) {
    return std::unexpected(Error{failure.code(), failure.what()});
  }
  return std::unique_ptr<Store>(std::move(store));
}

Result<std::unique_ptr<Store>> open_postgres_unmigrated(const std::string& url) {
  auto store = std::make_unique<PgStore>(url);
  try {
    (void)store->connection();  // fail now, not on the first request
  } catch (const Failure& failure) {
    return std::unexpected(Error{failure.code(), failure.what()});
  }
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace weft::store
