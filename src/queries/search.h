// Search across what the viewer may see: people (the directory's word-prefix search), spaces,
// problems, ideas, proposals and posts (ranked by the search index, search/search.h). Snippets are HTML-escaped text in which only
// <mark>…</mark> is markup.
#pragma once

#include <optional>

#include <string>
#include <vector>

#include "core/cursor.h"
#include "core/error.h"
#include "model/person.h"
#include "store/store.h"

namespace weft::queries {

struct SearchHit {
  std::string type;  // post, person, space, problem, idea, proposal
  int64_t id = 0;
  std::string title;
  std::string snippet;
  // The space it belongs to (a space post, a problem, idea or proposal, a record of a space).
  std::optional<int64_t> space_id;
  std::string space_name;
  // Why it matched: title, text (work); text, author (posts); name, handle, title, skills (people);
  // name, purpose (spaces).
  std::vector<std::string> matched;
};

// Ranking every match of a common word in millions of posts costs hundreds of milliseconds, so
// posts are ranked among the most recent kSearchPostWindow matches only (FTS5 walks matches
// newest-first cheaply); ranked work items are paged through the first kSearchWorkWindow.
inline constexpr int64_t kSearchPostWindow = 2000;
inline constexpr int64_t kSearchWorkWindow = 1000;

// The cursor parts of a search of `type`: (name, id) for people, else an offset in the window.
std::vector<cursor::Part> search_cursor_parts(const std::string& type);
int64_t search_max_offset(const std::string& type);

// `type` empty means every type.
Result<cursor::Page<SearchHit>> search(store::Store& store, const Viewer& viewer,
                                       const std::string& q, const std::string& type,
                                       const cursor::PageRequest& page);

// Up to `max_words` words of `text` around the first word that starts with a word of `q`,
// HTML-escaped, with every such word in <mark>…</mark> and "…" where text was cut.
std::string make_snippet(const std::string& text, const std::string& q, std::size_t max_words = 24);

}  // namespace weft::queries
