#include "http/dispatch.h"

#include <utility>

namespace weft::http {

void Dispatch::post(bool write, Task task) {
  {
    std::lock_guard lock(mutex_);
    (write ? writes_ : reads_).push_back(std::move(task));
  }
  submit_([this] { run_next(); });
}

// One turn per task posted: the next task by the rule above. A turn that finds only reads waiting
// while max_reads_ of them run is held, and given back when a place is free: by the worker whose
// read ends (it takes the turn itself), or when a turn runs a write instead.
void Dispatch::run_next() {
  for (;;) {
    Task task;
    bool read = false;
    std::size_t woken = 0;
    {
      std::lock_guard lock(mutex_);
      if (round_left_ == 0 && !writes_.empty()) {
        const auto now = Clock::now();
        if (now - last_round_ >= round_) {
          round_left_ = writes_.size();
          last_round_ = now;
        }
      }
      const bool write_turn = !writes_.empty() && (reads_.empty() || round_left_ > 0);
      auto& line = write_turn ? writes_ : reads_;
      if (line.empty()) return;
      if (!write_turn && max_reads_ > 0 && reads_running_ >= max_reads_) {
        ++turns_held_;
        return;
      }
      task = std::move(line.front());
      line.pop_front();
      if (write_turn && round_left_ > 0) --round_left_;
      read = !write_turn;
      if (read) {
        ++reads_running_;
      } else {
        woken = wake_held();  // this turn was perhaps a read's, taken at its end: its place is free
      }
    }
    if (!read) {
      give_turns(woken);
      task();
      return;
    }
    try {
      core::LenderScope lender(this);
      task();
    } catch (...) {
      give_turns(end_read());
      throw;
    }
    woken = end_read();
    if (woken == 0) return;
    give_turns(woken - 1);  // and this worker takes one
  }
}

std::size_t Dispatch::wake_held() {
  std::size_t woken = 0;
  while (turns_held_ > 0 && (max_reads_ == 0 || reads_running_ + woken < max_reads_)) {
    --turns_held_;
    ++woken;
  }
  return woken;
}

std::size_t Dispatch::end_read() {
  std::lock_guard lock(mutex_);
  --reads_running_;
  return wake_held();
}

void Dispatch::give_turns(std::size_t turns) {
  for (std::size_t k = 0; k < turns; ++k) submit_([this] { run_next(); });
}

void Dispatch::lend() noexcept { give_turns(end_read()); }

void Dispatch::take_back() noexcept {
  std::lock_guard lock(mutex_);
  ++reads_running_;
}

}  // namespace weft::http
