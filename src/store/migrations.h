// Numbered schema migrations, embedded from src/store/migrations/<backend>/NNNN_name.sql at build
// time and applied in order at start-up; the applied numbers live in the schema_migrations table.
#pragma once

#include <string>
#include <vector>

namespace weft::store {

struct Migration {
  int number;
  const char* name;
  const char* sql;
};

const std::vector<Migration>& sqlite_migrations();
const std::vector<Migration>& postgres_migrations();

}  // namespace weft::store
