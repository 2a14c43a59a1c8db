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

// One turn per task posted: the next task by the rule above.
void Dispatch::run_next() {
  Task task;
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
    task = std::move(line.front());
    line.pop_front();
    if (write_turn && round_left_ > 0) --round_left_;
  }
  task();
}

}  // namespace weft::http
