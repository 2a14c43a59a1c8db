// The "search" subscriber: keeps the search index (search.h) in step with the activity log. Each
// batch of events becomes one set of Changes, applied from the items' current rows in short
// transactions, so handling is idempotent and a batch offered again after a failure changes
// nothing more.
// Rebuilding indexes the tables rather than replaying the log: the index holds what items say
// now, which the log does not carry.
#pragma once

#include <span>

#include "events/subscriber.h"
#include "search/search.h"

namespace weft::search {

// Items re-indexed per transaction: a part commits before the next begins (the batch's checkpoint
// is saved after the last; a failure offers the whole batch again, which re-indexes the same rows).
inline constexpr std::size_t kItemsPerTransaction = 32;

// The items a batch of events asks to re-index.
Changes changes_of(std::span<const events::Event> events);

class SearchSubscriber final : public events::Subscriber {
 public:
  explicit SearchSubscriber(store::Store& store) : store_(store) {}
  std::string name() const override { return "search"; }
  Result<void> handle(const events::Event& event) override {
    return handle_batch(std::span<const events::Event>(&event, 1));
  }
  Result<void> handle_batch(std::span<const events::Event> events) override;
  Result<void> begin_rebuild(store::Connection& c) override;
  bool rebuilt_from_state() const override { return true; }
  Result<void> rebuild_from_state(store::Connection& c, const Progress& progress) override;

 private:
  store::Store& store_;
};

}  // namespace weft::search
