#include "store/sqlite/fts_rank.h"

#include <sqlite3.h>

#include <vector>

namespace weft::store {
namespace {

constexpr double kK1 = 1.2;
constexpr double kB = 0.75;

void weft_rank(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* context, int, sqlite3_value**) {
  const int phrases = api->xPhraseCount(fts);
  int instances = 0;
  if (api->xInstCount(fts, &instances) != SQLITE_OK) {
    sqlite3_result_error(context, "weft_rank: cannot count matches", -1);
    return;
  }
  std::vector<int> tf(static_cast<std::size_t>(phrases > 0 ? phrases : 0), 0);
  for (int i = 0; i < instances; ++i) {
    int phrase = 0, column = 0, offset = 0;
    if (api->xInst(fts, i, &phrase, &column, &offset) == SQLITE_OK && phrase >= 0 && phrase < phrases) {
      ++tf[static_cast<std::size_t>(phrase)];
    }
  }
  int length = 0;
  sqlite3_int64 rows = 0, total = 0;
  api->xColumnSize(fts, -1, &length);
  api->xRowCount(fts, &rows);
  api->xColumnTotalSize(fts, -1, &total);
  const double average = rows > 0 && total > 0 ? static_cast<double>(total) / static_cast<double>(rows) : 1.0;
  const double norm = kK1 * (1 - kB + kB * static_cast<double>(length) / average);
  double score = 0;
  for (int count : tf) score += count * (kK1 + 1) / (count + norm);
  sqlite3_result_double(context, score);
}

fts5_api* fts5_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(statement, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(statement);
  }
  sqlite3_finalize(statement);
  return api;
}

}  // namespace

bool register_fts_rank(sqlite3* db) {
  fts5_api* api = fts5_of(db);
  if (api == nullptr || api->iVersion < 2) return false;
  return api->xCreateFunction(api, "weft_rank", nullptr, &weft_rank, nullptr) == SQLITE_OK;
}

}  // namespace weft::store
