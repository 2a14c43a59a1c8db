// The PostgreSQL backend (libpq): one connection per thread, statements prepared once per
// connection and keyed by their SQL text, parameters sent as text. Weft's SQL is written with `?`
// placeholders (SQLite's `?` and `?N`); they become `$N` here, outside quotes.
//
// Writers take one transaction-scoped advisory lock after BEGIN, so writes are serialized across
// every Weft node on the database, as SQLite serializes them in one process: the actions' read-
// then-write steps (counters, tallies, uniqueness checks) stay correct without per-statement
// locking. Reads never take it.
#include <libpq-fe.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <map>
#include <unordered_map>

#include "core/clock.h"
#include "store/migrations.h"
#include "store/store.h"

namespace weft::store {
namespace {

// The advisory lock every writer holds for its transaction ("weft" in ASCII).
constexpr const char* kWriteLock = "SELECT pg_advisory_xact_lock(2003136116)";

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
  explicit PgConnection(const std::string& url) : db_(PQconnectdb(url.c_str())) {
    if (PQstatus(db_) != CONNECTION_OK) {
      std::string message = db_ ? PQerrorMessage(db_) : "out of memory";
      PQfinish(db_);
      db_ = nullptr;
      throw Failure(ErrorCode::kUnavailable, "cannot connect to PostgreSQL: " + message);
    }
    PQsetNoticeProcessor(db_, [](void*, const char*) {}, nullptr);  // "already exists, skipping"
    execute_script("SET client_min_messages = warning; SET TIME ZONE 'UTC'");
  }
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
    execute_script(std::string("BEGIN; ") + kWriteLock);
    in_transaction_ = true;
  }
  void commit() override {
    execute_script("COMMIT");
    in_transaction_ = false;
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
  std::string ids_sql(std::string_view placeholder) const override {
    return "SELECT unnest(CAST(" + std::string(placeholder) + " AS bigint[]))";
  }

 private:
  // Runs a statement (prepared on its first use) and answers its result; throws on failure.
  PGresult* run(std::string_view sql, std::span<const Param> params) {
    auto it = prepared_.find(sql);
    if (it == prepared_.end()) {
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
    PGresult* result = PQexecPrepared(db_, it->second.c_str(), static_cast<int>(params.size()), values.data(),
                                      nullptr, nullptr, 0);
    check(result, "statement", sql);
    const char* tuples = PQcmdTuples(result);
    changed_ = (tuples && *tuples) ? std::atoll(tuples) : 0;
    return result;
  }

  void check(PGresult* result, std::string_view what, std::string_view sql = {}) {
    auto status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
    const char* sqlstate = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    std::string message = std::string(what) + ": " + PQerrorMessage(db_);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
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

class PgStore final : public Store {
 public:
  explicit PgStore(std::string url) : url_(std::move(url)), id_(next_id_++) {}

  Connection& connection() override {
    thread_local std::map<uint64_t, std::unique_ptr<PgConnection>> connections;
    auto& slot = connections[id_];
    if (!slot) slot = std::make_unique<PgConnection>(url_);
    return *slot;
  }
  std::string backend() const override { return "postgres"; }

  // Applies the migrations not yet applied, each in its own transaction. Nodes starting together
  // take turns on the writers' advisory lock, and each checks again under it.
  void migrate() {
    Connection& c = connection();
    c.execute_script(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at BIGINT NOT NULL)");
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
