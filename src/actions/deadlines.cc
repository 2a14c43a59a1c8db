#include "actions/deadlines.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "actions/work.h"
#include "core/clock.h"
#include "core/threads.h"

namespace weft::actions {

void DeadlineCloser::start() {
  if (!thread_.joinable()) thread_ = std::thread([this] {
    core::name_thread("weft-deadlines");
    run();
  });
}

void DeadlineCloser::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void DeadlineCloser::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  changed_.notify_one();
}

void DeadlineCloser::run() {
  while (true) {
    // One node closes deadlines (the others stand by, and take over within seconds of its end).
    works_here_ = store_.hold_lease("deadlines");
    if (!works_here_) {
      std::unique_lock lock(mutex_);
      changed_.wait_for(lock, std::chrono::seconds(1), [&] { return stopping_; });
      if (stopping_) return;
      continue;
    }
    auto closed = close_due_proposals(store_, clock::now_seconds());
    if (!closed) {
      spdlog::warn("deadlines: {}", closed.error().message);
    } else if (*closed > 0) {
      spdlog::info("deadlines: closed {} proposal(s)", *closed);
    }
    auto next = next_deadline(store_);
    // Sleep until the next deadline has passed (times are whole seconds), at most a minute, or
    // until a proposal opens; go on at once when a batch was full.
    std::chrono::milliseconds delay(60000);
    if (closed && *closed >= 500) {
      delay = std::chrono::milliseconds(0);
    } else if (next) {
      int64_t millis = (*next - clock::now_seconds() + 1) * 1000;
      delay = std::chrono::milliseconds(std::clamp<int64_t>(millis, 200, 60000));
    }
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, delay, [&] { return woken_ || stopping_; });
    if (stopping_) return;
    woken_ = false;
  }
}

}  // namespace weft::actions
