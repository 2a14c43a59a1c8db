// The SQLite backend: one database file, WAL, one connection per thread (opened without SQLite's
// own mutex, since a connection never leaves its thread), and a prepared-statement cache per
// connection keyed by SQL text.
//
// The search index (three FTS5 tables) lives in a second file beside it, `<file>-search`,
// attached to every connection as the schema `search`. The search view writes it with
// Store::write_aside in deferred transactions that lock only that file, so FTS5's segment merges
// (hundreds of milliseconds at times) never hold the writer that requests wait for (DECISIONS 76).
// Queries name the tables without a schema: no table name is in both files. The file is derived:
// when it is missing (a restored backup, a first start after the upgrade that moved the index),
// its tables are created empty and the search view's checkpoint is dropped, and the server
// rebuilds the index from the tables before it serves (events::Registry::rebuild_missing).
// Being derived, the file is written at synchronous=NORMAL whatever the store's durability: a
// power loss may take its last commits, never corrupt it. It keeps, in `indexed_through`, the last
// event its index has applied, written in the same transaction as the index; when the file comes
// back behind the view's checkpoint (which lives in the main file and is written after it), the
// store sets the checkpoint back to it at open and the view indexes the lost events again
// (DECISIONS 80).
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include "store/sqlite/fts_rank.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <thread>
#include <map>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/threads.h"
#include "store/migrations.h"
#include "store/store.h"

namespace weft::store {
namespace {

ErrorCode code_for(int rc) {
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT: return ErrorCode::kConflict;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_IOERR: return ErrorCode::kUnavailable;
    default: return ErrorCode::kInternal;
  }
}

[[noreturn]] void throw_failure(sqlite3* db, int rc, std::string_view what) {
  std::string message = std::string(what) + ": " + sqlite3_errmsg(db);
  if (code_for(rc) != ErrorCode::kConflict) spdlog::error("sqlite: {}", message);
  throw Failure(code_for(rc), message);
}

struct CachedStatement {
  sqlite3_stmt* statement = nullptr;
  bool busy = false;
};

// Statements slower than this are logged with their SQL (WEFT_SLOW_QUERY_MS, default 200).
int64_t slow_query_micros() {
  static const int64_t micros = [] {
    const char* text = std::getenv("WEFT_SLOW_QUERY_MS");
    return (text ? std::atoll(text) : 200) * 1000;
  }();
  return micros;
}

// Bytes of the database file read through a memory map (WEFT_MMAP_MB; default 0, none).
std::string search_file(const std::string& path) { return path + "-search"; }

int wal_limit_mb() {
  int mb = 128;
  if (const char* given = std::getenv("WEFT_WAL_LIMIT_MB")) mb = std::clamp(std::atoi(given), 1, 1 << 16);
  return mb;
}
// Each WAL file is kept at up to this size when its log starts over, so that the next
// writes overwrite blocks it already has rather than allocate them again.
int64_t kept_wal_bytes() { return (static_cast<int64_t>(wal_limit_mb()) + 16) * 1024 * 1024; }

// The search file's tables (as migrations 0001, 0003 and 0006 defined them in the main file).
constexpr const char* kSearchSchema = R"sql(
CREATE VIRTUAL TABLE search.people_fts USING fts5(
  name, handle, title, skills,
  tokenize = "unicode61 remove_diacritics 2 tokenchars '._-'",
  prefix = '1 2 3'
);
CREATE VIRTUAL TABLE search.posts_fts USING fts5(
  body, tokenize = "unicode61 remove_diacritics 2", prefix = '2 3'
);
CREATE VIRTUAL TABLE search.work_fts USING fts5(
  title, body, tokenize = "unicode61 remove_diacritics 2", prefix = '2 3'
);
)sql";

int64_t mmap_bytes() {
  static const int64_t bytes = [] {
    const char* text = std::getenv("WEFT_MMAP_MB");
    return (text ? std::atoll(text) : 0) * 1024 * 1024;
  }();
  return bytes;
}

