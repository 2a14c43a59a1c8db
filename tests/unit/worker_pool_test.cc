// The worker threads that run requests' handlers (core/worker_pool.h).
#include "core/worker_pool.h"

#include <gtest/gtest.h>

#if defined(__linux__)
#include <pthread.h>
#endif

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/threads.h"

namespace weft::core {
namespace {

using namespace std::chrono_literals;

// Waits (at most 10 s) until `done()` holds.
template <typename F>
bool eventually(F done) {
  const auto until = std::chrono::steady_clock::now() + 10s;
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

TEST(WakeSignal, AWakeBeforeTheWaitIsKept) {
  WakeSignal signal;
  signal.wake();
  signal.wait();  // returns at once
  std::atomic<bool> returned{false};
  std::thread waiter([&] {
    signal.wait();
    returned = true;
  });
  std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(returned.load());  // that wake was used up
  signal.wake();
  waiter.join();
  EXPECT_TRUE(returned.load());
}

TEST(WorkerPool, EveryTaskPostedFromManyThreadsRunsOnceOnThePool) {
  constexpr int kPosters = 4;
  constexpr int kEach = 5000;
  std::vector<std::atomic<int>> runs(kPosters * kEach);
  std::mutex ids_mutex;
  std::set<std::thread::id> ran_on;
  {
    WorkerPool pool(3);
    std::vector<std::thread> posters;
    for (int p = 0; p < kPosters; ++p) {
      posters.emplace_back([&, p] {
        for (int i = 0; i < kEach; ++i) {
          pool.post([&, k = p * kEach + i] {
            runs[k].fetch_add(1);
            std::lock_guard lock(ids_mutex);
            ran_on.insert(std::this_thread::get_id());
          });
        }
      });
    }
    for (auto& t : posters) t.join();
    pool.join();
  }
  for (int k = 0; k < kPosters * kEach; ++k) ASSERT_EQ(runs[k].load(), 1) << "task " << k;
  EXPECT_LE(ran_on.size(), 3u);
  EXPECT_EQ(ran_on.count(std::this_thread::get_id()), 0u);
}

TEST(WorkerPool, AsManyTasksAsThreadsRunAtOnce) {
  // Four tasks that each wait for the other three: they finish only if four threads took them.
  WorkerPool pool(4);
  std::mutex mutex;
  std::condition_variable changed;
  int started = 0;
  std::atomic<int> met{0};
  for (int i = 0; i < 4; ++i) {
    pool.post([&] {
      std::unique_lock lock(mutex);
      ++started;
      changed.notify_all();
      if (changed.wait_for(lock, 10s, [&] { return started == 4; })) met.fetch_add(1);
    });
  }
  ASSERT_TRUE(eventually([&] { return met.load() == 4; }));
}

TEST(WorkerPool, IdleThreadsWakeForEachNewTask) {
  // Posts one at a time into a pool whose threads have all gone to sleep: a lost wake would hang.
  WorkerPool pool(2);
  std::atomic<int> done{0};
  for (int i = 1; i <= 200; ++i) {
    pool.post([&] { done.fetch_add(1); });
    ASSERT_TRUE(eventually([&] { return done.load() == i; })) << "task " << i << " never ran";
    if (i % 50 == 0) std::this_thread::sleep_for(20ms);
  }
}

TEST(WorkerPool, JoinRunsWhatIsQueuedAndWhatItPostsThenDropsLaterPosts) {
  std::atomic<int> ran{0};
  WorkerPool pool(1);
  std::mutex gate;
  std::unique_lock closed(gate);
  pool.post([&] { std::lock_guard wait(gate); });  // holds the only thread until the gate opens
  for (int i = 0; i < 10; ++i) {
    pool.post([&] {
      ran.fetch_add(1);
      pool.post([&] { ran.fetch_add(100); });
    });
  }
  std::thread joiner([&] { pool.join(); });
  std::this_thread::sleep_for(20ms);
  closed.unlock();
  joiner.join();
  EXPECT_EQ(ran.load(), 10 * 101);
  pool.post([&] { ran.fetch_add(1); });
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(ran.load(), 10 * 101);
}

#if defined(__linux__)
// What `top -H` and a profile show for the pool's threads, and for a thread that names itself
// with more than Linux keeps.
TEST(WorkerPool, ThreadsCarryThePoolsName) {
  auto name_of_this_thread = [] {
    char name[32] = {};
    pthread_getname_np(pthread_self(), name, sizeof name);
    return std::string(name);
  };
  std::mutex mutex;
  std::set<std::string> names;
  std::atomic<int> ran{0};
  {
    WorkerPool pool(2, "weft-test-pool");
    for (int i = 0; i < 20; ++i) {
      pool.post([&] {
        std::lock_guard lock(mutex);
        names.insert(name_of_this_thread());
        ran.fetch_add(1);
      });
    }
    ASSERT_TRUE(eventually([&] { return ran.load() == 20; }));
  }
  EXPECT_EQ(names, std::set<std::string>{"weft-test-pool"});

  std::string cut;
  std::thread named([&] {
    name_thread("weft-a-name-longer-than-fifteen");
    cut = name_of_this_thread();
  });
  named.join();
  EXPECT_EQ(cut, "weft-a-name-lon");
}
#endif

}  // namespace
}  // namespace weft::core
