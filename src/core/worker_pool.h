// Worker threads that run functions posted to them, woken without a shared condition variable.
#pragma once

#include <atomic>
#if !defined(__linux__)
#include <condition_variable>
#endif
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace weft::core {

// One thread sleeps on it until another wakes it. Wakes are not counted: a wake before the wait
// makes the wait return at once, two wakes before it as one. On Linux a futex on one word: waking
// is one system call and never waits for anyone (docs/DECISIONS.md 84).
class WakeSignal {
 public:
  void wake() noexcept;
  void wait() noexcept;

 private:
  std::atomic<uint32_t> woken_{0};
#if !defined(__linux__)
  std::mutex mutex_;
  std::condition_variable changed_;
#endif
};

// A fixed number of threads running posted functions first come first served. An idle thread
// waits on its own WakeSignal and a post wakes the one that went idle last (its caches are the
// warmest). With glibc's shared condition variable a post could wait until threads woken before
// were scheduled: on two busy cores an io thread waited there thousands of times a second.
class WorkerPool {
 public:
  using Task = std::function<void()>;

  // `name` (at most 15 characters) names the threads where the system shows them (top -H).
  explicit WorkerPool(std::size_t threads, const char* name = "weft-worker");
  ~WorkerPool();  // join()s
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void post(Task task);
  // Runs what is queued, including what it posts, then ends the threads. Posts after it are
  // dropped. An exception escaping a task ends the process, as it would escape a thread.
  void join();

  std::size_t size() const noexcept { return workers_.size(); }

 private:
  struct Worker {
    WakeSignal signal;
    std::thread thread;
  };
  void loop(Worker& self);

  std::mutex mutex_;
  std::deque<Task> tasks_;
  std::vector<Worker*> idle_;
  bool stopping_ = false;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::once_flag joined_;
};

}  // namespace weft::core