class SqliteRows final : public Rows {
 public:
  SqliteRows(sqlite3* db, sqlite3_stmt* statement, CachedStatement* cached)
      : db_(db), statement_(statement), cached_(cached), started_(std::chrono::steady_clock::now()) {}
  ~SqliteRows() override {
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - started_).count();
    if (micros > slow_query_micros()) {
      spdlog::warn("slow query: {} ms: {}", micros / 1000, sqlite3_sql(statement_));
    }
    if (cached_ != nullptr) {
      sqlite3_reset(statement_);
      sqlite3_clear_bindings(statement_);
      cached_->busy = false;
    } else {
      sqlite3_finalize(statement_);
    }
  }
  bool next() override {
    if (done_) return false;
    int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) return true;
    done_ = true;
    if (rc == SQLITE_DONE) return false;
    throw_failure(db_, rc, "step");
  }
  bool is_null(int column) override { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }
  int64_t int64(int column) override { return sqlite3_column_int64(statement_, column); }
  double real(int column) override { return sqlite3_column_double(statement_, column); }
  std::string text(int column) override {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
    int size = sqlite3_column_bytes(statement_, column);
    return data ? std::string(data, size) : std::string();
  }
  int column_count() override { return sqlite3_column_count(statement_); }
  std::string column_name(int column) override { return sqlite3_column_name(statement_, column); }
  Type column_type(int column) override {
    switch (sqlite3_column_type(statement_, column)) {
      case SQLITE_INTEGER: return Type::kInt;
      case SQLITE_FLOAT: return Type::kReal;
      case SQLITE_NULL: return Type::kNull;
      default: return Type::kText;
    }
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* statement_;
  CachedStatement* cached_;
  std::chrono::steady_clock::time_point started_;
  bool done_ = false;
};

