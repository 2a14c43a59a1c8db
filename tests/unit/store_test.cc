#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "events/bus.h"
#include "events/event_log.h"
#include "test_store.h"

namespace weft {
namespace {

TEST(SqliteStore, AppliesMigrationsOnceAndReopens) {
  testing::TempStore store;
  auto& c = store->connection();
  EXPECT_GE(c.query_int("SELECT COUNT(*) FROM schema_migrations").value_or(0), 1);
  auto reopened = store::open_sqlite((store.dir() / "weft.db").string());
  ASSERT_TRUE(reopened.has_value());
  EXPECT_EQ((*reopened)->connection().query_int("SELECT COUNT(*) FROM schema_migrations"),
            c.query_int("SELECT COUNT(*) FROM schema_migrations"));
  EXPECT_EQ(c.query_text("PRAGMA journal_mode"), "wal");
}

TEST(SqliteStore, TransactRollsBackOnErrorAndOnFailure) {
  testing::TempStore store;
  auto failed = store::transact(*store, [](store::Connection& c) -> Result<bool> {
    c.execute("INSERT INTO meta (key, value) VALUES ('a', '1')");
    return invalid("x", "changed my mind");
  });
  EXPECT_FALSE(failed.has_value());
  auto conflict = store::transact(*store, [](store::Connection& c) -> Result<bool> {
    c.execute("INSERT INTO meta (key, value) VALUES ('b', '1')");
    c.execute("INSERT INTO meta (key, value) VALUES ('b', '2')");  // primary key clash
    return true;
  });
  ASSERT_FALSE(conflict.has_value());
  EXPECT_EQ(conflict.error().code, ErrorCode::kConflict);
  EXPECT_EQ(store->connection().query_int("SELECT COUNT(*) FROM meta"), 0);
}

TEST(SqliteStore, NestedQueriesOnTheSameStatementWork) {
  testing::TempStore store;
  auto& c = store->connection();
  c.execute("INSERT INTO meta (key, value) VALUES ('a', '1'), ('b', '2')");
  const char* sql = "SELECT key FROM meta ORDER BY key";
  auto outer = c.query(sql);
  ASSERT_TRUE(outer->next());
  auto inner = c.query(sql);  // the cached statement is busy: a fresh one is prepared
  ASSERT_TRUE(inner->next());
  EXPECT_EQ(inner->text(0), "a");
  EXPECT_EQ(outer->text(0), "a");
}

// Writes that never pause: a passive checkpoint never reaches the end of the WAL, which could then
// never start over. Past its limit the checkpointer truncates it between two writes.
TEST(SqliteStore, TheWalStartsOverUnderWritesThatNeverPause) {
  // Past the limit (1 MiB here) the checkpointer holds the writers back, copies the rest of the
  // log and makes it start over from its first frame: its header's checkpoint sequence number
  // advances (the file keeps its size: the next writes overwrite its blocks).
  setenv("WEFT_WAL_LIMIT_MB", "1", 1);
  testing::TempStore store;
  unsetenv("WEFT_WAL_LIMIT_MB");
  const auto wal = store.dir() / "weft.db-wal";
  auto sequence = [&]() -> std::optional<uint32_t> {
    std::ifstream in(wal, std::ios::binary);
    unsigned char header[16];
    if (!in.read(reinterpret_cast<char*>(header), sizeof header)) return std::nullopt;
    return (uint32_t{header[12]} << 24) | (uint32_t{header[13]} << 16) | (uint32_t{header[14]} << 8) | header[15];
  };
  std::uintmax_t largest = 0;
  std::optional<uint32_t> first;
  int restarts = 0;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (int round = 0; std::chrono::steady_clock::now() < until && restarts < 3; ++round) {
    auto wrote = store::transact(*store, [&](store::Connection& c) -> Result<bool> {
      for (int k = 0; k < 8; ++k) {
        c.execute("INSERT INTO meta (key, value) VALUES (?, hex(randomblob(2000)))",
                  {"k" + std::to_string(round) + "-" + std::to_string(k)});
      }
      return true;
    });
    ASSERT_TRUE(wrote.has_value());
    std::error_code ec;
    const auto size = std::filesystem::file_size(wal, ec);
    if (ec) continue;
    auto now = sequence();
    if (!now) continue;
    if (!first) first = now;
    largest = std::max(largest, size);
    restarts = static_cast<int>(*now - *first);
  }
  EXPECT_GE(restarts, 3) << "the WAL grew to " << largest << " bytes and did not start over";
  EXPECT_GT(store->connection().query_int("SELECT COUNT(*) FROM meta").value_or(0), 0);
}

// A request's write waits for the disk (the store's durability, synchronous=FULL); a view's write
// made by the event bus does not (DECISIONS 85). Read inside each transaction, on the writer.
TEST(SqliteStore, DerivedWritesCommitWithoutASyncAndARequestsWriteWithOne) {
  testing::TempStore store;
  auto level_in_transaction = [&] {
    return *store::transact(*store, [](store::Connection& c) -> Result<int64_t> {
      c.execute("INSERT INTO meta (key, value) VALUES (?, '1') ON CONFLICT (key) DO NOTHING",
                {"k" + std::to_string(c.query_int("SELECT COUNT(*) FROM meta").value_or(0))});
      return c.query_int("PRAGMA main.synchronous").value_or(-1);
    });
  };
  EXPECT_FALSE(store::DerivedWrites::active());
  EXPECT_EQ(level_in_transaction(), 2);  // FULL
  {
    store::DerivedWrites derived;
    EXPECT_TRUE(store::DerivedWrites::active());
    {
      store::DerivedWrites nested;
    }
    EXPECT_TRUE(store::DerivedWrites::active());
    EXPECT_EQ(level_in_transaction(), 1);  // NORMAL
  }
  EXPECT_FALSE(store::DerivedWrites::active());
  EXPECT_EQ(level_in_transaction(), 2);
  // Another thread's scope is its own.
  std::thread other([&] { EXPECT_FALSE(store::DerivedWrites::active()); });
  {
    store::DerivedWrites derived;
    other.join();
  }
  EXPECT_EQ(store->connection().query_int("SELECT COUNT(*) FROM meta"), 3);

  // The event bus's subscribers write as derived.
  auto appended = *store::transact(*store, [&](store::Connection& c) -> Result<int64_t> {
    return events::append(c, {.payload = events::Unknown{"a"}});
  });
  std::atomic<int64_t> level{-1};
  events::EventBus bus(*store, std::chrono::milliseconds(50));
  bus.subscribe("view", 0, [&](const events::Event&) {
    level = level_in_transaction();
    return Result<void>{};
  });
  bus.start();
  ASSERT_TRUE(bus.wait_delivered(appended, std::chrono::seconds(5)));
  bus.stop();
  EXPECT_EQ(level.load(), 1);
  EXPECT_EQ(level_in_transaction(), 2);

  // A view that appends to the log (expert suggestions) writes that as a request would.
  {
    store::DerivedWrites derived;
    {
      store::DurableWrites durable;
      EXPECT_FALSE(store::DerivedWrites::active());
      EXPECT_EQ(level_in_transaction(), 2);
    }
    EXPECT_TRUE(store::DerivedWrites::active());
    EXPECT_EQ(level_in_transaction(), 1);
  }
}

TEST(EventLog, IdsIncreaseAndEventsCommitWithTheChange) {
  testing::TempStore store;
  auto first = store::transact(*store, [](store::Connection& c) -> Result<int64_t> {
    return events::append(c, {.payload = events::Unknown{"test.one"}});
  });
  auto rolled_back = store::transact(*store, [](store::Connection& c) -> Result<int64_t> {
    events::append(c, {.payload = events::Unknown{"test.lost"}});
    return invalid("x", "no");
  });
  auto second = store::transact(*store, [](store::Connection& c) -> Result<int64_t> {
    return events::append(c, {.payload = events::Unknown{"test.two"}});
  });
  ASSERT_TRUE(first && second);
  EXPECT_FALSE(rolled_back.has_value());
  EXPECT_GT(*second, *first);
  auto all = events::read_after(store->connection(), 0, 10);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].verb(), "test.one");
  EXPECT_EQ(all[1].verb(), "test.two");
}

