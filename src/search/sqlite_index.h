// The search index on SQLite's FTS5 (see sqlite_index.cc).
#pragma once

#include "search/search.h"

namespace weft::search {

// `text` as an FTS5 query of quoted terms, so that no character of the input acts as FTS5 syntax:
// every word a prefix term ("ana"*), or, with every_word false, only the last one (the word being
// typed; the words before it are whole: "renewal" "contr"*). Empty when nothing is left to match.
std::string fts_prefix_query(const std::string& text, bool every_word = true);

class SqliteIndex final : public Index {
 public:
  void apply(store::Connection& c, const Changes& changes) const override;
  void clear(store::Connection& c) const override;
  void build(store::Connection& c, const Progress& progress) const override;
  void mark_indexed(store::Connection& c, int64_t event_id) const override;
  bool matchable(const std::string& q) const override;
  std::string people_matching(std::vector<store::Param>& params, const std::string& q,
                              const std::string& id_column) const override;
  std::string spaces_matching(std::vector<store::Param>& params, const std::string& q,
                              const std::string& id_column) const override;
  std::vector<WorkMatch> work(store::Connection& c, const Viewer& viewer, const std::string& q,
                              const std::vector<WorkKind>& kinds, int limit, int64_t offset) const override;
  std::vector<PostMatch> posts(store::Connection& c, const Viewer& viewer, const std::string& q,
                               int64_t window, int limit, int64_t offset) const override;
};

}  // namespace weft::search
