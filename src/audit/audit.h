// The admin audit log: who signed in, changed a role, deactivated someone, moderated a post,
// changed a webhook or a secret, or exported data — a view of the activity log kept by the "audit"
// subscriber (so `weft rebuild audit` makes it again from the log), read by admins with filters
// and downloaded as CSV (the download is itself a line of the log).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/cursor.h"
#include "core/error.h"
#include "events/subscriber.h"
#include "model/person.h"
#include "store/store.h"

namespace weft::audit {

struct Entry {
  int64_t event_id = 0;
  int64_t at = 0;
  std::optional<int64_t> actor_id;
  std::string actor_name;  // empty for the system
  std::string action;      // the event's verb: session.created, post.hidden, …
  std::string object_type;
  std::optional<int64_t> object_id;
  std::string object_name;  // a person's name when the object is a person
  std::string detail;       // the reason, the new role, the URL, …
};

// The line an event makes in the audit log, if any.
std::optional<Entry> entry_of(const events::Event& event);
// The verbs the audit log keeps (for the filter's choices).
const std::vector<std::string>& audited_actions();

struct Filter {
  std::string action;  // a verb, or a family such as "post." (empty: all)
  std::optional<int64_t> actor_id;
  std::optional<int64_t> since;  // seconds, inclusive
  std::optional<int64_t> until;  // seconds, exclusive
  std::string describe() const;  // "action=post.; actor_id=3" for the export's own line
};

// Newest first. Admins only (403).
Result<cursor::Page<Entry>> entries(store::Store& store, const Viewer& viewer, const Filter& filter,
                                    const cursor::PageRequest& page);
// Every matching line as CSV (RFC 4180, a header row, cells that start with = + - @ quoted with a
// leading apostrophe so spreadsheets do not run them), oldest first, at most `max_rows`; records
// the download in the activity log.
Result<std::string> export_csv(store::Store& store, const Viewer& viewer, const Filter& filter,
                               int64_t max_rows = 100000);

class Subscriber final : public events::Subscriber {
 public:
  explicit Subscriber(store::Store& store) : store_(store) {}
  std::string name() const override { return "audit"; }
  Result<void> handle(const events::Event& event) override {
    return handle_batch(std::span<const events::Event>(&event, 1));
  }
  Result<void> handle_batch(std::span<const events::Event> events) override;
  Result<void> begin_rebuild(store::Connection& c) override;

 private:
  store::Store& store_;
};

}  // namespace weft::audit
