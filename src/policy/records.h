// Who may see a record from another system (docs/design/work-context.md, "Policy"). A record
// without an access list is seen by every member of the organization (not guests); a record with
// one ("restricted") only by the people it names, the people whose unit it names (direct
// membership, as for the unit audience), and admins. Whatever hangs on a record — its posts,
// problems, search hits, notifications, suggestions — passes the record's gate as well as its own
// rule: the gate is always ANDed and never widens anything.
#pragma once

#include <optional>
#include <string>

#include "core/error.h"
#include "model/person.h"
#include "policy/posts.h"
#include "store/store.h"

namespace weft::policy {

// Records visible to `viewer`, over the records row aliased `alias`.
SqlCondition visible_records(const Viewer& viewer, const std::string& alias = "r");
// Rows that name no record in `record_column`, or a record the viewer passes the gate of. Unlike
// visible_records it does not exclude guests: what hangs on a record has its own rule for them.
SqlCondition record_gate(const Viewer& viewer, const std::string& record_column);
// The gate for every reader at once, over a people row `person_alias` (for fan-out).
std::string record_gate_to_people(const std::string& record_column, const std::string& person_alias);
// The people who may see the record itself (visible_records for every reader at once), over a
// people row `person_alias`: admins, everyone but guests if it is not restricted, and those its
// access list names. The record's id is bound, not spelled into the SQL: one statement for every
// record (PostgreSQL prepares each distinct text, and keeps it for the connection's life).
SqlCondition record_readers_to_people(int64_t record_id, const std::string& person_alias);
// The gate of one record, for every reader at once (record_gate_to_people for a known record).
SqlCondition record_gate_of_to_people(int64_t record_id, const std::string& person_alias);

// Everyone who passes the gate of a restricted record, as one column of person ids, read from
// its access list rather than tested person by person: the people it names, the members of the
// units it names, and admins. Two parameters, each the record's id.
std::string restricted_record_readers_sql();

// A page written up from a problem on a record stays behind that record's gate: restricting the
// record later must not leave the problem's text readable by the whole space. The record of the
// page row aliased `page_alias`, as an SQL expression (NULL when it was not written up from such a
// problem), and the gate over it.
std::string page_record_sql(const std::string& page_alias);
SqlCondition page_gate(const Viewer& viewer, const std::string& page_alias);
std::optional<int64_t> page_record(store::Connection& c, int64_t page_id);

bool can_see_record(store::Connection& c, const Viewer& viewer, int64_t record_id);
// not_found ("No such record.") unless the viewer may see the record.
Result<void> require_record(store::Connection& c, const Viewer& viewer, int64_t record_id);
// Whether the viewer passes the gate of `record_id` (true when there is none).
bool passes_record_gate(store::Connection& c, const Viewer& viewer, const std::optional<int64_t>& record_id);

}  // namespace weft::policy
