// Helpers shared by the queries on spaces, problems, ideas and proposals (spaces.cc,
// problems.cc, ideas.cc, proposals.cc): person summaries in rows, keyset pages, and the outcome
// chain around an item. Internal to queries/.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/cursor.h"
#include "model/person.h"
#include "model/work.h"
#include "store/store.h"

namespace weft::queries::detail {

// The columns of a person summary of alias `a`, read back by summary_at.
inline constexpr const char* kAuthor = "a.id, a.handle, a.name, a.title, a.unit_id";
PersonSummary summary_at(store::Rows& rows, int first);

inline int64_t before_id(const cursor::PageRequest& page) { return page.number(0, INT64_MAX); }

template <typename T>
cursor::Page<T> paged(std::vector<T> items, int limit) {
  cursor::Page<T> page;
  if (limit > 0 && static_cast<int>(items.size()) > limit) {
    items.resize(limit);
    page.next_cursor = cursor::encode({std::to_string(items.back().id)});
  }
  page.items = std::move(items);
  return page;
}

bool content_visible(store::Connection& c, const Viewer& viewer, int64_t space_id);

// Builds the chain around a problem, an idea or a proposal. Items in spaces the viewer may not
// see are left out.
Chain build_chain(store::Connection& c, const Viewer& viewer, std::optional<int64_t> problem_id,
                  std::vector<int64_t> idea_ids, std::vector<int64_t> proposal_ids);
Chain chain_of_idea(store::Connection& c, const Viewer& viewer, int64_t idea_id);

}  // namespace weft::queries::detail
