#include "search/search.h"

#include <thread>
#include <unordered_set>
#include <unordered_map>
#include <algorithm>

#include "core/threads.h"
#include "events/event_log.h"
#include "policy/posts.h"
#include "search/pg_index.h"
#include "search/sqlite_index.h"

namespace weft::search {

const char* work_kind_name(WorkKind kind) {
  switch (kind) {
    case WorkKind::kSpace: return "space";
    case WorkKind::kProblem: return "problem";
    case WorkKind::kIdea: return "idea";
    case WorkKind::kProposal: return "proposal";
    case WorkKind::kRecord: return "record";
    case WorkKind::kPage: return "page";
  }
  return "space";
}

std::vector<PostMatch> visible_post_page(store::Connection& c, const Viewer& viewer,
                                         std::vector<std::pair<double, int64_t>> scored, int limit,
                                         int64_t offset) {
  std::vector<PostMatch> out;
  if (scored.empty()) return out;
  std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second > b.second;
  });
  // Which of them the viewer may see, then the page among those, in rank order.
  std::vector<int64_t> ids;
  ids.reserve(scored.size());
  for (const auto& entry : scored) ids.push_back(entry.second);
  std::unordered_set<int64_t> visible;
  {
    std::vector<store::Param> params{store::Param::ids(ids)};
    auto rows = c.query("SELECT p.id FROM posts p WHERE p.id IN (" + c.ids_sql() + ") AND " +
                            policy::append(params, policy::visible_posts(viewer)),
                        params);
    while (rows->next()) visible.insert(rows->int64(0));
  }
  std::vector<int64_t> page;
  int64_t skipped = 0;
  for (const auto& entry : scored) {
    if (!visible.contains(entry.second)) continue;
    if (skipped++ < offset) continue;
    page.push_back(entry.second);
    if (static_cast<int>(page.size()) == limit) break;
  }
  if (page.empty()) return out;
  std::unordered_map<int64_t, PostMatch> loaded;
  {
    auto rows = c.query("SELECT p.id, a.name, p.body FROM posts p JOIN people a ON a.id = p.author_id WHERE p.id IN (" +
                            c.ids_sql() + ")",
                        {store::Param::ids(page)});
    while (rows->next()) loaded[rows->int64(0)] = {rows->int64(0), rows->text(1), rows->text(2)};
  }
  for (int64_t id : page) {
    if (auto found = loaded.find(id); found != loaded.end()) out.push_back(std::move(found->second));
  }
  return out;
}

const Index& index_for(const store::Connection& c) {
  static const SqliteIndex sqlite;
  static const PgIndex postgres;
  if (c.backend() == "postgres") return postgres;
  if (c.backend() != "sqlite") {
    throw store::Failure(ErrorCode::kInternal, "no search index for the " + std::string(c.backend()) + " store");
  }
  return sqlite;
}

void rebuild(store::Connection& c, const Progress& progress) {
  const Index& index = index_for(c);
  index.clear(c);
  index.build(c, progress);
  index.mark_indexed(c, events::last_id(c));
  c.execute(
      "INSERT INTO event_checkpoints (name, last_id) VALUES ('search', ?) "
      "ON CONFLICT (name) DO UPDATE SET last_id = excluded.last_id",
      {events::last_id(c)});
}

bool await_fresh(store::Store& store, std::chrono::milliseconds budget) {
  const auto deadline = std::chrono::steady_clock::now() + budget;
  int64_t target = 0;
  auto indexed = [&]() -> Result<int64_t> {
    return store::read(store, [&](store::Connection& c) -> Result<int64_t> {
      if (target == 0) target = events::last_id(c);
      return c.query_int("SELECT last_id FROM event_checkpoints WHERE name = 'search'").value_or(0);
    });
  };
  for (auto wait = std::chrono::milliseconds(2);; wait = std::min(wait * 2, std::chrono::milliseconds(20))) {
    auto at = indexed();
    if (!at) return false;
    if (*at >= target) return true;
    if (std::chrono::steady_clock::now() + wait > deadline) return false;
    core::IdleWait idle;  // a read's place goes to the next read meanwhile
    std::this_thread::sleep_for(wait);
  }
}

}  // namespace weft::search
