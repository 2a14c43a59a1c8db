// Export and import: the whole organization (or one space) as JSON lines, for moving a Weft
// between stores or machines. The first line describes the file; each further line is one row,
// `{"table":"people","row":{...}}`. Search indexes are not exported; import rebuilds them.
// Credentials (sessions, API tokens) never leave the store; a space export carries people
// without their password hashes.
#pragma once

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "store/store.h"

namespace weft::transfer {

struct ExportSummary {
  int64_t rows = 0;
};
Result<ExportSummary> export_jsonl(store::Store& store, std::ostream& out,
                                   std::optional<int64_t> space_id);

struct ImportSummary {
  int64_t rows = 0;
};
// Into an empty store only (no people yet); `progress` receives the rows read so far.
Result<ImportSummary> import_jsonl(store::Store& store, std::istream& in,
                                   const std::function<void(int64_t)>& progress);

struct MigrateSummary {
  std::vector<std::pair<std::string, int64_t>> tables;  // copied, with their row counts
  int64_t rows = 0;
  double seconds = 0;
};
// Copies every table of `from` (SQLite) into `to` (PostgreSQL, migrated and empty): parents
// before children, in id order, by COPY, in one transaction (all or nothing); then the id
// sequences go on after the copied ids, search is indexed afresh, and each table's row count is
// compared on both sides. `progress(done, total, table)` as rows are copied.
Result<MigrateSummary> migrate_store(store::Store& from, store::Store& to,
                                     const std::function<void(int64_t, int64_t, const std::string&)>& progress);

}  // namespace weft::transfer
