// The PostgreSQL migrations build the same schema as SQLite's: the same tables with the same
// columns and the same named indexes, after the same numbered migrations. Search is where the
// backends differ on purpose (FTS5 tables on SQLite; tsvector tables with GIN on PostgreSQL).
// Runs when WEFT_TEST_POSTGRES_URL names a server (scripts/test.sh starts one).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "core/crypto.h"
#include "store/migrations.h"
#include "store/store.h"

namespace weft::store {
namespace {

using Schema = std::map<std::string, std::set<std::string>>;  // table → columns

bool is_search_table(const std::string& name) {
  return name.find("_fts") != std::string::npos || name.ends_with("_search");
}

Schema sqlite_schema(Connection& c) {
  Schema schema;
  std::vector<std::string> tables;
  {
    auto rows = c.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    while (rows->next()) tables.push_back(rows->text(0));
  }
  for (const auto& table : tables) {
    if (is_search_table(table)) continue;
    auto columns = c.query("SELECT name FROM pragma_table_info(?)", {table});
    while (columns->next()) schema[table].insert(columns->text(0));
  }
  return schema;
}

Schema postgres_schema(Connection& c) {
  Schema schema;
  auto rows = c.query("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'");
  while (rows->next()) {
    if (!is_search_table(rows->text(0))) schema[rows->text(0)].insert(rows->text(1));
  }
  return schema;
}

std::set<std::string> sqlite_indexes(Connection& c) {
  std::set<std::string> out;
  auto rows = c.query("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'");
  while (rows->next()) {
    if (!is_search_table(rows->text(1))) out.insert(rows->text(0));
  }
  return out;
}

std::set<std::string> postgres_indexes(Connection& c) {
  std::set<std::string> out;
  // Primary keys and UNIQUE constraints are SQLite's automatic indexes; skills_name is its
  // case-insensitive UNIQUE (SQLite: a NOCASE column).
  auto rows = c.query(
      "SELECT indexname, tablename FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%\\_pkey' "
      "AND indexname NOT LIKE '%\\_key' AND indexname <> 'skills_name'");
  while (rows->next()) {
    if (!is_search_table(rows->text(1))) out.insert(rows->text(0));
  }
  return out;
}

TEST(SchemaParity, PostgresMigrationsBuildTheSameTablesColumnsAndIndexesAsSqlite) {
  const char* base = std::getenv("WEFT_TEST_POSTGRES_URL");
  if (base == nullptr) GTEST_SKIP() << "PostgreSQL is not available here (WEFT_TEST_POSTGRES_URL)";
  crypto::init();
  ASSERT_EQ(sqlite_migrations().size(), postgres_migrations().size());
  for (std::size_t k = 0; k < sqlite_migrations().size(); ++k) {
    EXPECT_EQ(std::string(sqlite_migrations()[k].name), postgres_migrations()[k].name) << "numbered alike";
  }

  const auto dir = std::filesystem::temp_directory_path() / ("weft-parity-" + crypto::random_hex(8));
  std::filesystem::create_directories(dir);
  const std::string database = "weft_parity_" + crypto::random_hex(8);
  auto admin = open_postgres_unmigrated(std::string(base) + " dbname=postgres");
  ASSERT_TRUE(admin) << admin.error().message;
  (*admin)->connection().execute_script("CREATE DATABASE " + database);
  {
    auto sqlite = open_sqlite((dir / "weft.db").string());
    ASSERT_TRUE(sqlite) << sqlite.error().message;
    auto postgres = open_postgres(std::string(base) + " dbname=" + database);
    ASSERT_TRUE(postgres) << postgres.error().message;
    auto again = open_postgres(std::string(base) + " dbname=" + database);
    ASSERT_TRUE(again) << "a second start finds every migration applied: " << again.error().message;

    Connection& lite = (*sqlite)->connection();
    Connection& pg = (*postgres)->connection();
    const Schema tables = sqlite_schema(lite);
    const std::set<std::string> indexes = sqlite_indexes(lite);
    EXPECT_GT(tables.size(), 30u);
    EXPECT_GT(indexes.size(), 30u);
    EXPECT_EQ(tables, postgres_schema(pg));
    EXPECT_EQ(indexes, postgres_indexes(pg));
    EXPECT_EQ(pg.query_int("SELECT COUNT(*) FROM schema_migrations"),
              static_cast<int64_t>(postgres_migrations().size()));
    for (const char* table : {"people_search", "posts_search", "work_search"}) {
      EXPECT_TRUE(pg.query_int("SELECT 1 FROM information_schema.tables WHERE table_name = ?", {table})) << table;
    }
  }
  (*admin)->connection().execute_script("DROP DATABASE " + database + " WITH (FORCE)");
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace weft::store
