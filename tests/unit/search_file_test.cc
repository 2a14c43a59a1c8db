// SQLite's search index lives in a file of its own (`weft.db-search`, attached as `search`): the
// index's writes lock only that file, so requests' writes go on meanwhile; a missing file is made
// anew and the index rebuilt from the tables.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "actions/people.h"
#include "actions/posts.h"
#include "events/bus.h"
#include "events/event_log.h"
#include "events/subscriber.h"
#include "search/search.h"
#include "search/subscriber.h"
#include "test_store.h"

namespace weft {
namespace {

std::vector<int64_t> found_posts(store::Store& store, const Viewer& viewer, const std::string& q) {
  auto found = store::read(store, [&](store::Connection& c) -> Result<std::vector<int64_t>> {
    std::vector<int64_t> ids;
    for (const auto& match : search::index_for(c).posts(c, viewer, q, 2000, 20, 0)) ids.push_back(match.id);
    return ids;
  });
  EXPECT_TRUE(found) << found.error().message;
  return found.value_or(std::vector<int64_t>{});
}

std::optional<int64_t> search_checkpoint(store::Store& store) {
  auto kept = store::read(store, [](store::Connection& c) -> Result<std::optional<int64_t>> {
    return c.query_int("SELECT last_id FROM event_checkpoints WHERE name = 'search'");
  });
  return kept.value_or(std::nullopt);
}

TEST(SearchFile, TheIndexTablesAreInTheSearchFileAndNotInTheMainOne) {
  testing::TempStore store;
  EXPECT_TRUE(std::filesystem::exists(store.dir() / "weft.db-search"));
  auto where = store::read(*store, [](store::Connection& c) -> Result<std::pair<int64_t, int64_t>> {
    return std::pair{
        c.query_int("SELECT COUNT(*) FROM main.sqlite_master WHERE name LIKE '%_fts'").value_or(-1),
        c.query_int("SELECT COUNT(*) FROM search.sqlite_master WHERE name IN ('posts_fts', 'people_fts', "
                    "'work_fts')")
            .value_or(-1)};
  });
  ASSERT_TRUE(where) << where.error().message;
  EXPECT_EQ(where->first, 0);
  EXPECT_EQ(where->second, 3);
}

TEST(SearchFile, RequestsWriteWhileAnIndexTransactionIsOpen) {
  testing::TempStore store;
  Viewer ada = store.add_member("ada");
  auto post = actions::create_post(*store, ada, {.body = "Harbour crane inspection", .audience = "public"});
  ASSERT_TRUE(post);
  std::promise<void> opened, may_finish;
  auto finish = may_finish.get_future().share();
  std::thread indexer([&] {
    auto done = store::transact_aside(*store, [&](store::Connection& c) -> Result<bool> {
      c.execute("INSERT INTO posts_fts (rowid, body) SELECT id, body FROM posts WHERE id = ?", {*post});
      opened.set_value();
      finish.wait();  // holds the index's transaction, and its lock, open
      return true;
    });
    EXPECT_TRUE(done) << done.error().message;
  });
  opened.get_future().wait();
  // A request's write, with the index transaction still open: it commits at once.
  const auto started = std::chrono::steady_clock::now();
  auto other = actions::create_post(*store, ada, {.body = "Quay lighting", .audience = "public"});
  const auto waited = std::chrono::steady_clock::now() - started;
  may_finish.set_value();
  indexer.join();
  ASSERT_TRUE(other) << other.error().message;
  // The store's busy timeout is 5 s: a write that had waited for the index's lock would show it.
  EXPECT_LT(waited, std::chrono::seconds(4));
  EXPECT_EQ(found_posts(*store, ada, "crane"), std::vector<int64_t>{*post});
}

TEST(SearchFile, AMissingFileIsMadeAnewAndTheIndexRebuiltFromTheTables) {
  testing::TempStore store;
  Viewer ada = store.add_member("ada");
  auto post = actions::create_post(*store, ada, {.body = "Forklift battery rota", .audience = "public"});
  ASSERT_TRUE(post);
  {
    search::SearchSubscriber subscriber(*store);
    events::Registry registry(*store);
    registry.add(subscriber);
    ASSERT_TRUE(registry.rebuild("search", nullptr));
  }
  ASSERT_EQ(found_posts(*store, ada, "forklift"), std::vector<int64_t>{*post});
  ASSERT_TRUE(search_checkpoint(*store));

  store.reopen([](const std::filesystem::path& dir) {
    for (const char* name : {"weft.db-search", "weft.db-search-wal", "weft.db-search-shm"}) {
      std::filesystem::remove(dir / name);
    }
  });
  EXPECT_TRUE(found_posts(*store, ada, "forklift").empty());  // an empty index, not an error
  EXPECT_FALSE(search_checkpoint(*store));

  search::SearchSubscriber subscriber(*store);
  events::Registry registry(*store);
  registry.add(subscriber);
  std::vector<std::pair<int64_t, int64_t>> progress;
  auto rebuilt = registry.rebuild_missing([&](const std::string& name, int64_t done, int64_t total) {
    EXPECT_EQ(name, "search");
    progress.emplace_back(done, total);
  });
  ASSERT_TRUE(rebuilt) << rebuilt.error().message;
  EXPECT_EQ(*rebuilt, std::vector<std::string>{"search"});
  EXPECT_FALSE(progress.empty());
  EXPECT_EQ(found_posts(*store, ada, "forklift"), std::vector<int64_t>{*post});
  EXPECT_TRUE(search_checkpoint(*store));
  // Kept now: nothing more to rebuild.
  auto again = registry.rebuild_missing(nullptr);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->empty());
}

TEST(SearchFile, AFileThatLostATableIsMadeAnew) {
  testing::TempStore store;
  Viewer ada = store.add_member("ada");
  auto post = actions::create_post(*store, ada, {.body = "Crane inspection notes", .audience = "public"});
  ASSERT_TRUE(post);
  store.catch_up_search();
  ASSERT_EQ(found_posts(*store, ada, "crane"), std::vector<int64_t>{*post});

  store.reopen([](const std::filesystem::path& dir) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir / "weft.db-search").string().c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, "DROP TABLE work_fts", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  });
  auto tables = store::read(*store, [](store::Connection& c) -> Result<int64_t> {
    return c.query_int("SELECT count(*) FROM search.sqlite_master WHERE type = 'table' AND "
                       "name IN ('people_fts', 'posts_fts', 'work_fts')").value_or(0);
  });
  ASSERT_TRUE(tables);
  EXPECT_EQ(*tables, 3);
  EXPECT_FALSE(search_checkpoint(*store));  // so the server rebuilds the index before it serves
  EXPECT_TRUE(found_posts(*store, ada, "crane").empty());
}

