// Threads that do work for later (derived views, caches, mail) rather than for a waiting request,
// and waits that use no processor.
#pragma once

namespace weft::core {

// Lowers the calling thread's CPU priority (nice 10 on Linux), so that on a busy machine the
// threads answering requests run first and background work takes the idle time. A thread that
// holds a lock requests wait for must not call it (the writer, the WAL checkpointer).
void lower_thread_priority() noexcept;

// Names the calling thread for `top -H`, `ps -L` and profiles ("weft-writer"); Linux keeps 15
// characters and longer names are cut. Nothing off Linux.
void name_thread(const char* name) noexcept;

// What runs a thread's work in limited places (http::Dispatch lets a few reads run at once) and
// can lend the thread's place while it waits.
class PlaceLender {
 public:
  virtual ~PlaceLender() = default;
  virtual void lend() noexcept = 0;       // the thread is about to wait: its place may go to another
  virtual void take_back() noexcept = 0;  // the wait is over
};

// Sets the calling thread's lender while it lives (nullptr: none).
class LenderScope {
 public:
  explicit LenderScope(PlaceLender* lender) noexcept;
  ~LenderScope();
  LenderScope(const LenderScope&) = delete;
  LenderScope& operator=(const LenderScope&) = delete;

 private:
  PlaceLender* previous_;
};

// A wait that uses no processor (sleeping until the search index catches up, the store's writer
// answering): while it lasts, the thread's place among the limited ones is lent to the next task.
class IdleWait {
 public:
  IdleWait() noexcept;
  ~IdleWait();
  IdleWait(const IdleWait&) = delete;
  IdleWait& operator=(const IdleWait&) = delete;

 private:
  PlaceLender* lender_;
};

}  // namespace weft::core
