// The order in which waiting requests reach the worker threads (docs/DECISIONS.md 43, 73 and 77).
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>

namespace weft::http {

// Reads and writes wait in two lines. While reads wait, writes go in rounds: a round starts at
// most once every `round` and lets every write then waiting go, one after the other, ahead of the
// reads; with no read waiting a write goes at once. A write (a post, a stance, a reply) is someone
// waiting for their action to land: under a flood of feed reads it waits at most about one round
// rather than behind hundreds of reads. The writes of one round run together and the store's one
// writer commits them together (group commit), and every commit makes each reading connection
// drop its page cache — so rounds, not one write every so many reads, keep the number of commits,
// and what the reads pay for them, bounded however fast the writers come back (DECISIONS 77).
class Dispatch {
 public:
  static constexpr std::chrono::milliseconds kRound{50};
  using Clock = std::chrono::steady_clock;
  using Task = std::function<void()>;
  // Runs a function on a worker thread.
  using Submit = std::function<void(Task)>;

  explicit Dispatch(Submit submit, Clock::duration round = kRound)
      : submit_(std::move(submit)), round_(round), last_round_(Clock::now() - round) {}

  // Queues `task` and gives the workers one turn for it.
  void post(bool write, Task task);

 private:
  void run_next();

  Submit submit_;
  const Clock::duration round_;
  std::mutex mutex_;
  std::deque<Task> reads_;
  std::deque<Task> writes_;
  Clock::time_point last_round_;  // the first round is due at once
  std::size_t round_left_ = 0;  // writes of the current round not yet on a worker
};

}  // namespace weft::http
