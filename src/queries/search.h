// Search across what the viewer may see: posts (FTS5, bm25-ranked, prefix terms for as-you-type)
// and people (the directory's word-prefix search). Snippets are HTML-escaped text in which only
// <mark>…</mark> is markup.
#pragma once

#include <string>
#include <vector>

#include "core/cursor.h"
#include "core/error.h"
#include "model/person.h"
#include "store/store.h"

namespace weft::queries {

struct SearchHit {
  std::string type;  // post, person
  int64_t id = 0;
  std::string title;
  std::string snippet;
};

// `type` empty means every type. Cursor key: the offset into the ranked list.
Result<cursor::Page<SearchHit>> search(store::Store& store, const Viewer& viewer,
                                       const std::string& q, const std::string& type,
                                       const cursor::PageRequest& page);

// Up to `max_words` words of `text` around the first word that starts with a word of `q`,
// HTML-escaped, with every such word in <mark>…</mark> and "…" where text was cut.
std::string make_snippet(const std::string& text, const std::string& q, std::size_t max_words = 24);

}  // namespace weft::queries
