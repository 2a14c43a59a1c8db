#include <gtest/gtest.h>

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

TEST(EventLog, IdsIncreaseAndEventsCommitWithTheChange) {
  testing::TempStore store;
  auto first = store::transact(*store, [](store::Connection& c) -> Result<int64_t> {
    return events::append(c, {.verb = "test.one", .object_type = "test"});
  });
  auto rolled_back = store::transact(*store, [](store::Connection& c) -> Result<int64_t> {
    events::append(c, {.verb = "test.lost", .object_type = "test"});
    return invalid("x", "no");
  });
  auto second = store::transact(*store, [](store::Connection& c) -> Result<int64_t> {
    return events::append(c, {.verb = "test.two", .object_type = "test"});
  });
  ASSERT_TRUE(first && second);
  EXPECT_FALSE(rolled_back.has_value());
  EXPECT_GT(*second, *first);
  auto all = events::read_after(store->connection(), 0, 10);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].verb, "test.one");
  EXPECT_EQ(all[1].verb, "test.two");
}

TEST(EventBus, DeliversInOrderAndResumesFromSavedCheckpoint) {
  testing::TempStore store;
  auto append = [&](const std::string& verb) {
    return *store::transact(*store, [&](store::Connection& c) -> Result<int64_t> {
      return events::append(c, {.verb = verb, .object_type = "test"});
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
      seen.push_back(e.verb);
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
    after_restart.push_back(e.verb);
    return Result<void>{};
  });
  bus.start();
  ASSERT_TRUE(bus.wait_delivered(d, std::chrono::seconds(5)));
  bus.stop();
  EXPECT_EQ(after_restart, (std::vector<std::string>{"d"}));
}

}  // namespace
}  // namespace weft
