#include "core/worker_pool.h"

#include <utility>

#if defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "core/threads.h"

namespace weft::core {

#if defined(__linux__)
namespace {
void futex(std::atomic<uint32_t>& word, int op, uint32_t value) noexcept {
  static_assert(sizeof(std::atomic<uint32_t>) == sizeof(uint32_t));
  (void)syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word), op | FUTEX_PRIVATE_FLAG, value, nullptr, nullptr, 0);
}
}  // namespace

void WakeSignal::wake() noexcept {
  woken_.store(1, std::memory_order_release);
  futex(woken_, FUTEX_WAKE, 1);
}

void WakeSignal::wait() noexcept {
  // Sleeps only while the word is still 0; a wake in between changes it and the sleep returns.
  while (woken_.exchange(0, std::memory_order_acquire) == 0) futex(woken_, FUTEX_WAIT, 0);
}
#else
void WakeSignal::wake() noexcept {
  {
    std::lock_guard lock(mutex_);
    woken_.store(1);
  }
  changed_.notify_one();
}

void WakeSignal::wait() noexcept {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return woken_.exchange(0) == 1; });
}
#endif

WorkerPool::WorkerPool(std::size_t threads, const char* name) {
  if (threads == 0) threads = 1;
  workers_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) workers_.push_back(std::make_unique<Worker>());
  for (auto& worker : workers_) {
    worker->thread = std::thread([this, w = worker.get(), name] {
      name_thread(name);
      loop(*w);
    });
  }
}

WorkerPool::~WorkerPool() { join(); }

void WorkerPool::post(Task task) {
  Worker* idle = nullptr;
  {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
    if (!idle_.empty()) {
      idle = idle_.back();
      idle_.pop_back();
    }
  }
  if (idle != nullptr) idle->signal.wake();
}

void WorkerPool::loop(Worker& self) {
  for (;;) {
    Task task;
    {
      std::unique_lock lock(mutex_);
      if (tasks_.empty()) {
        if (stopping_) return;
        idle_.push_back(&self);
        lock.unlock();
        self.signal.wait();  // until a post or join() takes this worker off the idle list
        continue;
      }
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

void WorkerPool::join() {
  std::call_once(joined_, [this] {
    std::vector<Worker*> idle;
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      idle.swap(idle_);
    }
    for (Worker* worker : idle) worker->signal.wake();
    for (auto& worker : workers_) {
      if (worker->thread.joinable()) worker->thread.join();
    }
    // Posted after the workers ended: dropped outside the lock (a task's end may post).
    std::deque<Task> dropped;
    {
      std::lock_guard lock(mutex_);
      dropped.swap(tasks_);
    }
  });
}

}  // namespace weft::core
