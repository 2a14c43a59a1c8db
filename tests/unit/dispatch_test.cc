// The order in which waiting requests reach the workers (http/dispatch.h), on the server's
// worker pool (core/worker_pool.h) with one to four threads.
#include "http/dispatch.h"

#include <gtest/gtest.h>

#include <chrono>
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/worker_pool.h"

namespace weft::http {
namespace {

using namespace std::chrono_literals;

// The server's own pool of worker threads runs the turns.
using Pool = core::WorkerPool;

class Log {
 public:
  void add(const std::string& what) {
    std::lock_guard lock(mutex_);
    entries_.push_back(what);
    changed_.notify_all();
  }
  // Waits (at most 5 s) until `count` entries are in; returns them.
  std::vector<std::string> wait_for(std::size_t count) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, 5s, [&] { return entries_.size() >= count; });
    return entries_;
  }
  std::vector<std::string> now() {
    std::lock_guard lock(mutex_);
    return entries_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> entries_;
};

struct Gate {
  std::mutex mutex;
  std::condition_variable opened_cv;
  bool opened = false;
  void wait() {
    std::unique_lock lock(mutex);
    opened_cv.wait(lock, [this] { return opened; });
  }
  void open() {
    {
      std::lock_guard lock(mutex);
      opened = true;
    }
    opened_cv.notify_all();
  }
};

std::string order_of(const std::vector<std::string>& seen) {
  std::string order;
  for (const auto& s : seen) order += s;
  return order;
}

TEST(Dispatch, WhileReadsWaitTheWaitingWritesGoTogetherOncePerRound) {
  Pool pool(1);
  Dispatch dispatch([&pool](Dispatch::Task t) { pool.post(std::move(t)); }, std::chrono::hours(1));
  Log log;
  Gate hold;
  dispatch.post(false, [&] { hold.wait(); });  // the one worker is busy while the lines fill
  for (int i = 0; i < 10; ++i) dispatch.post(false, [&] { log.add("r"); });
  for (int i = 0; i < 3; ++i) dispatch.post(true, [&] { log.add("W"); });
  hold.open();
  // The first round is due: the three writes waiting go ahead of the reads, together.
  EXPECT_EQ(order_of(log.wait_for(13)), "WWW" + std::string(10, 'r'));

  // The next round is an hour away: a write waits behind the reads that came before it...
  Gate again;
  dispatch.post(false, [&] { again.wait(); });
  for (int i = 0; i < 5; ++i) dispatch.post(false, [&] { log.add("r"); });
  dispatch.post(true, [&] { log.add("W"); });
  again.open();
  EXPECT_EQ(order_of(log.wait_for(19)).substr(13), std::string(5, 'r') + "W");
  // ...and with no read waiting a write goes at once.
  dispatch.post(true, [&] { log.add("W"); });
  EXPECT_EQ(log.wait_for(20).back(), "W");
}

TEST(Dispatch, AWriteWaitsAboutOneRoundBehindReads) {
  Pool pool(1);
  Dispatch dispatch([&pool](Dispatch::Task t) { pool.post(std::move(t)); }, std::chrono::milliseconds(50));
  Log log;
  Gate hold;
  Gate started;
  dispatch.post(true, [&] {  // starts a round: the next is 50 ms away
    started.open();
    hold.wait();
  });
  started.wait();
  for (int i = 0; i < 40; ++i) {
    dispatch.post(false, [&] {
      std::this_thread::sleep_for(10ms);
      log.add("r");
    });
  }
  dispatch.post(true, [&] { log.add("W"); });
  hold.open();
  auto seen = log.wait_for(41);
  ASSERT_EQ(seen.size(), 41u);
  // 40 reads of 10 ms take 400 ms; the write goes at the first turn 50 ms after the last round.
  auto at = order_of(seen).find('W');
  EXPECT_GE(at, 1u);
  EXPECT_LT(at, 30u) << order_of(seen);
}

TEST(Dispatch, WritesAloneRunAtOnceAndSeveralMayRunTogether) {
  Pool pool(2);
  Dispatch dispatch([&pool](Dispatch::Task t) { pool.post(std::move(t)); });
  Log log;
  Gate stalled;
  dispatch.post(true, [&] {
    log.add("write 1 begins");
    stalled.wait();
  });
  ASSERT_EQ(log.wait_for(1).back(), "write 1 begins");
  // With no read waiting, a second write takes the other worker (the store's writer commits the
  // two together) rather than waiting for the first.
  dispatch.post(true, [&] { log.add("write 2"); });
  EXPECT_EQ(log.wait_for(2).back(), "write 2");
  stalled.open();
}

TEST(Dispatch, AtMostMaxReadsRunAtOnceAndTheNextStartsWhenOneEnds) {
  Pool pool(4);
  Dispatch dispatch([&pool](Dispatch::Task t) { pool.post(std::move(t)); }, Dispatch::kRound, 2);
  Log log;
  Gate first, second;
  dispatch.post(false, [&] {
    log.add("read 1");
    first.wait();
  });
  dispatch.post(false, [&] {
    log.add("read 2");
    second.wait();
  });
  ASSERT_EQ(log.wait_for(2).size(), 2u);
  dispatch.post(false, [&] { log.add("read 3"); });
  dispatch.post(false, [&] { log.add("read 4"); });
  // Two workers are free, but two reads run: the third waits its turn.
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(log.now().size(), 2u);
  // A write is not limited.
  dispatch.post(true, [&] { log.add("write"); });
  EXPECT_EQ(log.wait_for(3).back(), "write");
  first.open();  // read 1 ends: reads 3 and 4 run, in order, while read 2 still waits
  auto seen = log.wait_for(5);
  ASSERT_EQ(seen.size(), 5u);
  EXPECT_EQ(seen[3], "read 3");
  EXPECT_EQ(seen[4], "read 4");
  second.open();
}

TEST(Dispatch, EveryReadRunsOnceWithFewPlaces) {
  Pool pool(3);
  Dispatch dispatch([&pool](Dispatch::Task t) { pool.post(std::move(t)); }, std::chrono::milliseconds(1), 1);
  Log log;
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  for (int i = 0; i < 200; ++i) {
    const bool write = i % 7 == 0;
    dispatch.post(write, [&, write] {
      if (!write) {
        const int now = ++running;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        --running;
      }
      log.add(write ? "W" : "r");
    });
  }
  auto seen = log.wait_for(200);
  ASSERT_EQ(seen.size(), 200u);
  const auto order = order_of(seen);
  EXPECT_EQ(std::count(order.begin(), order.end(), 'W'), 29);
  EXPECT_EQ(most.load(), 1);
}

TEST(Dispatch, AReadWaitingIdleLendsItsPlace) {
  Pool pool(3);
  Dispatch dispatch([&pool](Dispatch::Task t) { pool.post(std::move(t)); }, Dispatch::kRound, 1);
  Log log;
  Gate idle, busy;
  dispatch.post(false, [&] {
    log.add("waiting read");
    core::IdleWait waiting;  // e.g. for the search index to catch up
    idle.wait();
  });
  ASSERT_EQ(log.wait_for(1).size(), 1u);
  dispatch.post(false, [&] {
    log.add("next read");
    busy.wait();
  });
  // The only place is lent: the next read runs although the first has not ended.
  EXPECT_EQ(log.wait_for(2).back(), "next read");
  dispatch.post(false, [&] { log.add("third read"); });
  idle.open();  // the first takes its place back (two run now, past the limit, for its work)
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(log.now().size(), 2u);  // so the third waits for a place
  busy.open();
  EXPECT_EQ(log.wait_for(3).back(), "third read");
}

}  // namespace
}  // namespace weft::http
