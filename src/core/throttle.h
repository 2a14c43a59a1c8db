// At most one claim per key in an interval, in this process: bookkeeping that several requests
// would otherwise all write at once (a token's last use, a reader's timeline mark), each waiting
// for the store's writer, when one write for all of them is enough.
#pragma once

#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace weft {

class Throttle {
 public:
  explicit Throttle(int64_t interval_seconds) : interval_(interval_seconds) {}

  // True for the first claim of `key` since `now - interval`: that caller does the work; the
  // others within the interval skip it.
  bool claim(int64_t key, int64_t now) {
    std::lock_guard lock(mutex_);
    if (claimed_.size() >= kPruneAt) {
      std::erase_if(claimed_, [&](const auto& entry) { return entry.second <= now - interval_; });
    }
    auto [it, inserted] = claimed_.try_emplace(key, now);
    if (!inserted) {
      if (it->second > now - interval_) return false;
      it->second = now;
    }
    return true;
  }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return claimed_.size();
  }

 private:
  static constexpr std::size_t kPruneAt = 4096;  // keys kept before the expired ones are dropped
  const int64_t interval_;
  mutable std::mutex mutex_;
  std::unordered_map<int64_t, int64_t> claimed_;
};

}  // namespace weft