// The writers of one process take turns here, first come first served, before they begin.
// SQLite's own busy handler polls with growing sleeps (up to 100 ms a try), so with several writers
// waiting the lock would sit free while they sleep, and an unlucky one would wait whole seconds
// (measured: p99 950 ms for 8 writers, bench/RESULTS.md). Other processes (a backup, the command
// line) still meet the busy timeout.
class WriteGate {
 public:
  bool acquire(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    const uint64_t ticket = next_++;
    if (turn_changed_.wait_for(lock, timeout, [&] { return serving_ == ticket; })) return true;
    abandoned_.push_back(ticket);  // skipped when its turn comes
    return false;
  }
  void release() {
    {
      std::lock_guard lock(mutex_);
      ++serving_;
      for (auto it = std::find(abandoned_.begin(), abandoned_.end(), serving_); it != abandoned_.end();
           it = std::find(abandoned_.begin(), abandoned_.end(), serving_)) {
        abandoned_.erase(it);
        ++serving_;
      }
    }
    turn_changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable turn_changed_;
  uint64_t next_ = 0;
  uint64_t serving_ = 0;
  std::vector<uint64_t> abandoned_;
};

// Process-wide settings, before the first connection. Memory statistics off: with them on, every
// allocation SQLite makes takes one mutex shared by all connections, which the io threads' reads
// then queue on (3.7% of a feed read's time in pthread_mutex_lock with two threads); Weft reads no
// SQLite memory figure. A call after SQLite has started (another library opened a database first)
// changes nothing and is harmless.
void configure_sqlite_once() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(const std::string& path, bool synchronous_full = true,
                            std::shared_ptr<WriteGate> gate = nullptr)
      : gate_(std::move(gate)) {
    configure_sqlite_once();
    int rc = sqlite3_open_v2(path.c_str(), &db_,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             nullptr);
    if (rc != SQLITE_OK) {
      std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      db_ = nullptr;
      throw Failure(ErrorCode::kUnavailable, "cannot open " + path + ": " + message);
    }
    sqlite3_busy_timeout(db_, 5000);
    if (!register_fts_rank(db_)) throw Failure(ErrorCode::kInternal, "SQLite was built without FTS5");
    execute_script(
        std::string("PRAGMA journal_mode=WAL; PRAGMA synchronous=") +
        (synchronous_full ? "FULL" : "NORMAL") + "; PRAGMA foreign_keys=ON;"
        "PRAGMA journal_size_limit=" + std::to_string(kept_wal_bytes()) + "; PRAGMA wal_autocheckpoint=0;"
        "PRAGMA mmap_size=" + std::to_string(mmap_bytes()) + "; PRAGMA cache_size=-32768; PRAGMA temp_store=MEMORY;");
    execute("ATTACH DATABASE ? AS search", {search_file(path)});
    execute_script(std::string("PRAGMA search.journal_mode=WAL; PRAGMA search.synchronous=NORMAL") +
                   "; PRAGMA search.journal_size_limit=" + std::to_string(kept_wal_bytes()) +
                   "; PRAGMA search.cache_size=-16384;");
  }
  ~SqliteConnection() override {
    for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.statement);
    sqlite3_close(db_);
  }

  std::unique_ptr<Rows> query_list(std::string_view sql, std::span<const Param> params) override {
    auto [statement, cached] = prepare(sql);
    bind(statement, params, cached);
    return std::make_unique<SqliteRows>(db_, statement, cached);
  }

  int64_t execute_list(std::string_view sql, std::span<const Param> params) override {
    {
      auto rows = query_list(sql, params);
      while (rows->next()) {
      }
    }
    return sqlite3_changes64(db_);
  }


  void execute_script(std::string_view sql) override {
    std::string text(sql);
    char* message = nullptr;
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      std::string what = message ? message : "script failed";
      sqlite3_free(message);
      throw Failure(code_for(rc), what);
    }
  }

  void begin_write() override {
    if (gate_ && !holds_gate_) {
      if (!gate_->acquire(std::chrono::milliseconds(5000))) {
        throw Failure(ErrorCode::kUnavailable, "the store is busy; try again shortly");
      }
      holds_gate_ = true;
    }
    try {
      // Not BEGIN IMMEDIATE, which would lock every attached file, the search index's too, and so
      // wait for its merges: a deferred transaction whose first statement writes (nothing) to the
      // main file takes that file's lock, and only it, at once.
      execute("BEGIN");
      execute("UPDATE main.schema_migrations SET version = version WHERE 0");
    } catch (...) {
      if (sqlite3_get_autocommit(db_) == 0) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      release_gate();
      throw;
    }
    in_transaction_ = true;
  }
  // Deferred: each file is locked when first written, so a transaction that reads the main file
  // and writes only the search file takes no lock the requests' writers need.
  void begin_aside() override {
    execute("BEGIN");
    in_transaction_ = true;
  }
  void commit() override {
    execute("COMMIT");  // on failure the caller rolls back, which lets the gate go
    in_transaction_ = false;
    release_gate();
  }
  void rollback() noexcept override {
    if (sqlite3_get_autocommit(db_) == 0) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    in_transaction_ = false;
    release_gate();
  }
  bool in_transaction() const override { return in_transaction_; }
  std::string_view backend() const override { return "sqlite"; }
  std::string ids_sql(std::string_view placeholder) const override {
    return "SELECT value FROM json_each(" + std::string(placeholder) + ")";
  }

  sqlite3* handle() { return db_; }

 private:
  std::pair<sqlite3_stmt*, CachedStatement*> prepare(std::string_view sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end() && !it->second.busy) {
      it->second.busy = true;
      return {it->second.statement, &it->second};
    }
    sqlite3_stmt* statement = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
    if (rc != SQLITE_OK) throw_failure(db_, rc, "prepare");
    if (it != cache_.end()) return {statement, nullptr};  // nested use of a busy statement
    auto [inserted, _] = cache_.emplace(std::string(sql), CachedStatement{statement, true});
    return {statement, &inserted->second};
  }

  void bind(sqlite3_stmt* statement, std::span<const Param> params, CachedStatement* cached) {
    int index = 1;
    for (const Param& param : params) {
      int rc = SQLITE_OK;
      switch (param.kind()) {
        case Param::Kind::kNull: rc = sqlite3_bind_null(statement, index); break;
        case Param::Kind::kInt:
        case Param::Kind::kBool: rc = sqlite3_bind_int64(statement, index, param.as_int()); break;
        case Param::Kind::kReal: rc = sqlite3_bind_double(statement, index, param.as_real()); break;
        case Param::Kind::kText:
          rc = sqlite3_bind_text64(statement, index, param.as_text().data(), param.as_text().size(),
                                   SQLITE_TRANSIENT, SQLITE_UTF8);
          break;
        case Param::Kind::kIds: {
          std::string list = "[";  // read by json_each (ids_sql)
          for (int64_t id : param.as_ids()) {
            if (list.size() > 1) list += ',';
            list += std::to_string(id);
          }
          list += ']';
          rc = sqlite3_bind_text64(statement, index, list.data(), list.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
          break;
        }
      }
      if (rc != SQLITE_OK) {
        if (cached) {
          sqlite3_reset(statement);
          cached->busy = false;
        } else {
          sqlite3_finalize(statement);
        }
        throw_failure(db_, rc, "bind");
      }
      ++index;
    }
  }

  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  void release_gate() noexcept {
    if (holds_gate_) {
      holds_gate_ = false;
      gate_->release();
    }
  }

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, CachedStatement, Hash, std::equal_to<>> cache_;
  bool in_transaction_ = false;
  std::shared_ptr<WriteGate> gate_;
  bool holds_gate_ = false;
};

