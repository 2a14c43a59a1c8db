// The moderation queue: reported posts a moderator may act on (policy::moderated_posts), with
// their reports.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/cursor.h"
#include "core/error.h"
#include "model/person.h"
#include "model/post.h"
#include "store/store.h"

namespace weft::queries {

struct Report {
  int64_t id = 0;
  PersonSummary reporter;
  std::string reason;
  int64_t created_at = 0;
  std::optional<std::string> resolution;  // hidden, dismissed
};

struct ReportedPost {
  int64_t post_id = 0;
  PersonSummary author;
  std::string excerpt;  // the post's first 280 characters
  std::optional<int64_t> space_id;
  std::string space_name;
  bool hidden = false;
  std::optional<std::string> hidden_reason;
  int64_t open_reports = 0;
  int64_t last_reported_at = 0;
  std::vector<Report> reports;  // newest first
};

// state: "open" (a report waits), "hidden" (hidden posts), "all" (every reported post). Newest
// report first. 403 for someone who moderates nothing (not an admin, owns no space).
Result<cursor::Page<ReportedPost>> moderation_queue(store::Store& store, const Viewer& viewer,
                                                    const std::string& state, const cursor::PageRequest& page);

}  // namespace weft::queries
