// The order in which waiting requests reach the worker threads (docs/DECISIONS.md 43 and 73).
#pragma once

#include <deque>
#include <functional>
#include <mutex>

namespace weft::http {

// Reads and writes wait in two lines, and while both have someone waiting a write goes first once
// for every kReadsPerWrite reads. A write (a post, a stance, a reply) is someone waiting for their
// action to land; under a flood of feed reads it does not queue behind hundreds of them, and a
// flood of writes cannot take more than one turn in kReadsPerWrite + 1 from the reads. Writes may
// run on several workers at once: the store's one writer commits them together (group commit);
// letting only one run at a time cost the soak a third of its posts (docs/DECISIONS.md 73).
class Dispatch {
 public:
  static constexpr int kReadsPerWrite = 16;
  using Task = std::function<void()>;
  // Runs a function on a worker thread.
  using Submit = std::function<void(Task)>;

  explicit Dispatch(Submit submit) : submit_(std::move(submit)) {}

  // Queues `task` and gives the workers one turn for it.
  void post(bool write, Task task);

 private:
  void run_next();

  Submit submit_;
  std::mutex mutex_;
  std::deque<Task> reads_;
  std::deque<Task> writes_;
  int reads_since_write_ = 0;
};

}  // namespace weft::http