// Writers never checkpoint the WAL themselves (a checkpoint of a large store can take hundreds of
// milliseconds inside someone's COMMIT); this thread does, passively, several times a second. A
// passive checkpoint never waits, so under writes that never pause (a rebuild, a flood of posts)
// it never catches up with the end of the WAL, which then cannot start over and grows without
// bound — 30 GB in three minutes of `weft rebuild notifications` at 100,000 people, every read
// slower for it. Once the WAL holds more than kRestartFrames, the checkpointer takes the writers'
// gate (writers of this process wait their turn behind it), copies what is left and waits for the
// readers still on the old log (a RESTART checkpoint), then lets the writers go on; the next one
// writes the log from its first frame. The file is not truncated: its blocks are overwritten
// rather than freed and allocated again (DECISIONS 79: with a truncation every few seconds the
// writers' commits waited on the file system: 8 writers' post p99, median of runs, 121 ms
// truncating, 32 ms starting over). WEFT_WAL_LIMIT_MB sets the limit (default 128).
class Checkpointer {
 public:
  Checkpointer(const std::string& path, std::shared_ptr<WriteGate> gate)
      : restart_frames_(limit_frames()), gate_(std::move(gate)), thread_([this, path] {
          core::name_thread("weft-checkpoint");
          run(path);
        }) {}
  ~Checkpointer() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }

 private:
  void run(const std::string& path) {
    std::unique_ptr<SqliteConnection> connection;
    try {
      connection = std::make_unique<SqliteConnection>(path);
    } catch (const Failure& failure) {
      spdlog::error("checkpointer: {}", failure.what());
      return;
    }
    // Starting the log over waits for readers still on the old log; while it waits the writers are
    // held, so it gives up after a moment and tries again at the next round.
    sqlite3_busy_timeout(connection->handle(), 100);
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      wake_.wait_for(lock, std::chrono::milliseconds(250));
      lock.unlock();
      int frames = 0;
      sqlite3_wal_checkpoint_v2(connection->handle(), "main", SQLITE_CHECKPOINT_PASSIVE, &frames, nullptr);
      // The search file's log: its writer (the search view) is not held by the gate, so starting it
      // over waits for it up to the busy timeout, which delays only the index. Not truncated
      // either: freeing its blocks made the requests' commits wait on the file system too.
      int search_frames = 0;
      sqlite3_wal_checkpoint_v2(connection->handle(), "search", SQLITE_CHECKPOINT_PASSIVE, &search_frames, nullptr);
      if (search_frames > restart_frames_) {
        sqlite3_wal_checkpoint_v2(connection->handle(), "search", SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
      }
      if (frames > restart_frames_ && gate_ && gate_->acquire(std::chrono::milliseconds(5000))) {
        const auto started = std::chrono::steady_clock::now();
        int rc = sqlite3_wal_checkpoint_v2(connection->handle(), "main", SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
        gate_->release();
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
        spdlog::debug("checkpointer: WAL of {} frames started over in {} ms (rc {})", frames, ms.count(), rc);
      }
      lock.lock();
    }
    lock.unlock();
    sqlite3_busy_timeout(connection->handle(), 5000);
    sqlite3_wal_checkpoint_v2(connection->handle(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  }
  static int limit_frames() { return wal_limit_mb() * 256; }  // 4 KiB pages
  const int restart_frames_;
  std::shared_ptr<WriteGate> gate_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

// Group commit. Under `synchronous=FULL` every commit waits for an fsync of the WAL, and with one
// writer at a time the writers queue behind each other's syncs. Here the process's writes go to one
// thread, which runs the jobs waiting when it starts a transaction in that one transaction, each in
// a savepoint of its own (a job that fails undoes only itself), then commits them with one sync and
// answers them all. A batch stops after kMaxJobs jobs or kMaxBatch of work so that a long job does
// not hold the others' answers; jobs arriving meanwhile form the next batch. WEFT_GROUP_COMMIT=0
// turns it off (each write then commits alone, on its caller's thread).
class GroupCommitter {
 public:
  static constexpr size_t kMaxJobs = 64;
  static constexpr auto kMaxBatch = std::chrono::milliseconds(10);

  // `synchronous_full`: the store's durability (synchronous=FULL); derived writes (DerivedWrites)
  // then commit in batches of their own at NORMAL, without waiting for the disk.
  GroupCommitter(Store& store, bool synchronous_full)
      : store_(store), synchronous_full_(synchronous_full), thread_([this] {
        core::name_thread("weft-writer");
        run();
      }) {}
  ~GroupCommitter() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    work_.notify_one();
    thread_.join();
  }
  static bool on_writer_thread() { return writer_thread_; }

  std::optional<Error> submit(const std::function<bool(Connection&)>& work, const std::source_location& where) {
    Job job{&work, &where};
    job.derived = DerivedWrites::active();
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(&job);
    }
    work_.notify_one();
    core::IdleWait idle;  // a read that writes lends its place while the writer works
    std::unique_lock lock(mutex_);
    answered_.wait(lock, [&] { return job.done; });
    if (job.exception) std::rethrow_exception(job.exception);
    return job.error;
  }

 private:
  struct Job {
    const std::function<bool(Connection&)>* work;
    const std::source_location* where;
    bool derived = false;  // made by the event bus for a view: may skip the sync (DerivedWrites)
    bool kept = false;
    bool done = false;
    std::optional<Error> error;
    std::exception_ptr exception;
  };

  // The next job in line; with `derived_only`, none when the next one is a request's own write.
  Job* next_job(bool derived_only = false) {
    std::lock_guard lock(mutex_);
    if (queue_.empty()) return nullptr;
    if (derived_only && !queue_.front()->derived) return nullptr;
    Job* job = queue_.front();
    queue_.pop_front();
    return job;
  }

  // Runs one job: the first of a batch alone in the transaction (undoing it is rolling the
  // transaction back), each later one in a savepoint. Answers false when the store gave up the
  // whole transaction. A savepoint is not free: while it is open SQLite keeps every page the
  // transaction changes in a statement journal, and each statement's end walks that journal —
  // a job of 50,000 inserts inside one (an import, the demo) would take quadratic time.
  static bool run_job(SqliteConnection& c, Job& job, bool alone) {
    const bool earlier_events = c.take_events_written();
    if (!alone) c.execute("SAVEPOINT job");
    const auto started = std::chrono::steady_clock::now();
    try {
      job.kept = (*job.work)(c);
    } catch (const Failure& failure) {
      job.error = failure.error();
    } catch (...) {
      job.exception = std::current_exception();
    }
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - started).count();
    if (micros > slow_query_micros()) {
      spdlog::warn("slow write: {} ms in the transaction of {}:{}", micros / 1000, job.where->file_name(),
                   job.where->line());
    }
    if (sqlite3_get_autocommit(c.handle()) != 0) return false;  // rolled back by SQLite itself
    if (alone) {
      if (job.kept && c.take_events_written()) c.mark_events_written();
      return true;  // an undone job alone is rolled back with its transaction by the caller
    }
    if (!job.kept) c.execute("ROLLBACK TO job");
    c.execute("RELEASE job");
    const bool own_events = c.take_events_written() && job.kept;  // an undone job's are gone
    if (earlier_events || own_events) c.mark_events_written();
    return true;
  }

  void answer(std::vector<Job*>& batch) {
    {
      std::lock_guard lock(mutex_);
      for (Job* job : batch) job->done = true;
    }
    answered_.notify_all();
    batch.clear();
  }

  void run() {
    writer_thread_ = true;
    auto& c = static_cast<SqliteConnection&>(store_.connection());
    std::vector<Job*> batch;
    batch.reserve(kMaxJobs);
    for (;;) {
      bool derived_batch = false;
      {
        std::unique_lock lock(mutex_);
        work_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and nothing left to write
        derived_batch = synchronous_full_ && queue_.front()->derived;
      }
      try {
        // A batch of derived writes only commits without a sync; one that starts with a request's
        // write syncs, with any derived writes behind it (a sync covers every commit before it:
        // the WAL is one file written in order, so a view's rows never outlive what made them).
        if (synchronous_full_ && derived_batch != unsynced_) {
          c.execute_script(derived_batch ? "PRAGMA main.synchronous=NORMAL" : "PRAGMA main.synchronous=FULL");
          unsynced_ = derived_batch;
        }
        c.begin_write();
      } catch (const Failure& failure) {
        while (Job* job = next_job()) {
          job->error = failure.error();
          batch.push_back(job);
        }
        answer(batch);
        continue;
      }
      const auto started = std::chrono::steady_clock::now();
      bool intact = true;
      bool undone_alone = false;
      try {
        while (batch.size() < kMaxJobs && std::chrono::steady_clock::now() - started < kMaxBatch) {
          Job* job = next_job(derived_batch);
          if (job == nullptr) break;
          batch.push_back(job);
          const bool alone = batch.size() == 1;
          if (!run_job(c, *job, alone)) {
            intact = false;
            break;
          }
          if (alone && !job->kept) {
            undone_alone = true;
            break;
          }
        }
        if (undone_alone) {
          c.rollback();
          c.take_events_written();
          answer(batch);  // the job keeps its own answer; the next ones get a new transaction
          continue;
        }
        if (intact) {
          const auto committing = std::chrono::steady_clock::now();
          c.commit();
          auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - committing).count();
          if (micros > slow_query_micros()) {
            spdlog::warn("slow commit: {} ms for {} writes", micros / 1000, batch.size());
          }
        }
      } catch (const Failure&) {
        intact = false;
      }
      if (!intact) {
        c.rollback();
        c.take_events_written();
        for (Job* job : batch) {
          if (job->kept) {  // a job that undid itself keeps its own answer
            job->kept = false;
            job->error = Error{ErrorCode::kUnavailable, "The store failed; the change was not made."};
          }
        }
      } else if (c.take_events_written()) {
        store_.notify_commit();
      }
      answer(batch);
    }
  }

  Store& store_;
  const bool synchronous_full_;
  bool unsynced_ = false;  // the writer's connection is at synchronous=NORMAL for a derived batch
  std::mutex mutex_;
  std::condition_variable work_;
  std::condition_variable answered_;
  std::deque<Job*> queue_;
  bool stopping_ = false;
  static inline thread_local bool writer_thread_ = false;
  std::thread thread_;
};

