// What every store backend must do, written once against the Store/Connection interface. Each
// backend runs the whole suite (SQLite here; PostgreSQL joins by adding its factory to kBackends).
// Only SQL that both SQLite and PostgreSQL speak appears below.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <thread>

#include "core/crypto.h"
#include "store/store.h"

namespace weft::store {
namespace {

struct Backend {
  const char* name;
  // A fresh, migrated store, and whatever must live as long as it.
  std::function<std::unique_ptr<Store>(std::string* cleanup_dir)> open;
};

const Backend kBackends[] = {
    {"sqlite",
     [](std::string* dir) {
       crypto::init();
       *dir = (std::filesystem::temp_directory_path() / ("weft-conformance-" + crypto::random_hex(8))).string();
       std::filesystem::create_directories(*dir);
       auto opened = open_sqlite(*dir + "/weft.db");
       if (!opened) throw std::runtime_error(opened.error().message);
       return std::move(*opened);
     }},
};

class StoreConformance : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    store_ = GetParam().open(&dir_);
    auto made = transact(*store_, [](Connection& c) -> Result<bool> {
      c.execute_script(
          "CREATE TABLE conformance (id INTEGER PRIMARY KEY, k TEXT NOT NULL UNIQUE, n INTEGER, "
          "flag INTEGER NOT NULL DEFAULT 0, note TEXT)");
      return true;
    });
    ASSERT_TRUE(made) << made.error().message;
  }
  void TearDown() override {
    store_.reset();
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }
  int64_t count() {
    return read(*store_, [](Connection& c) -> Result<int64_t> {
             return c.query_int("SELECT COUNT(*) FROM conformance").value_or(-1);
           })
        .value_or(-1);
  }
  std::unique_ptr<Store> store_;
  std::string dir_;
};

TEST_P(StoreConformance, InsertReturningIdAnswersNewIncreasingIds) {
  auto ids = transact(*store_, [](Connection& c) -> Result<std::pair<int64_t, int64_t>> {
    int64_t a = c.insert_returning_id("INSERT INTO conformance (k, n) VALUES (?, ?)", {"a", 1});
    int64_t b = c.insert_returning_id("INSERT INTO conformance (k, n) VALUES (?, ?)", {"b", 2});
    return std::pair{a, b};
  });
  ASSERT_TRUE(ids);
  EXPECT_GT(ids->first, 0);
  EXPECT_GT(ids->second, ids->first);
  auto n = read(*store_, [&](Connection& c) -> Result<std::optional<int64_t>> {
    return c.query_int("SELECT n FROM conformance WHERE id = ?", {ids->second});
  });
  EXPECT_EQ(**n, 2);
}

TEST_P(StoreConformance, OnConflictDoNothingChangesNothingAndReturnsNoRow) {
  auto result = transact(*store_, [](Connection& c) -> Result<std::vector<int64_t>> {
    std::vector<int64_t> out;
    out.push_back(c.execute("INSERT INTO conformance (k, n) VALUES (?, ?) ON CONFLICT DO NOTHING", {"x", 1}));
    out.push_back(c.execute("INSERT INTO conformance (k, n) VALUES (?, ?) ON CONFLICT DO NOTHING", {"x", 2}));
    auto again = c.query_int("INSERT INTO conformance (k, n) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING id",
                             {"x", 3});
    out.push_back(again.has_value() ? 1 : 0);
    return out;
  });
  ASSERT_TRUE(result);
  EXPECT_EQ(*result, (std::vector<int64_t>{1, 0, 0}));
  auto n = read(*store_, [](Connection& c) -> Result<std::optional<int64_t>> {
    return c.query_int("SELECT n FROM conformance WHERE k = 'x'");
  });
  EXPECT_EQ(**n, 1);
}

TEST_P(StoreConformance, OnConflictDoUpdateUpserts) {
  for (int64_t value : {1, 2, 3}) {
    ASSERT_TRUE(transact(*store_, [&](Connection& c) -> Result<bool> {
      c.execute("INSERT INTO conformance (k, n) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET n = excluded.n",
                {"up", value});
      return true;
    }));
  }
  EXPECT_EQ(count(), 1);
  auto n = read(*store_, [](Connection& c) -> Result<std::optional<int64_t>> {
    return c.query_int("SELECT n FROM conformance WHERE k = 'up'");
  });
  EXPECT_EQ(**n, 3);
}

