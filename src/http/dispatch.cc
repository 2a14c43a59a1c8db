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
    const bool write_turn = !writes_.empty() && (reads_.empty() || reads_since_write_ >= kReadsPerWrite);
    auto& line = write_turn ? writes_ : reads_;
    if (line.empty()) return;
    task = std::move(line.front());
    line.pop_front();
    reads_since_write_ = write_turn ? 0 : reads_since_write_ + 1;
  }
  task();
}

}  // namespace weft::http
