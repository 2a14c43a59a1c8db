// The search index on SQLite: three contentful FTS5 tables (migrations 0001, 0003 and 0006).
// - people_fts: rowid = person id; name, handle, title and skills.
// - posts_fts: rowid = post id; the body. It keeps its own copy of each body, so the subscriber
//   can drop a post's old words after the row has changed (an external-content index cannot).
// - work_fts: rowid = kind << 40 | item id; title and body.
// Every query word is required; people and work items match each word as a prefix and rank by
// bm25, posts match the last word as a prefix and rank by weft_rank (store/sqlite/fts_rank.h).
#include "search/sqlite_index.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "core/text.h"
#include "policy/posts.h"
#include "policy/records.h"
#include "policy/spaces.h"

namespace weft::search {
namespace {

constexpr int64_t kShift = int64_t{1} << 40;
constexpr int64_t kIdMask = kShift - 1;
constexpr int64_t kBuildChunk = 20000;  // posts per statement while building

int64_t work_rowid(WorkKind kind, int64_t id) { return (static_cast<int64_t>(kind) << 40) + id; }

struct WorkSource {
  WorkKind kind;
  const char* table;
  const char* title;
  const char* body;
};
constexpr WorkSource kWorkSources[] = {
    {WorkKind::kSpace, "spaces", "name", "purpose"},
    {WorkKind::kProblem, "problems", "title", "body"},
    {WorkKind::kIdea, "ideas", "title", "body"},
    {WorkKind::kProposal, "proposals", "title", "body"},
    {WorkKind::kRecord, "records", "title", "search_text"},
    {WorkKind::kPage, "pages", "title", "body"},
};
const WorkSource& source_of(WorkKind kind) { return kWorkSources[static_cast<int64_t>(kind) - 1]; }

constexpr const char* kPersonRow =
    "SELECT p.id, p.name, p.handle, p.title, COALESCE((SELECT group_concat(s.name, ' ') FROM "
    "person_skills ps JOIN skills s ON s.id = ps.skill_id WHERE ps.person_id = p.id), '') FROM people p";

}  // namespace

std::vector<std::string> query_words(const std::string& text) {
  // Each word becomes a prefix term; a query of many short words fans out over most of the index,
  // so only kMaxQueryWords words are used, and one-letter words only when nothing longer is given.
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  for (unsigned char ch : text) {
    // Letters, digits and any non-ASCII byte are part of a word; so are the handle characters.
    if (std::isalnum(ch) || ch >= 0x80 || ch == '.' || ch == '_' || ch == '-') {
      word += static_cast<char>(ch);
    } else {
      flush();
    }
  }
  flush();
  const bool has_long = std::any_of(words.begin(), words.end(), [](const auto& w) { return w.size() > 1; });
  std::vector<std::string> kept;
  for (auto& w : words) {
    if (has_long && w.size() == 1) continue;
    if (static_cast<int>(kept.size()) == kMaxQueryWords) break;
    kept.push_back(std::move(w));
  }
  return kept;
}

std::string fts_prefix_query(const std::string& text, bool every_word) {
  const std::vector<std::string> words = query_words(text);
  std::string out;
  for (std::size_t k = 0; k < words.size(); ++k) {
    if (!out.empty()) out += ' ';
    out += '"' + words[k] + (every_word || k + 1 == words.size() ? "\"*" : "\"");
  }
  return out;
}

void SqliteIndex::apply(store::Connection& c, const Changes& changes) const {
  std::vector<int64_t> posts = changes.posts;
  for (int64_t root : changes.threads) {
    auto rows = c.query("SELECT id FROM posts WHERE root_id = ? OR id = ?", {root, root});
    while (rows->next()) posts.push_back(rows->int64(0));
  }
  std::sort(posts.begin(), posts.end());
  posts.erase(std::unique(posts.begin(), posts.end()), posts.end());
  for (int64_t id : posts) {
    c.execute("DELETE FROM search.posts_fts WHERE rowid = ?", {id});
    c.execute("INSERT INTO search.posts_fts (rowid, body) SELECT id, body FROM posts WHERE id = ? AND deleted_at IS NULL",
              {id});
  }
  for (int64_t id : changes.people) {
    c.execute("DELETE FROM search.people_fts WHERE rowid = ?", {id});
    c.execute(std::string("INSERT INTO search.people_fts (rowid, name, handle, title, skills) ") + kPersonRow +
                  " WHERE p.id = ?",
              {id});
  }
  for (auto [kind, id] : changes.work) {
    const WorkSource& source = source_of(kind);
    c.execute("DELETE FROM search.work_fts WHERE rowid = ?", {work_rowid(kind, id)});
    c.execute(std::string("INSERT INTO search.work_fts (rowid, title, body) SELECT ? + id, ") + source.title + ", " +
                  source.body + " FROM " + source.table + " WHERE id = ?",
              {work_rowid(kind, 0), id});
  }
}

void SqliteIndex::mark_indexed(store::Connection& c, int64_t event_id) const {
  c.execute(
      "INSERT INTO search.indexed_through (id, last_id) VALUES (1, ?) "
      "ON CONFLICT (id) DO UPDATE SET last_id = excluded.last_id",
      {event_id});
}

void SqliteIndex::clear(store::Connection& c) const {
  c.execute_script("DELETE FROM search.people_fts; DELETE FROM search.posts_fts; DELETE FROM search.work_fts;");
}

void SqliteIndex::build(store::Connection& c, const Progress& progress) const {
  const int64_t people = c.query_int("SELECT COUNT(*) FROM people").value_or(0);
  const int64_t posts = c.query_int("SELECT COUNT(*) FROM posts").value_or(0);
  int64_t work = 0;
  for (const auto& source : kWorkSources) {
    work += c.query_int(std::string("SELECT COUNT(*) FROM ") + source.table).value_or(0);
  }
  const int64_t total = people + posts + work;
  int64_t done = 0;
  auto report = [&](int64_t n) {
    done += n;
    if (progress) progress(std::min(done, total), total);
  };
  c.execute(std::string("INSERT INTO search.people_fts (rowid, name, handle, title, skills) ") + kPersonRow);
  report(people);
  for (const auto& source : kWorkSources) {
    c.execute(std::string("INSERT INTO search.work_fts (rowid, title, body) SELECT ? + id, ") + source.title + ", " +
                  source.body + " FROM " + source.table,
              {work_rowid(source.kind, 0)});
  }
  report(work);
  const int64_t last = c.query_int("SELECT COALESCE(MAX(id), 0) FROM posts").value_or(0);
  for (int64_t from = 0; from < last; from += kBuildChunk) {
    c.execute(
        "INSERT INTO search.posts_fts (rowid, body) SELECT id, body FROM posts WHERE id > ? AND id <= ? AND "
        "deleted_at IS NULL",
        {from, from + kBuildChunk});
    report(c.query_int("SELECT COUNT(*) FROM posts WHERE id > ? AND id <= ?", {from, from + kBuildChunk})
               .value_or(0));
  }
}

bool SqliteIndex::matchable(const std::string& q) const { return !fts_prefix_query(q).empty(); }

std::string SqliteIndex::people_matching(std::vector<store::Param>& params, const std::string& q,
                                         const std::string& id_column) const {
  params.push_back(store::Param::owned(fts_prefix_query(q)));
  return id_column + " IN (SELECT rowid FROM search.people_fts WHERE people_fts MATCH ?)";
}

std::string SqliteIndex::spaces_matching(std::vector<store::Param>& params, const std::string& q,
                                         const std::string& id_column) const {
  params.emplace_back(work_rowid(WorkKind::kSpace, 0));
  params.push_back(store::Param::owned(fts_prefix_query(q)));
  params.emplace_back(work_rowid(WorkKind::kSpace, 0));
  params.emplace_back(work_rowid(WorkKind::kSpace, kIdMask));
  return id_column + " IN (SELECT rowid - ? FROM search.work_fts WHERE work_fts MATCH ? AND rowid BETWEEN ? AND ?)";
}

std::vector<WorkMatch> SqliteIndex::work(store::Connection& c, const Viewer& viewer, const std::string& q,
                                         const std::vector<WorkKind>& kinds, int limit,
                                         int64_t offset) const {
  std::vector<WorkMatch> out;
  const std::string match = fts_prefix_query(q);
  if (match.empty() || kinds.empty()) return out;
  std::vector<store::Param> params{match};
  // Each kind is seen where its space's rule allows: the space itself, or its content.
  std::string sql =
      "SELECT w.rowid >> 40, w.rowid & 1099511627775, w.title, w.body FROM search.work_fts w "
      "LEFT JOIN spaces s ON (w.rowid >> 40) = 1 AND s.id = (w.rowid & 1099511627775) "
      "LEFT JOIN problems pr ON (w.rowid >> 40) = 2 AND pr.id = (w.rowid & 1099511627775) "
      "LEFT JOIN ideas i ON (w.rowid >> 40) = 3 AND i.id = (w.rowid & 1099511627775) "
      "LEFT JOIN proposals pp ON (w.rowid >> 40) = 4 AND pp.id = (w.rowid & 1099511627775) "
      "LEFT JOIN records rc ON (w.rowid >> 40) = 5 AND rc.id = (w.rowid & 1099511627775) "
      "LEFT JOIN pages pg ON (w.rowid >> 40) = 6 AND pg.id = (w.rowid & 1099511627775) "
      "WHERE work_fts MATCH ? AND (";
  bool first = true;
  for (WorkKind kind : kinds) {
    sql += first ? "" : " OR ";
    first = false;
    sql += "(w.rowid BETWEEN ? AND ? AND ";
    params.emplace_back(work_rowid(kind, 0));
    params.emplace_back(work_rowid(kind, kIdMask));
    switch (kind) {
      case WorkKind::kSpace: sql += policy::append(params, policy::visible_spaces(viewer, "s")); break;
      case WorkKind::kProblem:
        sql += policy::append(params, policy::space_content(viewer, "pr.space_id"));
        sql += " AND " + policy::append(params, policy::record_gate(viewer, "pr.record_id"));
        break;
      case WorkKind::kIdea: sql += policy::append(params, policy::space_content(viewer, "i.space_id")); break;
      case WorkKind::kProposal: sql += policy::append(params, policy::space_content(viewer, "pp.space_id")); break;
      case WorkKind::kRecord: sql += policy::append(params, policy::visible_records(viewer, "rc")); break;
      case WorkKind::kPage:
        sql += policy::append(params, policy::space_content(viewer, "pg.space_id"));
        sql += " AND " + policy::append(params, policy::page_gate(viewer, "pg"));
        break;
    }
    sql += ")";
  }
  sql += ") ORDER BY rank LIMIT ? OFFSET ?";
  params.emplace_back(limit);
  params.emplace_back(offset);
  auto rows = c.query(sql, params);
  while (rows->next()) {
    out.push_back({static_cast<WorkKind>(rows->int64(0)), rows->int64(1), rows->text(2), rows->text(3)});
  }
  return out;
}

std::vector<PostMatch> SqliteIndex::posts(store::Connection& c, const Viewer& viewer, const std::string& q,
                                          int64_t window, int limit, int64_t offset) const {
  std::vector<PostMatch> out;
  const std::string match = fts_prefix_query(q, false);
  if (match.empty()) return out;
  // One pass over the index: FTS5 walks matches newest first cheaply, so the newest `window` of
  // them are scored (weft_rank, store/sqlite/fts_rank.h) and ranked here.
  std::vector<std::pair<double, int64_t>> scored;
  {
    auto rows = c.query(
        "SELECT rowid, weft_rank(posts_fts) FROM search.posts_fts WHERE posts_fts MATCH ? ORDER BY rowid DESC LIMIT ?",
        {match, window});
    while (rows->next()) scored.emplace_back(rows->real(1), rows->int64(0));
  }
  return visible_post_page(c, viewer, std::move(scored), limit, offset);
}

}  // namespace weft::search
