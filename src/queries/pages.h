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
// Every page of a space, by title within each parent; bodies left out.
// With bodies: what an export writes.
Result<std::vector<Page>> space_pages(store::Store& store, const Viewer& viewer, int64_t space_id,
                                      bool with_bodies = false);
// Pages by id (those of spaces the viewer may read), in the order given; bodies left out.
Result<std::vector<Page>> pages_by_id(store::Store& store, const Viewer& viewer, const std::vector<int64_t>& ids);
// Newest first; cursor key: revision id.
Result<cursor::Page<PageRevision>> page_revisions(store::Store& store, const Viewer& viewer, int64_t page_id,
                                                  const cursor::PageRequest& page);
// A page's comments, oldest first; cursor key: comment id.
Result<cursor::Page<IdeaComment>> page_comments(store::Store& store, const Viewer& viewer, int64_t page_id,
                                                const cursor::PageRequest& page);
// One comment of a page the viewer may read.
Result<IdeaComment> page_comment(store::Store& store, const Viewer& viewer, int64_t comment_id);
// The pages that link to an item (type: page, problem, idea, proposal, record), of spaces whose
// content the viewer may see, most recently updated first (at most 200); bodies left out. The
// caller checks first that the viewer may see the item itself.
Result<std::vector<Page>> backlinks(store::Store& store, const Viewer& viewer, const std::string& type, int64_t id);
// From one revision of the page to another (the current one when `to` is absent).
Result<PageDiff> page_diff(store::Store& store, const Viewer& viewer, int64_t page_id, int64_t from,
                           std::optional<int64_t> to);

}  // namespace weft::queries