TEST(EventBus, DeliversInOrderAndResumesFromSavedCheckpoint) {
  testing::TempStore store;
  auto append = [&](const std::string& verb) {
    return *store::transact(*store, [&](store::Connection& c) -> Result<int64_t> {
      return events::append(c, {.payload = events::Unknown{verb}});
    });
  };
  append("a");
  int64_t b = append("b");
  std::vector<std::string> seen;
  std::mutex mutex;
  {
    events::EventBus bus(*store, std::chrono::milliseconds(50));
    store->set_commit_listener([&] { bus.wake(); });
    bus.subscribe("recorder", 0, [&](const events::Event& e) {
      std::lock_guard lock(mutex);
      seen.push_back(std::string(e.verb()));
      return Result<void>{};
    });
    bus.start();
    ASSERT_TRUE(bus.wait_delivered(b, std::chrono::seconds(5)));
    int64_t c = append("c");
    ASSERT_TRUE(bus.wait_delivered(c, std::chrono::seconds(5)));
    bus.stop();
    store->set_commit_listener(nullptr);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b", "c"}));
  int64_t d = append("d");
  // A new bus (a restart): the durable subscriber continues after "c".
  std::vector<std::string> after_restart;
  events::EventBus bus(*store, std::chrono::milliseconds(50));
  bus.subscribe("recorder", 0, [&](const events::Event& e) {
    std::lock_guard lock(mutex);
    after_restart.push_back(std::string(e.verb()));
    return Result<void>{};
  });
  bus.start();
  ASSERT_TRUE(bus.wait_delivered(d, std::chrono::seconds(5)));
  bus.stop();
  EXPECT_EQ(after_restart, (std::vector<std::string>{"d"}));
}

TEST(EventBus, AFailingSubscriberKeepsItsCheckpointAndIsRetriedWithoutHoldingOthersBack) {
  testing::TempStore store;
  auto append = [&](const std::string& verb) {
    return *store::transact(*store, [&](store::Connection& c) -> Result<int64_t> {
      return events::append(c, {.payload = events::Unknown{verb}});
    });
  };
  int64_t a = append("a");
  int64_t b = append("b");
  std::mutex mutex;
  std::vector<std::string> flaky_seen, steady_seen;
  int failures_left = 3;
  events::EventBus bus(*store, std::chrono::milliseconds(50));
  store->set_commit_listener([&] { bus.wake(); });
  bus.subscribe("flaky", 0, [&](const events::Event& e) -> Result<void> {
    std::lock_guard lock(mutex);
    if (e.verb() == "b" && failures_left > 0) {
      --failures_left;
      return fail(ErrorCode::kUnavailable, "the store is busy");
    }
    if (e.verb() == "c") throw std::runtime_error("a bug, once");
    flaky_seen.push_back(std::string(e.verb()));
    return {};
  });
  bus.subscribe("steady", 0, [&](const events::Event& e) -> Result<void> {
    std::lock_guard lock(mutex);
    steady_seen.push_back(std::string(e.verb()));
    return {};
  });
  bus.start();
  // The steady subscriber is not held back by the flaky one.
  int64_t c = append("c");
  for (int i = 0; i < 100; ++i) {
    {
      std::lock_guard lock(mutex);
      if (steady_seen.size() == 3) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  {
    std::lock_guard lock(mutex);
    EXPECT_EQ(steady_seen, (std::vector<std::string>{"a", "b", "c"}));
  }
  // The flaky subscriber got "b" after its failures, and "c" never: a handler that throws on it
  // is retried (with backoff) and its checkpoint never passes it.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  bus.stop();
  store->set_commit_listener(nullptr);
  std::lock_guard lock(mutex);
  EXPECT_EQ(flaky_seen, (std::vector<std::string>{"a", "b"}));
  int64_t flaky_checkpoint = 0, flaky_failures = 0;
  for (const auto& s : bus.stats()) {
    if (s.name == "flaky") flaky_checkpoint = s.checkpoint, flaky_failures = s.failures;
  }
  EXPECT_EQ(flaky_checkpoint, b);
  EXPECT_GE(flaky_failures, 4);  // three refusals of "b", then at least one throw on "c"
  EXPECT_LT(flaky_failures, 20);  // backoff: 50, 100, 200, 400, 800 ms …, not a busy loop
  auto saved = store::read(*store, [](store::Connection& conn) -> Result<std::optional<int64_t>> {
    return conn.query_int("SELECT last_id FROM event_checkpoints WHERE name = 'flaky'");
  });
  ASSERT_TRUE(saved && *saved);
  EXPECT_EQ(**saved, b);  // the saved checkpoint never skips "c"
  (void)a;
  (void)c;
}

TEST(EventBus, AViewFarBehindCatchesUpWithoutHoldingTheCurrentOnesBack) {
  testing::TempStore store;
  // A long history, written in one transaction.
  int64_t history_end = *store::transact(*store, [&](store::Connection& c) -> Result<int64_t> {
    int64_t id = 0;
    for (int i = 0; i < 5000; ++i) id = events::append(c, {.payload = events::Unknown{"old"}});
    return id;
  });
  std::mutex mutex;
  int64_t laggard_at = 0;
  std::vector<std::string> current_seen;
  events::EventBus bus(*store, std::chrono::milliseconds(50));
  store->set_commit_listener([&] { bus.wake(); });
  // A view new to this store (it reads the whole log, slowly) and one that starts at its end.
  bus.subscribe_batch("laggard", 0, [&](std::span<const events::Event> events) -> Result<void> {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::lock_guard lock(mutex);
    laggard_at = events.back().id;
    return {};
  });
  bus.subscribe_batch("current", history_end, [&](std::span<const events::Event> events) -> Result<void> {
    std::lock_guard lock(mutex);
    for (const auto& e : events) current_seen.push_back(std::string(e.verb()));
    return {};
  });
  bus.start();
  auto fresh = *store::transact(*store, [&](store::Connection& c) -> Result<int64_t> {
    return events::append(c, {.payload = events::Unknown{"new"}});
  });
  for (int i = 0; i < 500; ++i) {
    {
      std::lock_guard lock(mutex);
      if (!current_seen.empty()) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  {
    std::lock_guard lock(mutex);
    // The current view has the new event while the laggard is still in the history
    // (10 batches of 500 at 100 ms each: a second behind at least).
    EXPECT_EQ(current_seen, (std::vector<std::string>{"new"}));
    EXPECT_LT(laggard_at, history_end);
  }
  // And the laggard does catch up, through the new event.
  ASSERT_TRUE(bus.wait_delivered(fresh, std::chrono::seconds(10)));
  bus.stop();
  store->set_commit_listener(nullptr);
  std::lock_guard lock(mutex);
  EXPECT_EQ(laggard_at, fresh);
}

TEST(EventBus, UnderAStreamOfCommitsAViewTakesTheEventsOfARoundInterval) {
  testing::TempStore store;
  auto append = [&](const std::string& verb) {
    return *store::transact(*store, [&](store::Connection& c) -> Result<int64_t> {
      return events::append(c, {.payload = events::Unknown{verb}});
    });
  };
  std::mutex mutex;
  std::vector<size_t> batches;
  events::EventBus bus(*store, std::chrono::milliseconds(1000), std::chrono::milliseconds(400));
  store->set_commit_listener([&] { bus.wake(); });
  bus.subscribe_batch("view", 0, [&](std::span<const events::Event> events) -> Result<void> {
    std::lock_guard lock(mutex);
    batches.push_back(events.size());
    return {};
  });
  bus.start();
  ASSERT_TRUE(bus.wait_delivered(0, std::chrono::seconds(5)));
  // Twenty commits in a row: the first goes out at once, the rest wait for the next round.
  int64_t last = 0;
  for (int i = 0; i < 20; ++i) last = append("e" + std::to_string(i));
  ASSERT_TRUE(bus.wait_delivered(last, std::chrono::seconds(5)));
  bus.stop();
  store->set_commit_listener(nullptr);
  std::lock_guard lock(mutex);
  size_t total = 0;
  for (size_t n : batches) total += n;
  EXPECT_EQ(total, 20u);
  EXPECT_LE(batches.size(), 3u);  // one round per commit would be twenty
}

}  // namespace
}  // namespace weft