class SqliteStore final : public Store {
 public:
  SqliteStore(std::string path, bool synchronous_full)
      : path_(std::move(path)), synchronous_full_(synchronous_full), id_(next_id_++) {}
  ~SqliteStore() override { committer_.reset(); }
  void start_checkpointer() { checkpointer_ = std::make_unique<Checkpointer>(path_, gate_); }
  void start_group_commit() { committer_ = std::make_unique<GroupCommitter>(*this, synchronous_full_); }

  std::optional<Error> write(const std::function<bool(Connection&)>& job,
                             const std::source_location& where) override {
    if (committer_ && !GroupCommitter::on_writer_thread()) return committer_->submit(job, where);
    return write_alone(job);
  }

  std::optional<Error> write_aside(const std::function<bool(Connection&)>& job,
                                   const std::source_location& where) override {
    const auto started = std::chrono::steady_clock::now();
    auto failed = write_alone(job, true);
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started)
                      .count();
    if (micros > slow_query_micros()) {
      spdlog::warn("slow write aside: {} ms in the transaction of {}:{}", micros / 1000, where.file_name(),
                   where.line());
    }
    return failed;
  }

  Connection& connection() override {
    thread_local std::map<uint64_t, std::unique_ptr<SqliteConnection>> connections;
    auto& slot = connections[id_];
    if (!slot) slot = std::make_unique<SqliteConnection>(path_, synchronous_full_, gate_);
    return *slot;
  }

  std::string backend() const override { return "sqlite"; }

  // One process works the store's jobs and views: the first to ask takes a lock on a file beside
  // the store (`weft.db.lock`) and keeps it while it runs; another process (a `weft rebuild` while
  // the server serves) is refused. Within this process every store on the path holds it.
  bool hold_lease(const std::string& name) override {
    (void)name;
    if (path_.empty() || path_ == ":memory:" || path_.starts_with("file::memory:")) return true;
    static std::mutex mutex;
    static std::map<std::string, int> held;  // path → the locked file, for the process's life
    std::lock_guard lock(mutex);
    if (held.contains(path_)) return true;
    const int fd = ::open((path_ + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return true;  // a read-only directory: nothing to guard against here
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd);
      return false;
    }
    held[path_] = fd;
    return true;
  }

  Result<void> backup(const std::string& path) override {
    auto& source = static_cast<SqliteConnection&>(connection());
    std::error_code ec;
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    // Written beside the target and renamed at the end: PATH is never a half-written copy.
    const std::string partial = path + ".partial";
    std::filesystem::remove(partial, ec);
    sqlite3* target = nullptr;
    if (sqlite3_open(partial.c_str(), &target) != SQLITE_OK) {
      sqlite3_close(target);
      return fail(ErrorCode::kInvalidArgument, "cannot create " + path, "path");
    }
    sqlite3_backup* backup = sqlite3_backup_init(target, "main", source.handle(), "main");
    if (backup == nullptr) {
      sqlite3_close(target);
      return fail(ErrorCode::kInternal, "backup could not start");
    }
    int rc;
    do {
      rc = sqlite3_backup_step(backup, 1024);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(backup);
    sqlite3_close(target);
    if (rc != SQLITE_DONE) {
      std::filesystem::remove(partial, ec);
      return fail(ErrorCode::kInternal, "backup failed");
    }
    std::filesystem::rename(partial, path, ec);
    if (ec) return fail(ErrorCode::kUnavailable, "cannot write " + path + ": " + ec.message());
    return {};
  }

  void migrate() {
    Connection& c = connection();
    c.execute_script(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
        "NULL, applied_at INTEGER NOT NULL)");
    check_not_newer(c, sqlite_migrations());
    for (const Migration& migration : sqlite_migrations()) {
      if (c.query_int("SELECT 1 FROM schema_migrations WHERE version = ?", {migration.number})) {
        continue;
      }
      c.begin_write();
      try {
        c.execute_script(migration.sql);
        c.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                  {migration.number, migration.name, clock::now_seconds()});
        c.commit();
      } catch (...) {
        c.rollback();
        throw;
      }
      spdlog::info("store: applied migration {}", migration.name);
    }
    if (c.query_int("SELECT count(*) FROM search.sqlite_master WHERE type = 'table' AND "
                    "name IN ('people_fts', 'posts_fts', 'work_fts')") != 3) {
      // A new or missing search file: empty tables, and the view rebuilds the index before serving.
      c.begin_write();
      try {
        c.execute_script("DROP TABLE IF EXISTS search.people_fts; DROP TABLE IF EXISTS search.posts_fts; "
                         "DROP TABLE IF EXISTS search.work_fts;");
        c.execute_script(kSearchSchema);
        c.execute("DELETE FROM event_checkpoints WHERE name = 'search'");
        c.commit();
      } catch (...) {
        c.rollback();
        throw;
      }
      spdlog::info("store: created the search index's file {}", search_file(path_));
    }
    settle_search_checkpoint(c);
  }

 private:
  // The search file is written without a sync per commit, so a power loss may take its last
  // commits while the view's checkpoint in the main file (synced, and written after them) stays.
  // The index's last applied event, kept in the search file with the index, says where it ends:
  // the checkpoint goes back there, and the view indexes what was lost again.
  void settle_search_checkpoint(Connection& c) {
    c.begin_write();
    try {
      c.execute_script(
          "CREATE TABLE IF NOT EXISTS search.indexed_through (id INTEGER PRIMARY KEY CHECK (id = 1), "
          "last_id INTEGER NOT NULL)");
      const auto checkpoint = c.query_int("SELECT last_id FROM event_checkpoints WHERE name = 'search'");
      const auto through = c.query_int("SELECT last_id FROM search.indexed_through WHERE id = 1");
      if (checkpoint && !through) {
        // A file from before the mark was kept: it was synced with each commit, so it is whole.
        c.execute("INSERT INTO search.indexed_through (id, last_id) VALUES (1, ?)", {*checkpoint});
      } else if (checkpoint && *through < *checkpoint) {
        c.execute("UPDATE event_checkpoints SET last_id = ? WHERE name = 'search'", {*through});
        spdlog::warn("store: the search index ends at event {}, before its checkpoint {} (its last writes were "
                     "lost): it indexes the events after {} again",
                     *through, *checkpoint, *through);
      }
      c.commit();
    } catch (...) {
      c.rollback();
      throw;
    }
  }

  static inline std::atomic<uint64_t> next_id_{1};
  std::string path_;
  bool synchronous_full_ = true;
  uint64_t id_;
  std::unique_ptr<Checkpointer> checkpointer_;
  std::unique_ptr<GroupCommitter> committer_;
  std::shared_ptr<WriteGate> gate_ = std::make_shared<WriteGate>();
};

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite(const std::string& path, bool synchronous_full) {
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec) return fail(ErrorCode::kUnavailable, "cannot create " + parent.string() + ": " + ec.message());
  auto store = std::make_unique<SqliteStore>(path, synchronous_full);
  try {
    store->migrate();
  } catch (const Failure& failure) {
    return std::unexpected(Error{failure.code(), failure.what()});
  }
  store->start_checkpointer();
  const char* group_commit = std::getenv("WEFT_GROUP_COMMIT");
  if (group_commit == nullptr || std::string_view(group_commit) != "0") store->start_group_commit();
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace weft::store
