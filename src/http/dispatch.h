// The order in which waiting requests reach the worker threads (docs/DECISIONS.md 43, 73 and 77).
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>

#include "core/threads.h"

namespace weft::http {

// Reads and writes wait in two lines. While reads wait, writes go in rounds: a round starts at
// most once every `round` and lets every write then waiting go, one after the other, ahead of the
// reads; with no read waiting a write goes at once. A write (a post, a stance, a reply) is someone
// waiting for their action to land: under a flood of feed reads it waits at most about one round
// rather than behind hundreds of reads. The writes of one round run together and the store's one
// writer commits them together (group commit), and every commit makes each reading connection
// drop its page cache — so rounds, not one write every so many reads, keep the number of commits,
// and what the reads pay for them, bounded however fast the writers come back (DECISIONS 77).
class Dispatch : private core::PlaceLender {
 public:
  static constexpr std::chrono::milliseconds kRound{30};
  using Clock = std::chrono::steady_clock;
  using Task = std::function<void()>;
  // Runs a function on a worker thread.
  using Submit = std::function<void(Task)>;

  // At most `max_reads` reads run at once (0: no limit; the server's default is as many as it has
  // workers). Reads sharing fewer cores than there are of them each take as long as the slowest;
  // in line, each is answered as soon as its own work is done. On two shared cores that did not
  // shorten the tail reliably (docs/DECISIONS.md 83). Writes are not limited: they wait for the disk.
  explicit Dispatch(Submit submit, Clock::duration round = kRound, std::size_t max_reads = 0)
      : submit_(std::move(submit)), round_(round), max_reads_(max_reads), last_round_(Clock::now() - round) {}

  // Queues `task` and gives the workers one turn for it.
  void post(bool write, Task task);

 private:
  void run_next();
  // Turns held that may go now that places are free (called with mutex_ held).
  std::size_t wake_held();
  // A read has ended (or waits idle): frees its place; answers the held turns it wakes.
  std::size_t end_read();
  void give_turns(std::size_t turns);
  // A running read waits without using the processor (core::IdleWait): its place goes to the
  // next read, and it takes one again (even past max_reads_: it has work under way) after.
  void lend() noexcept override;
  void take_back() noexcept override;

  Submit submit_;
  const Clock::duration round_;
  const std::size_t max_reads_;
  std::mutex mutex_;
  std::deque<Task> reads_;
  std::deque<Task> writes_;
  Clock::time_point last_round_;  // the first round is due at once
  std::size_t round_left_ = 0;  // writes of the current round not yet on a worker
  std::size_t reads_running_ = 0;
  std::size_t turns_held_ = 0;  // turns given back while max_reads_ reads ran; a read's end takes one
};

}  // namespace weft::http