// What the event bus does for the search view: the events after its checkpoint, handled, and the
// checkpoint moved past them.
void index_after_checkpoint(store::Store& store) {
  search::SearchSubscriber subscriber(store);
  events::Registry registry(store);
  registry.add(subscriber);
  events::EventBus bus(store, std::chrono::milliseconds(20));
  registry.attach(bus, 0);
  bus.start();
  auto last = store::read(store, [](store::Connection& c) -> Result<int64_t> { return events::last_id(c); });
  ASSERT_TRUE(last);
  ASSERT_TRUE(bus.wait_delivered(*last, std::chrono::seconds(10)));
  bus.stop();
}

std::optional<int64_t> indexed_through(store::Store& store) {
  auto kept = store::read(store, [](store::Connection& c) -> Result<std::optional<int64_t>> {
    return c.query_int("SELECT last_id FROM search.indexed_through WHERE id = 1");
  });
  return kept.value_or(std::nullopt);
}

void copy_search_file(const std::filesystem::path& from, const std::filesystem::path& to) {
  std::filesystem::create_directories(to);
  for (const char* name : {"weft.db-search", "weft.db-search-wal", "weft.db-search-shm"}) {
    std::filesystem::remove(to / name);
    if (std::filesystem::exists(from / name)) std::filesystem::copy_file(from / name, to / name);
  }
}

