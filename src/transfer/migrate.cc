// weft migrate-store: an organization moves from its SQLite file to PostgreSQL.
//
// The tables to copy are those both schemas have (the search tables differ by design and are
// indexed afresh), ordered parents first by the target's foreign keys. Rows go in id order (a
// reply after the post it answers), as COPY text, in batches, all in one transaction. A table
// that refers to itself with a later row (a unit moved under a unit created after it) gets that
// column in a second pass.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>

#include "search/search.h"
#include "transfer/transfer.h"

namespace weft::transfer {
namespace {

constexpr std::size_t kBatchBytes = 4 << 20;

std::vector<std::string> column_names(store::Connection& c, const std::string& table) {
  auto rows = c.query("SELECT * FROM " + table + " WHERE 1 = 0");
  std::vector<std::string> names;
  for (int k = 0; k < rows->column_count(); ++k) names.push_back(rows->column_name(k));
  return names;
}

std::set<std::string> tables_of(store::Connection& c) {
  std::set<std::string> names;
  auto rows = c.backend() == "postgres"
                  ? c.query("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                            "AND table_type = 'BASE TABLE'")
                  : c.query("SELECT name FROM sqlite_master WHERE type = 'table'");
  while (rows->next()) names.insert(rows->text(0));
  return names;
}

// COPY text format: backslash, tab, newline and carriage return escaped; NULL is \N.
void append_copy_text(std::string& out, std::string_view text) {
  for (char ch : text) {
    switch (ch) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += ch;
    }
  }
}

void append_value(std::string& out, store::Rows& rows, int column) {
  switch (rows.column_type(column)) {
    case store::Rows::Type::kNull: out += "\\N"; break;
    case store::Rows::Type::kInt: out += std::to_string(rows.int64(column)); break;
    case store::Rows::Type::kReal: {
      char buffer[40];
      std::snprintf(buffer, sizeof buffer, "%.17g", rows.real(column));
      out += buffer;
      break;
    }
    case store::Rows::Type::kText: append_copy_text(out, rows.text(column)); break;
  }
}

}  // namespace

Result<MigrateSummary> migrate_store(store::Store& from, store::Store& to,
                                     const std::function<void(int64_t, int64_t, const std::string&)>& progress) {
  const auto started = std::chrono::steady_clock::now();
  if (to.backend() != "postgres") return invalid("to", "the target must be PostgreSQL");
  if (from.backend() != "sqlite") return invalid("from", "the source must be a SQLite store");

  // What to copy, parents first; which self-references point forward.
  struct Table {
    std::string name;
    std::vector<std::string> columns;
    int64_t rows = 0;
    std::vector<std::string> later_self_references;  // columns filled in a second pass
  };
  std::vector<Table> plan;
  int64_t total = 0;
  {
    auto target = store::read(to, [&](store::Connection& t) -> Result<std::vector<Table>> {
      std::set<std::string> source_tables = store::read(from, [&](store::Connection& s) -> Result<std::set<std::string>> {
        return tables_of(s);
      }).value_or(std::set<std::string>{});
      std::set<std::string> names;
      for (const auto& name : tables_of(t)) {
        if (name != "schema_migrations" && source_tables.contains(name) && !name.ends_with("_fts")) names.insert(name);
      }
      // Foreign keys between different tables, and each table's self-references.
      std::map<std::string, std::set<std::string>> parents;
      std::map<std::string, std::vector<std::string>> self_columns;
      auto keys = t.query(
          "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text, a.attname FROM pg_constraint c "
          "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] WHERE c.contype = 'f'");
      while (keys->next()) {
        std::string child = keys->text(0), parent = keys->text(1);
        if (child == parent) self_columns[child].push_back(keys->text(2));
        else parents[child].insert(parent);
      }
      std::vector<Table> ordered;
      std::set<std::string> placed;
      while (placed.size() < names.size()) {
        bool progressed = false;
        for (const auto& name : names) {
          if (placed.contains(name)) continue;
          bool ready = true;
          for (const auto& parent : parents[name]) ready = ready && (placed.contains(parent) || !names.contains(parent));
          if (!ready) continue;
          Table table{name, column_names(t, name)};
          for (const auto& column : self_columns[name]) table.later_self_references.push_back(column);
          ordered.push_back(std::move(table));
          placed.insert(name);
          progressed = true;
        }
        if (!progressed) return fail(ErrorCode::kInternal, "the tables' foreign keys form a cycle");
      }
      // The target must be empty (its migrations' own checkpoint rows aside).
      for (const auto& table : ordered) {
        if (table.name == "event_checkpoints") continue;
        if (t.query_int("SELECT 1 FROM " + table.name + " LIMIT 1")) {
          return fail(ErrorCode::kConflict, "the target database already holds data (table " + table.name +
                                                "): migrate-store fills an empty database only");
        }
      }
      return ordered;
    });
    if (!target) return std::unexpected(target.error());
    plan = std::move(*target);
  }
  auto counted = store::read(from, [&](store::Connection& s) -> Result<bool> {
    for (auto& table : plan) {
      auto source_columns = column_names(s, table.name);
      std::set<std::string> present(source_columns.begin(), source_columns.end());
      std::erase_if(table.columns, [&](const std::string& column) { return !present.contains(column); });
      table.rows = s.query_int("SELECT COUNT(*) FROM " + table.name).value_or(0);
      total += table.rows;
      // A forward self-reference (parent created after child) is set in a second pass.
      std::erase_if(table.later_self_references, [&](const std::string& column) {
        return !present.contains(column) || present.contains("id") == false ||
               s.query_int("SELECT 1 FROM " + table.name + " WHERE " + column + " > id LIMIT 1") == std::nullopt;
      });
    }
    return true;
  });
  if (!counted) return std::unexpected(counted.error());

  MigrateSummary summary;
  int64_t done = 0;
  auto copied = store::transact(to, [&](store::Connection& t) -> Result<bool> {
    t.execute("DELETE FROM event_checkpoints");  // the source's own come with it
    for (const auto& table : plan) {
      std::string columns;
      for (const auto& column : table.columns) columns += (columns.empty() ? "" : ", ") + column;
      const bool has_id = std::find(table.columns.begin(), table.columns.end(), "id") != table.columns.end();
      std::vector<int> deferred;  // column positions written as NULL in the first pass
      for (std::size_t k = 0; k < table.columns.size(); ++k) {
        if (std::find(table.later_self_references.begin(), table.later_self_references.end(), table.columns[k]) !=
            table.later_self_references.end()) {
          deferred.push_back(static_cast<int>(k));
        }
      }
      auto result = store::read(from, [&](store::Connection& s) -> Result<bool> {
        auto rows = s.query("SELECT " + columns + " FROM " + table.name + (has_id ? " ORDER BY id" : ""));
        std::string data;
        int64_t in_batch = 0;
        auto flush = [&] {
          if (data.empty()) return;
          t.copy_in(table.name, columns, data);
          done += in_batch;
          if (progress) progress(done, total, table.name);
          data.clear();
          in_batch = 0;
        };
        const int n = static_cast<int>(table.columns.size());
        while (rows->next()) {
          for (int k = 0; k < n; ++k) {
            if (k > 0) data += '\t';
            if (std::find(deferred.begin(), deferred.end(), k) != deferred.end()) data += "\\N";
            else append_value(data, *rows, k);
          }
          data += '\n';
          ++in_batch;
          if (data.size() >= kBatchBytes) flush();
        }
        flush();
        for (int k : deferred) {
          auto later = s.query("SELECT id, " + table.columns[k] + " FROM " + table.name + " WHERE " +
                               table.columns[k] + " IS NOT NULL");
          while (later->next()) {
            t.execute("UPDATE " + table.name + " SET " + table.columns[k] + " = ? WHERE id = ?",
                      {later->int64(1), later->int64(0)});
          }
        }
        return true;
      });
      if (!result) return std::unexpected(result.error());
    }
    t.reset_id_sequences();
    if (progress) progress(total, total, "search index");
    search::rebuild(t);
    // Each table holds as many rows as its source.
    for (const auto& table : plan) {
      const int64_t copied_rows = t.query_int("SELECT COUNT(*) FROM " + table.name).value_or(-1);
      if (copied_rows != table.rows) {
        return fail(ErrorCode::kInternal, "table " + table.name + ": " + std::to_string(table.rows) +
                                              " rows in the source, " + std::to_string(copied_rows) +
                                              " in the target; nothing was kept");
      }
      summary.tables.emplace_back(table.name, table.rows);
      summary.rows += table.rows;
    }
    return true;
  });
  if (!copied) return std::unexpected(copied.error());
  // The planner knows nothing of rows it did not see written one by one until autovacuum gets
  // round to each table (many minutes for the largest): until then it guesses, and a range over
  // the log's newest events becomes a scan of all of them. So the statistics are gathered now.
  if (progress) progress(total, total, "statistics");
  auto analyzed = store::transact(to, [](store::Connection& t) -> Result<bool> {
    t.execute("ANALYZE");
    return true;
  });
  if (!analyzed) return std::unexpected(analyzed.error());
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace weft::transfer
