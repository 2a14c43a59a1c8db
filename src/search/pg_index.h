// The search index on PostgreSQL's full-text search (see pg_index.cc).
#pragma once

#include "search/search.h"

namespace weft::search {

// `text` as a tsquery in PostgreSQL's syntax, every word quoted so that nothing typed acts as
// syntax: each word a prefix ('ana':*), or, with every_word false, only the last one.
std::string tsquery_text(const std::string& text, bool every_word = true);

class PgIndex final : public Index {
 public:
  void apply(store::Connection& c, const Changes& changes) const override;
  void clear(store::Connection& c) const override;
  void build(store::Connection& c, const Progress& progress) const override;
  // Nothing to mark: the index commits in the same database as the checkpoint, synced alike.
  void mark_indexed(store::Connection&, int64_t) const override {}
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
