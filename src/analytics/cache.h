// A cache for figures that take long to compute (the collaboration network, engagement), per
// asker and query. An answer is served as is while nothing was written since it was computed
// (the activity log's head is the same); after a write it is still served for `fresh_seconds`
// while one background thread computes it again; older than that, it is computed in the request.
// Each figure carries computed_at, so the dashboard shows its age.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/error.h"
#include "core/threads.h"

namespace weft::analytics {

template <typename T>
class FigureCache {
 public:
  using Compute = std::function<Result<T>()>;

  FigureCache(int64_t fresh_seconds, std::size_t capacity) : fresh_seconds_(fresh_seconds), capacity_(capacity) {
    worker_ = std::thread([this] {
      core::name_thread("weft-figures");
      run();
    });
  }
  ~FigureCache() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    worker_.join();
  }
  FigureCache(const FigureCache&) = delete;
  FigureCache& operator=(const FigureCache&) = delete;

  // `head`: the activity log's last event id now; `now`: seconds.
  Result<std::shared_ptr<const T>> get(const std::string& key, int64_t head, int64_t now, Compute compute) {
    {
      std::lock_guard lock(mutex_);
      auto it = entries_.find(key);
      if (it != entries_.end()) {
        Entry& entry = it->second;
        if (entry.head == head) {
          ++hits_;
          return entry.value;
        }
        if (now - entry.computed_at < fresh_seconds_) {
          ++hits_;
          if (!entry.refreshing) {
            entry.refreshing = true;
            jobs_.push_back({key, head, now, compute});
            wake_.notify_one();
          }
          return entry.value;
        }
      }
      ++misses_;
    }
    WEFT_ASSIGN_OR_RETURN(T value, compute());
    auto shared = std::make_shared<const T>(std::move(value));
    store(key, head, now, shared);
    return shared;
  }

  int64_t hits() const {
    std::lock_guard lock(mutex_);
    return hits_;
  }
  int64_t misses() const {
    std::lock_guard lock(mutex_);
    return misses_;
  }

 private:
  struct Entry {
    std::shared_ptr<const T> value;
    int64_t head = 0;
    int64_t computed_at = 0;
    bool refreshing = false;
  };
  struct Job {
    std::string key;
    int64_t head;
    int64_t now;
    Compute compute;
  };

  void store(const std::string& key, int64_t head, int64_t now, std::shared_ptr<const T> value) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= capacity_ && !entries_.contains(key)) {
      // Drop the oldest answer.
      auto oldest = entries_.begin();
      for (auto it = entries_.begin(); it != entries_.end(); ++it) {
        if (it->second.computed_at < oldest->second.computed_at) oldest = it;
      }
      entries_.erase(oldest);
    }
    entries_[key] = {std::move(value), head, now, false};
  }

  void run() {
    for (;;) {
      Job job;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (stopping_) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      auto value = job.compute();
      if (value) {
        store(job.key, job.head, job.now, std::make_shared<const T>(std::move(*value)));
      } else {
        std::lock_guard lock(mutex_);
        if (auto it = entries_.find(job.key); it != entries_.end()) it->second.refreshing = false;
      }
    }
  }

  const int64_t fresh_seconds_;
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::map<std::string, Entry> entries_;
  std::deque<Job> jobs_;
  int64_t hits_ = 0;
  int64_t misses_ = 0;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace weft::analytics
