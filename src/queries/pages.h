// Reading knowledge pages: only those of spaces whose content the viewer may see.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/cursor.h"
#include "core/error.h"
#include "model/page.h"
#include "model/person.h"
#include "model/work.h"
#include "store/store.h"

namespace weft::queries {

Result<Page> page(store::Store& store, const Viewer& viewer, int64_t page_id);
// Every page of a space (at most 2,000), by title within each parent; bodies left out.
Result<std::vector<Page>> space_pages(store::Store& store, const Viewer& viewer, int64_t space_id);
// Newest first; cursor key: revision id.
Result<cursor::Page<PageRevision>> page_revisions(store::Store& store, const Viewer& viewer, int64_t page_id,
                                                  const cursor::PageRequest& page);
// A page's comments, oldest first; cursor key: comment id.
Result<cursor::Page<IdeaComment>> page_comments(store::Store& store, const Viewer& viewer, int64_t page_id,
                                                const cursor::PageRequest& page);
// One comment of a page the viewer may read.
Result<IdeaComment> page_comment(store::Store& store, const Viewer& viewer, int64_t comment_id);
// From one revision of the page to another (the current one when `to` is absent).
Result<PageDiff> page_diff(store::Store& store, const Viewer& viewer, int64_t page_id, int64_t from,
                           std::optional<int64_t> to);

}  // namespace weft::queries
