#include "search/search.h"

#include <thread>

#include "events/event_log.h"
#include "search/pg_index.h"
#include "search/sqlite_index.h"

namespace weft::search {

const char* work_kind_name(WorkKind kind) {
  switch (kind) {
    case WorkKind::kSpace: return "space";
    case WorkKind::kProblem: return "problem";
    case WorkKind::kIdea: return "idea";
    case WorkKind::kProposal: return "proposal";
  }
  return "space";
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
    std::this_thread::sleep_for(wait);
  }
}

}  // namespace weft::search
