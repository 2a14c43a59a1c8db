#include "transfer/transfer.h"

#include <boost/json.hpp>

#include <algorithm>
#include <map>
#include <tuple>

#include <istream>
#include <ostream>
#include <regex>
#include <set>

#include "core/clock.h"
#include "core/json.h"
#include "search/search.h"

namespace weft::transfer {
namespace {

// Parents before children, so an import satisfies every foreign key as it goes.
const std::vector<std::string>& tables() {
  static const std::vector<std::string> all = {
      "units", "people", "avatars", "skills", "person_skills", "endorsements", "follows", "spaces",
      "space_members", "join_requests", "group_rules", "mail_preferences", "mail_settings", "posts", "mail_inbound",
      "post_reports", "topics",
      "post_topics", "topic_follows",
      "post_mentions", "reactions", "records", "record_access", "record_changes", "record_follows",
      "record_types", "problems", "solutions", "solution_votes", "ideas",
      "idea_votes", "idea_comments", "idea_stages", "proposals", "stances", "pages", "page_revisions",
      "page_watches", "page_comments", "page_links", "expertise_feedback",
      "expert_suggestions", "notifications",
      "events", "event_checkpoints", "meta"};
  return all;
}

// For a space export: which rows of each table belong to the space (one `?1` = the space id).
const std::map<std::string, std::string>& space_filters() {
  // A reshare of a post outside the space stays behind, and so does the thread of replies to it.
  static const std::string space_posts =
      "SELECT id FROM posts WHERE space_id = ?1 AND (reshare_of IS NULL OR reshare_of IN (SELECT id "
      "FROM posts WHERE space_id = ?1)) AND root_id NOT IN (SELECT id FROM posts WHERE space_id = ?1 AND "
      "reshare_of IS NOT NULL AND reshare_of NOT IN (SELECT id FROM posts WHERE space_id = ?1))";
  // The records the space's posts and problems name go along (with their access lists, so that
  // what is hidden stays hidden), but not who follows them.
  static const std::string space_records =
      "SELECT record_id FROM posts WHERE space_id = ?1 AND record_id IS NOT NULL UNION SELECT "
      "record_id FROM problems WHERE space_id = ?1 AND record_id IS NOT NULL";
  static const std::string people =
       "id IN (SELECT created_by FROM spaces WHERE id = ?1 UNION SELECT created_by FROM pages WHERE space_id = ?1 "
       "UNION SELECT updated_by FROM pages WHERE space_id = ?1 UNION "
       "SELECT person_id FROM space_members WHERE space_id = ?1 UNION SELECT author_id FROM "
       "posts WHERE space_id = ?1 UNION SELECT root_author_id FROM posts WHERE space_id = ?1 UNION "
       "SELECT person_id FROM post_mentions WHERE post_id IN (" + space_posts + ") UNION SELECT "
       "person_id FROM reactions WHERE post_id IN (" + space_posts + ") UNION SELECT author_id FROM "
       "problems WHERE space_id = ?1 UNION SELECT s.author_id FROM solutions s JOIN problems p ON "
       "p.id = s.problem_id WHERE p.space_id = ?1 UNION SELECT v.person_id FROM solution_votes v "
       "JOIN solutions s ON s.id = v.solution_id JOIN problems p ON p.id = s.problem_id WHERE "
       "p.space_id = ?1 UNION SELECT author_id FROM ideas WHERE space_id = ?1 UNION SELECT "
       "v.person_id FROM idea_votes v JOIN ideas i ON i.id = v.idea_id WHERE i.space_id = ?1 UNION "
       "SELECT c.author_id FROM idea_comments c JOIN ideas i ON i.id = c.idea_id WHERE i.space_id "
       "= ?1 UNION SELECT st.by_id FROM idea_stages st JOIN ideas i ON i.id = st.idea_id WHERE "
       "i.space_id = ?1 UNION SELECT author_id FROM proposals WHERE space_id = ?1 UNION SELECT "
       "s.person_id FROM stances s JOIN proposals r ON r.id = s.proposal_id WHERE r.space_id = ?1 "
       "UNION SELECT person_id FROM join_requests WHERE space_id = ?1 UNION SELECT owner_id FROM records "
       "WHERE id IN (" + space_records + ") UNION SELECT created_by FROM records WHERE id IN (" +
       space_records + ") UNION SELECT r.author_id FROM page_revisions r JOIN pages g ON g.id = r.page_id WHERE "
       "g.space_id = ?1 UNION SELECT c.author_id FROM page_comments c JOIN pages g ON g.id = c.page_id WHERE "
       "g.space_id = ?1 UNION SELECT w.person_id FROM page_watches w JOIN pages g ON g.id = w.page_id WHERE "
       "g.space_id = ?1)";
  static const std::map<std::string, std::string> filters = {
      {"units", "true"},
      {"people", people},
      {"spaces", "id = ?1"},
      {"space_members", "space_id = ?1"},
      {"join_requests", "space_id = ?1"},
      {"posts", "id IN (" + space_posts + ")"},
      {"post_topics", "post_id IN (" + space_posts + ")"},
      {"post_mentions", "post_id IN (" + space_posts + ")"},
      {"reactions", "post_id IN (" + space_posts + ")"},
      {"records", "id IN (" + space_records + ")"},
      // A person on an access list who does not go along is left off it: their id, free in the
      // store the export goes into, could be given to someone else there.
      {"record_access", "record_id IN (" + space_records + ") AND (principal_type <> 'person' OR principal_id IN "
                        "(SELECT id FROM people WHERE " + people + "))"},
      {"record_changes", "record_id IN (" + space_records + ")"},
      {"problems", "space_id = ?1"},
      {"solutions", "problem_id IN (SELECT id FROM problems WHERE space_id = ?1)"},
      {"solution_votes",
       "solution_id IN (SELECT s.id FROM solutions s JOIN problems p ON p.id = s.problem_id WHERE "
       "p.space_id = ?1)"},
      {"ideas", "space_id = ?1"},
      {"idea_votes", "idea_id IN (SELECT id FROM ideas WHERE space_id = ?1)"},
      {"idea_comments", "idea_id IN (SELECT id FROM ideas WHERE space_id = ?1)"},
      {"idea_stages", "idea_id IN (SELECT id FROM ideas WHERE space_id = ?1)"},
      {"proposals", "space_id = ?1"},
      {"stances", "proposal_id IN (SELECT id FROM proposals WHERE space_id = ?1)"},
      {"pages", "space_id = ?1"},
      {"page_revisions", "page_id IN (SELECT id FROM pages WHERE space_id = ?1)"},
      {"page_watches", "page_id IN (SELECT id FROM pages WHERE space_id = ?1)"},
      {"page_comments", "page_id IN (SELECT id FROM pages WHERE space_id = ?1)"},
      {"page_links", "page_id IN (SELECT id FROM pages WHERE space_id = ?1)"},
  };
  return filters;
}

boost::json::value cell(store::Rows& rows, int column) {
  switch (rows.column_type(column)) {
    case store::Rows::Type::kNull: return nullptr;
    case store::Rows::Type::kInt: return rows.int64(column);
    case store::Rows::Type::kReal: return rows.real(column);
    case store::Rows::Type::kText: return boost::json::string(rows.text(column));
  }
  return nullptr;
}

bool has_column(store::Connection& c, const std::string& table, const std::string& column) {
  auto rows = c.query("SELECT * FROM " + table + " WHERE 1 = 0");
  for (int k = 0; k < rows->column_count(); ++k) {
    if (rows->column_name(k) == column) return true;
  }
  return false;
}

// Each table's columns that refer to its own rows (a reply's post, a unit's parent unit).
std::map<std::string, std::vector<std::string>> self_references(store::Connection& c) {
  std::map<std::string, std::vector<std::string>> out;
  if (c.backend() == "postgres") {
    auto keys = c.query(
        "SELECT c.conrelid::regclass::text, a.attname FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = "
        "c.conrelid AND a.attnum = c.conkey[1] WHERE c.contype = 'f' AND c.conrelid = c.confrelid");
    while (keys->next()) out[keys->text(0)].push_back(keys->text(1));
    return out;
  }
  for (const auto& table : tables()) {
    auto keys = c.query("SELECT \"from\" FROM pragma_foreign_key_list(?) WHERE \"table\" = ?", {table, table});
    while (keys->next()) out[table].push_back(keys->text(0));
  }
  return out;
}

void rebuild_derived(store::Connection& c) {
  c.execute_script(
      "INSERT INTO topics (name) SELECT DISTINCT topic FROM post_topics WHERE true ON CONFLICT DO NOTHING;"
      "INSERT INTO topics (name) SELECT DISTINCT topic FROM topic_follows WHERE true ON CONFLICT DO NOTHING;"
      "UPDATE topics SET post_count = (SELECT COUNT(*) FROM post_topics pt JOIN posts p ON p.id = "
      "pt.post_id WHERE pt.topic = topics.name AND p.audience = 'public' AND p.record_id IS NULL AND "
      "p.deleted_at IS NULL AND p.hidden_at IS NULL), "
      "followers_count = (SELECT COUNT(*) FROM topic_follows tf WHERE tf.topic = topics.name);"
      "UPDATE spaces SET member_count = (SELECT COUNT(*) FROM space_members m WHERE m.space_id = spaces.id);");
  search::rebuild(c);
}

}  // namespace

constexpr int64_t kExportVersion = 2;

Result<ExportSummary> export_jsonl(store::Store& store, std::ostream& out,
                                   std::optional<int64_t> space_id) {
  return store::read(store, [&](store::Connection& c) -> Result<ExportSummary> {
    if (space_id && !c.query_int("SELECT 1 FROM spaces WHERE id = ?", {*space_id})) {
      return not_found("No such space.");
    }
    ExportSummary summary;
    // Version 2 ends with a line that counts the rows, so that a file cut short at a line's end
    // is told from a whole one.
    boost::json::object header{{"type", "weft-export"},
                               {"version", kExportVersion},
                               {"exported_at", clock::rfc3339(clock::now_seconds())}};
    if (space_id) header["space_id"] = std::to_string(*space_id);
    out << json::to_text(header) << '\n';
    // One read transaction: every table from the same moment (PostgreSQL's default, READ
    // COMMITTED, would give each statement its own snapshot).
    c.execute(c.backend() == "postgres" ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN");
    for (const auto& table : tables()) {
      std::string sql = "SELECT * FROM " + table;
      if (space_id) {
        auto filter = space_filters().find(table);
        if (filter == space_filters().end()) continue;
        sql += " WHERE " + filter->second;
      }
      // In id order, as they were made (PostgreSQL reads an updated row from where it now lies).
      if (has_column(c, table, "id")) sql += " ORDER BY id";
      auto rows = sql.find('?') != std::string::npos ? c.query(sql, {*space_id}) : c.query(sql);
      while (rows->next()) {
        boost::json::object row;
        for (int k = 0; k < rows->column_count(); ++k) {
          std::string name = rows->column_name(k);
          if (space_id && table == "people" && name == "password_hash") continue;
          row[name] = cell(*rows, k);
          // A record's default space may be another space, which a space export does not carry.
          if (space_id && table == "records" && name == "space_id" && row[name].is_int64() &&
              row[name].as_int64() != *space_id) {
            row[name] = nullptr;
          }
        }
        out << json::to_text(boost::json::object{{"table", table}, {"row", std::move(row)}}) << '\n';
        ++summary.rows;
      }
    }
    c.execute("COMMIT");
    out << json::to_text(boost::json::object{{"type", "weft-export-end"}, {"rows", summary.rows}}) << '\n';
    return summary;
  });
}

Result<ImportSummary> import_jsonl(store::Store& store, std::istream& in,
                                   const std::function<void(int64_t)>& progress) {
  auto people = store::read(store, [](store::Connection& c) -> Result<int64_t> {
    return c.query_int("SELECT COUNT(*) FROM people").value_or(0);
  });
  if (!people) return std::unexpected(people.error());
  if (*people > 0) return fail(ErrorCode::kConflict, "import needs an empty store");
  std::string line;
  if (!std::getline(in, line)) return invalid("input", "the input is empty");
  int64_t version = 0;
  {
    auto header = json::parse_object(line);
    const auto* type = header ? header->if_contains("type") : nullptr;
    if (!type || !type->is_string() || type->as_string() != "weft-export") {
      return invalid("input", "the first line is not a Weft export header");
    }
    const auto* number = header->if_contains("version");
    version = number && number->is_int64() ? number->as_int64() : 0;
    if (version < 1) return invalid("input", "the export header has no version");
    if (version > kExportVersion) {
      return invalid("input", "the export is version " + std::to_string(version) + ", newer than this Weft reads (" +
                                  std::to_string(kExportVersion) + ")");
    }
  }
  // Version 1 had no end line; from version 2 a file without it was cut short.
  std::optional<int64_t> end_rows;
  const std::set<std::string> known(tables().begin(), tables().end());
  static const std::regex column_name("^[a-z_]{1,40}$");
  ImportSummary summary;
  int64_t line_number = 1;
  // One transaction for the whole file: an import lands completely or not at all.
  {
    auto batch = store::transact(store, [&](store::Connection& c) -> Result<bool> {
      // A new store already holds the checkpoints its migrations set; the export brings its own.
      c.execute("DELETE FROM event_checkpoints");
      c.execute("DELETE FROM mail_settings");  // made by a first start; the export's own comes with it
      // A row may name a row of its own table that comes later in the file (a unit moved under a
      // unit made after it, a page under a newer page): that column is set once all rows are in.
      const auto self_columns = self_references(c);
      std::map<std::string, std::set<int64_t>> seen;  // ids so far, of tables that refer to themselves
      struct Later {
        std::string table, column;
        int64_t id, value;
      };
      std::vector<Later> later;
      for (int64_t k = 1;; ++k) {
        if (k % 10000 == 0 && progress) progress(summary.rows);
        if (!std::getline(in, line)) {
          if (version >= 2 && !end_rows) {
            return invalid("input", "the export ends without its last line after " + std::to_string(summary.rows) +
                                        " rows: the file was cut short");
          }
          for (const auto& l : later) {
            c.execute("UPDATE " + l.table + " SET " + l.column + " = ? WHERE id = ?", {l.value, l.id});
          }
          // Views whose rows an export does not carry start again on the first start: the audit
          // log replays the events, topic_posters is counted from the posts.
          c.execute("DELETE FROM event_checkpoints WHERE name IN ('audit', 'topic_posters')");
          // A photo a space export leaves behind is no photo.
          c.execute("UPDATE people SET avatar_version = NULL WHERE avatar_version IS NOT NULL AND NOT EXISTS (SELECT 1 "
                    "FROM avatars a WHERE a.person_id = people.id)");
          rebuild_derived(c);
          c.reset_id_sequences();  // rows came with their ids (PostgreSQL)
          return true;
        }
        ++line_number;
        if (line.empty()) continue;
        auto record = json::parse_object(line);
        const std::string where = "line " + std::to_string(line_number);
        if (!record) return invalid("input", where + ": " + record.error().message);
        if (end_rows) return invalid("input", where + ": lines after the export's last line");
        if (const auto* type = record->if_contains("type"); type && type->is_string() &&
                                                             type->as_string() == "weft-export-end") {
          const auto* rows = record->if_contains("rows");
          if (!rows || !rows->is_int64() || rows->as_int64() != summary.rows) {
            return invalid("input", where + ": the export's last line counts " +
                                        (rows && rows->is_int64() ? std::to_string(rows->as_int64()) : std::string("no")) +
                                        " rows, but " + std::to_string(summary.rows) + " came before it");
          }
          end_rows = rows->as_int64();
          continue;
        }
        const auto* table = record->if_contains("table");
        const auto* row = record->if_contains("row");
        if (!table || !table->is_string() || !known.contains(std::string(table->as_string())) || !row ||
            !row->is_object()) {
          return invalid("input", where + ": not a row of a known table");
        }
        std::string name(table->as_string());
        const auto self = self_columns.find(name);
        std::optional<int64_t> row_id;
        if (self != self_columns.end()) {
          if (const auto* id = row->as_object().if_contains("id"); id && id->is_int64()) row_id = id->as_int64();
        }
        std::string columns, marks;
        std::vector<std::string> texts;  // keep text alive while bound
        std::vector<store::Param> params;
        texts.reserve(row->as_object().size());
        for (const auto& [key, value] : row->as_object()) {
          std::string column(key);
          if (!std::regex_match(column, column_name)) return invalid("input", where + ": bad column " + column);
          columns += (columns.empty() ? "" : ", ") + column;
          marks += marks.empty() ? "?" : ", ?";
          if (row_id && value.is_int64() && value.as_int64() != *row_id &&
              std::find(self->second.begin(), self->second.end(), column) != self->second.end() &&
              !seen[name].contains(value.as_int64())) {
            later.push_back({name, column, *row_id, value.as_int64()});
            params.emplace_back(nullptr);
          } else if (value.is_int64()) params.emplace_back(value.as_int64());
          else if (value.is_double()) params.emplace_back(value.as_double());
          else if (value.is_string()) params.emplace_back(texts.emplace_back(value.as_string()));
          else if (value.is_null()) params.emplace_back(nullptr);
          else return invalid("input", where + ": column " + column + " has an unsupported value");
        }
        if (name == "people" && !row->as_object().contains("password_hash")) {
          // People from a space export cannot sign in until an admin sets a password.
          columns += ", password_hash";
          marks += ", ?";
          params.emplace_back("!");
        }
        c.execute("INSERT INTO " + name + " (" + columns + ") VALUES (" + marks + ")", params);
        if (row_id) seen[name].insert(*row_id);
        ++summary.rows;
      }
    });
    if (!batch) return std::unexpected(batch.error());
    if (progress) progress(summary.rows);
  }
  return summary;
}

}  // namespace weft::transfer
