// Helpers shared by the queries on spaces, problems, ideas and proposals (spaces.cc,
// problems.cc, ideas.cc, proposals.cc): person summaries in rows, keyset pages, and the outcome
// chain around an item. Internal to queries/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/cursor.h"
#include "model/person.h"
#include "model/work.h"
#include "queries/work.h"
#include "store/store.h"

namespace weft::queries::detail {

// The columns of a person summary of alias `a`, read back by summary_at.
inline constexpr const char* kAuthor = "a.id, a.handle, a.name, a.title, a.unit_id, a.avatar_version";
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

// For the lists across spaces: the rows of `alias` the viewer may see (and, with `on_records`,
// whose record they may read), of the filter's space and authored in its unit (author alias `a`),
// as SQL with its parameters appended. Checks the space first (404/403).
Result<std::string> across_condition(store::Connection& c, std::vector<store::Param>& params, const Viewer& viewer,
                                     const std::string& alias, bool on_records, std::optional<int64_t> space_id,
                                     std::optional<int64_t> unit_id);
// The names of the spaces of `space_ids` (the caller has checked the viewer sees them).
std::vector<std::tuple<int64_t, std::string, std::string>> space_names(store::Connection& c,
                                                                       std::vector<int64_t> space_ids);

// Builds the chain around a problem, an idea or a proposal. Items in spaces the viewer may not
// see are left out.
Chain build_chain(store::Connection& c, const Viewer& viewer, std::optional<int64_t> problem_id,
                  std::vector<int64_t> idea_ids, std::vector<int64_t> proposal_ids);
Chain chain_of_idea(store::Connection& c, const Viewer& viewer, int64_t idea_id);

// A list across spaces (problems_across, ideas_across, proposals_across): `columns` (with their own
// parameters first) over `table` aliased `alias` joined to its author `a`, read by `read`;
// `state_column` filters by the filter's state, `count_expression` names each row's count bucket.
template <typename T, typename Read>
Result<WorkAcross<T>> across(store::Store& store, const Viewer& viewer, const WorkFilter& filter,
                             const cursor::PageRequest& page, const std::string& columns,
                             std::vector<store::Param> column_params, const std::string& table,
                             const std::string& alias, bool on_records, const std::string& state_column,
                             const std::string& count_expression, Read read) {
  return store::read(store, [&](store::Connection& c) -> Result<WorkAcross<T>> {
    WorkAcross<T> out;
    const std::string from = " FROM " + table + " " + alias + " JOIN people a ON a.id = " + alias + ".author_id WHERE ";
    {
      std::vector<store::Param> params = column_params;
      std::string sql = "SELECT " + columns + from + alias + ".id < ? AND ";
      params.emplace_back(before_id(page));
      WEFT_ASSIGN_OR_RETURN(auto condition,
                            across_condition(c, params, viewer, alias, on_records, filter.space_id, filter.unit_id));
      sql += condition;
      if (!filter.state.empty()) {
        sql += " AND " + alias + "." + state_column + " = ?";
        params.emplace_back(filter.state);
      }
      if (!filter.decision.empty()) {
        sql += " AND " + alias + ".decision = ?";
        params.emplace_back(filter.decision);
      }
      sql += " ORDER BY " + alias + ".id DESC LIMIT ?";
      params.emplace_back(page.limit + 1);
      std::vector<T> items;
      auto rows = c.query(sql, params);
      while (rows->next()) items.push_back(read(*rows));
      out.page = paged(std::move(items), page.limit);
    }
    {
      std::vector<store::Param> params;
      std::string sql = "SELECT " + count_expression + ", COUNT(*)" + from;
      WEFT_ASSIGN_OR_RETURN(auto condition,
                            across_condition(c, params, viewer, alias, on_records, filter.space_id, filter.unit_id));
      sql += condition + " GROUP BY 1 ORDER BY 1";
      auto rows = c.query(sql, params);
      while (rows->next()) {
        if (!rows->is_null(0)) out.counts.emplace_back(rows->text(0), rows->int64(1));
      }
    }
    std::vector<int64_t> space_ids;
    for (const auto& item : out.page.items) space_ids.push_back(item.space_id);
    for (auto& [id, name, visibility] : space_names(c, space_ids)) out.spaces.push_back({id, name, visibility});
    return out;
  });
}

}  // namespace weft::queries::detail
