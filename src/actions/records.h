// Actions on records from other systems: the upsert (shared by PUT /api/v1/records and the signed
// inbound hook), follows and the allow-list of systems and types. docs/design/work-context.md.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "model/person.h"
#include "model/record.h"
#include "store/store.h"

namespace weft::wire {
class ShapeCatalog;
}

namespace weft::actions {

struct RecordInput {
  std::string system;
  std::string type;
  std::string external_id;
  std::string title;
  bool url_given = false;
  std::optional<std::string> url;            // nullopt: none
  std::optional<std::string> fields;         // compact JSON object; nullopt: keep (or {} when new)
  std::optional<std::optional<RecordAccessList>> access;  // absent keeps; null lifts the list
  bool quiet = false;                        // change rows are kept but not shown nor notified
  std::optional<std::optional<int64_t>> owner_id;  // absent keeps; null clears
  std::optional<std::optional<int64_t>> space_id;
};

// Checks a request body (400 naming the field) and builds the input.
Result<RecordInput> parse_record_input(const boost::json::object& body);
// The body's shape, "RecordUpsert", for the API's schema.
void define_record_input(wire::ShapeCatalog& catalog);

// Who sends a record: a signed-in person (the API), or an inbound secret (the hook).
struct RecordSource {
  std::optional<Viewer> caller;
  std::optional<int64_t> secret_id;
  std::optional<std::string> secret_system;  // a key scoped to one system
};

struct UpsertOutcome {
  int64_t id = 0;
  bool created = false;
  std::vector<std::string> changed;  // title, url, access, owner, space, fields.<name>
};

Result<UpsertOutcome> upsert_record(store::Store& store, const RecordSource& source, const RecordInput& input);
// The same inside a transaction the caller holds (the hook's, which also records the signature).
Result<UpsertOutcome> upsert_record_in(store::Connection& c, const RecordSource& source, const RecordInput& input);

// Follows (true) or unfollows a record the viewer may see; idempotent.
Result<void> follow_record(store::Store& store, const Viewer& viewer, int64_t record_id, bool follow);

// The allow-list of (system, type) pairs (admin): while it is empty, any pair is accepted.
Result<void> allow_record_type(store::Store& store, const Viewer& viewer, const std::string& system,
                               const std::string& type, bool allow);
// 400 unless `text` is a valid system or type name.
Result<void> check_record_key(const std::string& field, const std::string& text);

}  // namespace weft::actions