TEST(SearchFile, TheIndexMarksTheLastEventItHoldsWithItsOwnWrites) {
  testing::TempStore store;
  Viewer ada = store.add_member("ada");
  ASSERT_TRUE(actions::create_post(*store, ada, {.body = "Dock rota", .audience = "public"}));
  index_after_checkpoint(*store);
  auto last = store::read(*store, [](store::Connection& c) -> Result<int64_t> { return events::last_id(c); });
  ASSERT_TRUE(last);
  EXPECT_EQ(indexed_through(*store), *last);
  EXPECT_EQ(search_checkpoint(*store), *last);
  // A batch that changes nothing in the index is marked too (a follow).
  Viewer bo = store.add_member("bo");
  ASSERT_TRUE(actions::follow(*store, bo, ada.person_id));
  index_after_checkpoint(*store);
  auto after = store::read(*store, [](store::Connection& c) -> Result<int64_t> { return events::last_id(c); });
  ASSERT_TRUE(after);
  EXPECT_GT(*after, *last);
  EXPECT_EQ(indexed_through(*store), *after);
}

// A power loss can take the search file's last commits (it is written without a sync per commit)
// while the view's checkpoint, in the main file, says they were made. Put back an older copy of
// the file, as such a loss leaves it: at open the checkpoint goes back to where the file ends, and
// the view indexes the lost posts again.
TEST(SearchFile, AnIndexThatLostItsLastWritesIndexesThemAgain) {
  testing::TempStore store;
  Viewer ada = store.add_member("ada");
  auto kept = actions::create_post(*store, ada, {.body = "Crane inspection notes", .audience = "public"});
  ASSERT_TRUE(kept);
  index_after_checkpoint(*store);
  const auto older = store.dir() / "older";
  store.reopen([&](const std::filesystem::path& dir) { copy_search_file(dir, older); });
  const auto through = indexed_through(*store);
  ASSERT_TRUE(through);

  auto lost = actions::create_post(*store, ada, {.body = "Crane cable replaced", .audience = "public"});
  ASSERT_TRUE(lost);
  index_after_checkpoint(*store);
  ASSERT_EQ(found_posts(*store, ada, "cable"), std::vector<int64_t>{*lost});
  const auto checkpoint = search_checkpoint(*store);
  ASSERT_TRUE(checkpoint);
  ASSERT_GT(*checkpoint, *through);

  store.reopen([&](const std::filesystem::path& dir) { copy_search_file(older, dir); });
  EXPECT_TRUE(found_posts(*store, ada, "cable").empty());  // the lost write
  EXPECT_EQ(search_checkpoint(*store), *through);         // set back to where the index ends
  index_after_checkpoint(*store);
  EXPECT_EQ(found_posts(*store, ada, "cable"), std::vector<int64_t>{*lost});
  auto crane = found_posts(*store, ada, "crane");
  std::sort(crane.begin(), crane.end());
  EXPECT_EQ(crane, (std::vector<int64_t>{*kept, *lost}));  // once each
  EXPECT_EQ(search_checkpoint(*store), indexed_through(*store));
}

TEST(SearchFile, AFileAheadOfItsCheckpointLeavesItAlone) {
  testing::TempStore store;
  Viewer ada = store.add_member("ada");
  ASSERT_TRUE(actions::create_post(*store, ada, {.body = "Quay lighting", .audience = "public"}));
  index_after_checkpoint(*store);
  const auto checkpoint = search_checkpoint(*store);
  ASSERT_TRUE(checkpoint);
  // The index committed a batch and the process stopped before its checkpoint was saved.
  ASSERT_TRUE(store::transact(*store, [&](store::Connection& c) -> Result<bool> {
    c.execute("UPDATE event_checkpoints SET last_id = ? WHERE name = 'search'", {*checkpoint - 1});
    return true;
  }));
  store.reopen([](const std::filesystem::path&) {});
  EXPECT_EQ(search_checkpoint(*store), *checkpoint - 1);
  EXPECT_EQ(indexed_through(*store), *checkpoint);
}

TEST(SearchFile, TheSearchFileIsWrittenWithoutASyncPerCommit) {
  testing::TempStore store;
  auto modes = store::read(*store, [](store::Connection& c) -> Result<std::pair<int64_t, int64_t>> {
    return std::pair{c.query_int("PRAGMA main.synchronous").value_or(-1),
                     c.query_int("PRAGMA search.synchronous").value_or(-1)};
  });
  ASSERT_TRUE(modes) << modes.error().message;
  EXPECT_EQ(modes->first, 2);   // FULL: the store's durability default
  EXPECT_EQ(modes->second, 1);  // NORMAL
}

}  // namespace
}  // namespace weft
