// DeadlineCloser: closes proposals when their deadline passes. It sleeps until the earliest open
// deadline in the store (re-read after every wake, so it survives restarts and never relies on
// memory), is woken when a proposal opens, and closes what fell due, with the tally's decision.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "events/subscriber.h"
#include "store/store.h"

namespace weft::actions {

class DeadlineCloser final : public events::LiveSubscriber {
 public:
  explicit DeadlineCloser(store::Store& store) : store_(store) {}
  std::string name() const override { return "deadlines"; }
  // A new proposal may close before the deadline the closer sleeps towards.
  Result<void> handle(const events::Event& event) override {
    if (event.kind() == events::Kind::kProposalOpened) wake();
    return {};
  }
  ~DeadlineCloser() { stop(); }
  void start();
  void stop();
  void wake();
  // Whether this process closes deadlines now (holds the "deadlines" lease; several nodes).
  bool works_here() const { return works_here_.load(); }

 private:
  void run();
  store::Store& store_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool woken_ = false;
  bool stopping_ = false;
  std::atomic<bool> works_here_{false};
  std::thread thread_;
};

}  // namespace weft::actions
