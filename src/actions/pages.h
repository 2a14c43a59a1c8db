// Actions on knowledge pages: create, save (merged three-way with what others saved meanwhile),
// restore. Members of the space write; everyone who may read the space reads. docs/design/pages.md.
#pragma once

#include <optional>
#include <string>

#include "core/error.h"
#include "model/person.h"
#include "pages/archive.h"
#include "pages/merge.h"
#include "store/store.h"

namespace weft::actions {

struct PageText {
  std::string title;
  std::string body;
};

Result<int64_t> create_page(store::Store& store, const Viewer& viewer, int64_t space_id, const PageText& text,
                            std::optional<int64_t> parent_id);

// Pages from a folder of Markdown (pages/archive.h), all or none, each a first revision "Imported
// from <file>." under the page given (or at the top); members of the space. The new pages' ids, in
// the plan's order.
Result<std::vector<int64_t>> import_pages(store::Store& store, const Viewer& viewer, int64_t space_id,
                                          const pages::ImportPlan& plan, std::optional<int64_t> under);

// The outcome of a save: saved (a new revision, merged or not, or none when nothing changed), or
// a conflict with the three versions and the regions both sides changed; nothing is stored then.
struct SaveOutcome {
  bool conflict = false;
  bool merged = false;
  int64_t revision = 0;  // the page's current revision after the save
  PageText mine, theirs, base;
  int64_t theirs_revision = 0;
  std::vector<pages::Conflict> regions;
  bool title_conflict = false;
};
// `base`: the revision the editor started from (If-Match).
Result<SaveOutcome> save_page(store::Store& store, const Viewer& viewer, int64_t page_id, int64_t base,
                              const PageText& text, const std::string& summary,
                              bool body_given = true);
Result<int64_t> restore_page(store::Store& store, const Viewer& viewer, int64_t page_id, int64_t revision);
// A page from an accepted solution (source "problem") or a decided proposal, in its space, that
// keeps its provenance: what the problem was and what solved it, or what was proposed and decided.
// Once per item (409 after). Members of the space.
Result<int64_t> promote_to_page(store::Store& store, const Viewer& viewer, const std::string& source_type,
                                int64_t source_id);
// A comment on a page (members of its space); the commenter watches the page from then on.
Result<int64_t> comment_page(store::Store& store, const Viewer& viewer, int64_t page_id, const std::string& body);
// Watch (true) or stop watching a page one may read: told of each edit. Idempotent.
Result<void> watch_page(store::Store& store, const Viewer& viewer, int64_t page_id, bool watch);

}  // namespace weft::actions
