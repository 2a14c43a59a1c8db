// Reading records from other systems: one record (with its conversation, changes, problems and
// the people who might help), lists with filters, and the change history. Every query passes the
// records policy (policy/records.h): a record the viewer may not see is 404 or absent.
#pragma once

#include <optional>
#include <string>

#include "core/cursor.h"
#include "core/error.h"
#include "model/person.h"
#include "model/record.h"
#include "store/store.h"

namespace weft::queries {

Result<Record> record(store::Store& store, const Viewer& viewer, int64_t record_id, bool detail);

struct RecordFilter {
  std::string system;
  std::string type;
  std::string external_id;
  bool followed = false;
};
// Newest first (by id); cursor key: record id.
Result<cursor::Page<Record>> records(store::Store& store, const Viewer& viewer, const RecordFilter& filter,
                                     const cursor::PageRequest& page);
// Newest first; quiet changes too (the history shows them, marked).
Result<cursor::Page<RecordChange>> record_changes(store::Store& store, const Viewer& viewer, int64_t record_id,
                                                  const cursor::PageRequest& page);

// The people who might help with a record, until expertise ranking exists: its followers, then
// people of its owner's unit; each visible to the viewer and able to see the record; never the
// viewer; at most `limit`.
std::vector<ExpertSuggestion> record_helpers(store::Connection& c, const Viewer& viewer, int64_t record_id,
                                             int limit = 10);

struct RecordTypeEntry {
  std::string system;
  std::string type;  // empty: every type of the system
  int64_t created_at = 0;
};
Result<std::vector<RecordTypeEntry>> record_types(store::Store& store, const Viewer& viewer);

}  // namespace weft::queries
