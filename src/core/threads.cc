#include "core/threads.h"

#include <cstring>

#if defined(__linux__)
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace weft::core {
namespace {
thread_local PlaceLender* t_lender = nullptr;
}

void lower_thread_priority() noexcept {
#if defined(__linux__)
  // On Linux a thread has its own nice value: PRIO_PROCESS with a thread id sets only that thread.
  (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10);
#endif
}

void name_thread(const char* name) noexcept {
#if defined(__linux__)
  char cut[16] = {};
  std::strncpy(cut, name, sizeof cut - 1);
  (void)pthread_setname_np(pthread_self(), cut);
#else
  (void)name;
#endif
}

LenderScope::LenderScope(PlaceLender* lender) noexcept : previous_(t_lender) { t_lender = lender; }
LenderScope::~LenderScope() { t_lender = previous_; }

IdleWait::IdleWait() noexcept : lender_(t_lender) {
  // Not lent twice by a wait inside a wait.
  t_lender = nullptr;
  if (lender_ != nullptr) lender_->lend();
}

IdleWait::~IdleWait() {
  if (lender_ != nullptr) lender_->take_back();
  t_lender = lender_;
}

}  // namespace weft::core