TEST_P(StoreConformance, AnErrorOrAFailureRollsTheWholeTransactionBack) {
  auto refused = transact(*store_, [](Connection& c) -> Result<bool> {
    c.execute("INSERT INTO conformance (k) VALUES (?)", {"kept?"});
    return fail(ErrorCode::kConflict, "changed my mind");
  });
  EXPECT_FALSE(refused);
  auto failed = transact(*store_, [](Connection& c) -> Result<bool> {
    c.execute("INSERT INTO conformance (k) VALUES (?)", {"dup"});
    c.execute("INSERT INTO conformance (k) VALUES (?)", {"dup"});  // violates UNIQUE: a store failure
    return true;
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kConflict);
  EXPECT_EQ(count(), 0);
}

TEST_P(StoreConformance, ParametersRoundTripTyped) {
  const std::string text = "naïve café — 日本語 ✓ 'quotes' \"and\" ?marks";
  auto back = transact(*store_, [&](Connection& c) -> Result<bool> {
    c.execute("INSERT INTO conformance (k, n, flag, note) VALUES (?, ?, ?, ?)",
              {"max", INT64_MAX, true, text});
    c.execute("INSERT INTO conformance (k, n, flag, note) VALUES (?, ?, ?, ?)",
              {"min", INT64_MIN, false, nullptr});
    c.execute("INSERT INTO conformance (k, n, note) VALUES (?, ?, ?)",
              {"opt", std::optional<int64_t>(), std::optional<std::string>("present")});
    return true;
  });
  ASSERT_TRUE(back);
  auto rows = read(*store_, [&](Connection& c) -> Result<std::vector<std::string>> {
    std::vector<std::string> out;
    auto r = c.query("SELECT k, n, flag, note FROM conformance WHERE flag = ? OR k = ? ORDER BY k",
                     {true, "min"});
    while (r->next()) {
      out.push_back(r->text(0) + "|" + (r->is_null(1) ? "null" : std::to_string(r->int64(1))) + "|" +
                    std::to_string(r->int64(2)) + "|" + (r->is_null(3) ? "null" : r->text(3)));
    }
    out.push_back(c.query_int("SELECT n FROM conformance WHERE k = 'opt'").has_value() ? "n" : "no n");
    out.push_back(c.query_text("SELECT note FROM conformance WHERE k = 'opt'").value_or("none"));
    out.push_back(c.query_text("SELECT note FROM conformance WHERE k = 'absent'").value_or("none"));
    return out;
  });
  ASSERT_TRUE(rows);
  EXPECT_EQ(*rows, (std::vector<std::string>{"max|" + std::to_string(INT64_MAX) + "|1|" + text,
                                             "min|" + std::to_string(INT64_MIN) + "|0|null", "no n",
                                             "present", "none"}));
}

TEST_P(StoreConformance, AnIdListSelectsExactlyItsIds) {
  std::vector<int64_t> ids;
  ASSERT_TRUE(transact(*store_, [&](Connection& c) -> Result<bool> {
    for (const char* k : {"a", "b", "c", "d"}) {
      ids.push_back(c.insert_returning_id("INSERT INTO conformance (k) VALUES (?)", {k}));
    }
    return true;
  }));
  auto matched = [&](const std::vector<int64_t>& list) {
    return read(*store_, [&](Connection& c) -> Result<std::string> {
             std::string out;
             auto rows = c.query("SELECT k FROM conformance WHERE id IN (" + c.ids_sql() + ") ORDER BY k",
                                 {Param::ids(list)});
             while (rows->next()) out += rows->text(0);
             return out;
           })
        .value_or("error");
  };
  EXPECT_EQ(matched({ids[1], ids[3], 999999}), "bd");
  EXPECT_EQ(matched({}), "");
  EXPECT_EQ(matched(ids), "abcd");
}

TEST_P(StoreConformance, ConcurrentWritersAllLandExactlyOnce) {
  ASSERT_TRUE(transact(*store_, [](Connection& c) -> Result<bool> {
    c.execute("INSERT INTO conformance (k, n) VALUES ('counter', 0)");
    return true;
  }));
  constexpr int kThreads = 8, kEach = 50;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        auto done = transact(*store_, [](Connection& c) -> Result<bool> {
          auto n = c.query_int("SELECT n FROM conformance WHERE k = 'counter'");
          c.execute("UPDATE conformance SET n = ? WHERE k = 'counter'", {*n + 1});
          return true;
        });
        if (!done) failures.fetch_add(1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  auto n = read(*store_, [](Connection& c) -> Result<std::optional<int64_t>> {
    return c.query_int("SELECT n FROM conformance WHERE k = 'counter'");
  });
  EXPECT_EQ(**n, kThreads * kEach) << "read-modify-write transactions are serialized";
}

// Writers at once, some of whose transactions fail (an error answered, a broken constraint): a
// backend that commits several callers' work together (group commit) must undo exactly the failed
// ones and answer each caller its own outcome.
TEST_P(StoreConformance, ConcurrentWritersThatFailUndoOnlyThemselves) {
  constexpr int kThreads = 8, kEach = 40;
  std::atomic<int> kept{0}, refused{0}, conflicts{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const std::string key = std::to_string(t) + "-" + std::to_string(i);
        auto done = transact(*store_, [&](Connection& c) -> Result<bool> {
          c.execute("INSERT INTO conformance (k, n) VALUES (?, ?)", {key, t});
          if (i % 5 == 1) return fail(ErrorCode::kInvalidArgument, "refused");
          if (i % 5 == 2) c.execute("INSERT INTO conformance (k) VALUES (?)", {key});  // duplicate
          return true;
        });
        if (done) {
          kept.fetch_add(1);
        } else if (done.error().code == ErrorCode::kInvalidArgument && i % 5 == 1) {
          refused.fetch_add(1);
        } else if (done.error().code == ErrorCode::kConflict && i % 5 == 2) {
          conflicts.fetch_add(1);
        } else {
          other.fetch_add(1);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(kept.load(), kThreads * kEach * 3 / 5);
  EXPECT_EQ(refused.load(), kThreads * kEach / 5);
  EXPECT_EQ(conflicts.load(), kThreads * kEach / 5);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(count(), kThreads * kEach * 3 / 5);
  auto stray = read(*store_, [](Connection& c) -> Result<std::optional<int64_t>> {
    return c.query_int("SELECT COUNT(*) FROM conformance WHERE n IS NULL OR "
                       "(CAST(substr(k, instr(k, '-') + 1) AS INTEGER) % 5) IN (1, 2)");
  });
  EXPECT_EQ(**stray, 0) << "no row of a failed transaction is left behind";
}

TEST_P(StoreConformance, AnExceptionFromTheWorkReachesItsCallerWithNothingKept) {
  EXPECT_THROW((void)transact(*store_, [](Connection& c) -> Result<bool> {
                 c.execute("INSERT INTO conformance (k) VALUES ('thrown')");
                 throw std::logic_error("a bug in the work");
               }),
               std::logic_error);
  EXPECT_EQ(count(), 0);
  ASSERT_TRUE(transact(*store_, [](Connection& c) -> Result<bool> {
    c.execute("INSERT INTO conformance (k) VALUES ('after')");
    return true;
  })) << "the store keeps writing after a job threw";
  EXPECT_EQ(count(), 1);
}

TEST_P(StoreConformance, TheCommitListenerHearsOfCommittedEventsOnly) {
  std::atomic<int> heard{0};
  store_->set_commit_listener([&] { heard.fetch_add(1); });
  ASSERT_FALSE(transact(*store_, [](Connection& c) -> Result<bool> {
    c.execute("INSERT INTO conformance (k) VALUES ('undone')");
    c.mark_events_written();
    return fail(ErrorCode::kConflict, "undone");
  }));
  EXPECT_EQ(heard.load(), 0);
  ASSERT_TRUE(transact(*store_, [](Connection& c) -> Result<bool> {
    c.execute("INSERT INTO conformance (k) VALUES ('kept')");
    c.mark_events_written();
    return true;
  }));
  EXPECT_EQ(heard.load(), 1);
  store_->set_commit_listener(nullptr);
}

TEST_P(StoreConformance, ACommittedWriteIsSeenByAnotherThread) {
  ASSERT_TRUE(transact(*store_, [](Connection& c) -> Result<bool> {
    c.execute("INSERT INTO conformance (k, n) VALUES ('seen', 7)");
    return true;
  }));
  std::optional<int64_t> seen;
  std::thread reader([&] {
    auto n = read(*store_, [](Connection& c) -> Result<std::optional<int64_t>> {
      return c.query_int("SELECT n FROM conformance WHERE k = 'seen'");
    });
    if (n) seen = *n;
  });
  reader.join();
  EXPECT_EQ(seen, 7);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreConformance, ::testing::ValuesIn(kBackends),
                         [](const ::testing::TestParamInfo<Backend>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace weft::store
