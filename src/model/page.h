// Knowledge pages as queries return them and wire/ serializes them (docs/design/pages.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/post.h"
#include "pages/merge.h"

namespace weft {

struct Page {
  int64_t id = 0;
  int64_t space_id = 0;
  std::optional<int64_t> parent_id;
  std::string title;
  std::string body;
  int64_t revision = 0;   // the current revision (the ETag)
  PersonSummary author;   // who saved the current revision
  int64_t revision_count = 0;
  int64_t comment_count = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  bool watching = false;  // the viewer is told of its edits (the page itself only)
  std::optional<std::string> source_type;  // promoted from a "problem" or a "proposal"
  std::optional<int64_t> source_id;
};

struct PageRevision {
  int64_t revision = 0;
  PersonSummary author;
  std::string summary;
  bool merged = false;                   // saved over newer revisions by a three-way merge
  std::optional<int64_t> restored_from;  // brings back this older revision
  int64_t created_at = 0;
};

struct PageDiff {
  int64_t from = 0;
  int64_t to = 0;
  std::string from_title, to_title;
  std::vector<pages::DiffHunk> hunks;
  bool exact = true;  // false: too different to find the fewest changes within the work bound
};

// What an import of Markdown made: the new pages (parents before children) and the files that
// were not Markdown, left out.
struct PageImport {
  std::vector<Page> items;
  std::vector<std::string> skipped;
};

}  // namespace weft
