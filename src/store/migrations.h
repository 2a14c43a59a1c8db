// Numbered schema migrations, embedded from src/store/migrations/<backend>/NNNN_name.sql at build
// time and applied in order at start-up; the applied numbers live in the schema_migrations table.
#pragma once

#include <string>
#include <vector>

namespace weft::store {

class Connection;

struct Migration {
  int number;
  const char* name;
  const char* sql;
};

const std::vector<Migration>& sqlite_migrations();
const std::vector<Migration>& postgres_migrations();

// Refuses a store that a newer Weft has migrated past the last migration this one knows (it
// would misread tables it does not know): throws store::Failure with a one-line reason.
void check_not_newer(Connection& c, const std::vector<Migration>& known);

}  // namespace weft::store
