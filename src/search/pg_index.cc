// The search index on PostgreSQL: three tables of tsvector documents with GIN indexes (migrations
// postgres/0001, 0002 and 0003), written by the same "search" subscriber as SQLite's FTS5 tables.
// - people_search: person_id; name, handle, title and skills.
// - posts_search: post_id; the body.
// - work_search: key = kind << 40 | item id; the title (weight A) and body (weight B).
// The 'weft_search' configuration (postgres/0030): words are lower-cased and their accents folded,
// not stemmed, as SQLite's unicode61 with remove_diacritics does.
// Every query word is required; people and work items match each word as a prefix, posts only
// the last one, and results rank by ts_rank.
#include "search/pg_index.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "policy/posts.h"
#include "policy/records.h"
#include "policy/spaces.h"

namespace weft::search {
namespace {

constexpr int64_t kShift = int64_t{1} << 40;
constexpr int64_t kIdMask = kShift - 1;
constexpr int64_t kBuildChunk = 20000;  // posts per statement while building

int64_t work_key(WorkKind kind, int64_t id) { return (static_cast<int64_t>(kind) << 40) + id; }

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

constexpr const char* kPersonDocument =
    "SELECT p.id, to_tsvector('weft_search', p.name || ' ' || p.handle || ' ' || p.title || ' ' || "
    "COALESCE((SELECT string_agg(s.name, ' ') FROM person_skills ps JOIN skills s ON s.id = ps.skill_id "
    "WHERE ps.person_id = p.id), '')) FROM people p";

std::string work_document(const WorkSource& source) {
  return std::string("setweight(to_tsvector('weft_search', ") + source.title + "), 'A') || setweight(to_tsvector('weft_search', " +
         source.body + "), 'B')";
}

}  // namespace

std::string tsquery_text(const std::string& text, bool every_word) {
  const std::vector<std::string> words = query_words(text);
  std::string out;
  for (std::size_t k = 0; k < words.size(); ++k) {
    if (!out.empty()) out += " & ";
    std::string quoted = "'";
    for (char ch : words[k]) {
      if (ch == '\'' || ch == '\\') quoted += ch;  // (query_words keeps neither; doubled if it did)
      quoted += ch;
    }
    quoted += '\'';
    out += quoted + (every_word || k + 1 == words.size() ? ":*" : "");
  }
  return out;
}

void PgIndex::apply(store::Connection& c, const Changes& changes) const {
  std::vector<int64_t> posts = changes.posts;
  for (int64_t root : changes.threads) {
    auto rows = c.query("SELECT id FROM posts WHERE root_id = ? OR id = ?", {root, root});
    while (rows->next()) posts.push_back(rows->int64(0));
  }
  std::sort(posts.begin(), posts.end());
  posts.erase(std::unique(posts.begin(), posts.end()), posts.end());
  for (int64_t id : posts) {
    c.execute("DELETE FROM posts_search WHERE post_id = ?", {id});
    c.execute(
        "INSERT INTO posts_search (post_id, document) SELECT id, to_tsvector('weft_search', body) FROM posts "
        "WHERE id = ? AND deleted_at IS NULL",
        {id});
  }
  for (int64_t id : changes.people) {
    c.execute("DELETE FROM people_search WHERE person_id = ?", {id});
    c.execute(std::string("INSERT INTO people_search (person_id, document) ") + kPersonDocument + " WHERE p.id = ?",
              {id});
  }
  for (auto [kind, id] : changes.work) {
    const WorkSource& source = source_of(kind);
    c.execute("DELETE FROM work_search WHERE key = ?", {work_key(kind, id)});
    c.execute("INSERT INTO work_search (key, document) SELECT ? + id, " + work_document(source) + " FROM " +
                  source.table + " WHERE id = ?",
              {work_key(kind, 0), id});
  }
}

void PgIndex::clear(store::Connection& c) const {
  c.execute_script("DELETE FROM people_search; DELETE FROM posts_search; DELETE FROM work_search;");
}

void PgIndex::build(store::Connection& c, const Progress& progress) const {
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
  c.execute(std::string("INSERT INTO people_search (person_id, document) ") + kPersonDocument);
  report(people);
  for (const auto& source : kWorkSources) {
    c.execute("INSERT INTO work_search (key, document) SELECT ? + id, " + work_document(source) + " FROM " +
                  source.table,
              {work_key(source.kind, 0)});
  }
  report(work);
  const int64_t last = c.query_int("SELECT COALESCE(MAX(id), 0) FROM posts").value_or(0);
  for (int64_t from = 0; from < last; from += kBuildChunk) {
    c.execute(
        "INSERT INTO posts_search (post_id, document) SELECT id, to_tsvector('weft_search', body) FROM posts "
        "WHERE id > ? AND id <= ? AND deleted_at IS NULL",
        {from, from + kBuildChunk});
    report(c.query_int("SELECT COUNT(*) FROM posts WHERE id > ? AND id <= ?", {from, from + kBuildChunk})
               .value_or(0));
  }
}

bool PgIndex::matchable(const std::string& q) const { return !tsquery_text(q).empty(); }

std::string PgIndex::people_matching(std::vector<store::Param>& params, const std::string& q,
                                     const std::string& id_column) const {
  params.push_back(store::Param::owned(tsquery_text(q)));
  return id_column + " IN (SELECT person_id FROM people_search WHERE document @@ to_tsquery('weft_search', ?))";
}

std::string PgIndex::spaces_matching(std::vector<store::Param>& params, const std::string& q,
                                     const std::string& id_column) const {
  params.emplace_back(work_key(WorkKind::kSpace, 0));
  params.push_back(store::Param::owned(tsquery_text(q)));
  params.emplace_back(work_key(WorkKind::kSpace, 0));
  params.emplace_back(work_key(WorkKind::kSpace, kIdMask));
  return id_column +
         " IN (SELECT key - ? FROM work_search WHERE document @@ to_tsquery('weft_search', ?) AND key BETWEEN ? AND ?)";
}

std::vector<WorkMatch> PgIndex::work(store::Connection& c, const Viewer& viewer, const std::string& q,
                                     const std::vector<WorkKind>& kinds, int limit, int64_t offset) const {
  std::vector<WorkMatch> out;
  const std::string match = tsquery_text(q);
  if (match.empty() || kinds.empty()) return out;
  std::vector<store::Param> params{store::Param::owned(match)};
  // Each kind is seen where its space's rule allows: the space itself, or its content.
  std::string sql =
      "SELECT w.key >> 40, w.key & 1099511627775, COALESCE(s.name, pr.title, i.title, pp.title, rc.title, pg.title), "
      "COALESCE(s.purpose, pr.body, i.body, pp.body, rc.search_text, pg.body), ts_rank(w.document, query) AS score "
      "FROM work_search w CROSS JOIN to_tsquery('weft_search', ?) query "
      "LEFT JOIN spaces s ON (w.key >> 40) = 1 AND s.id = (w.key & 1099511627775) "
      "LEFT JOIN problems pr ON (w.key >> 40) = 2 AND pr.id = (w.key & 1099511627775) "
      "LEFT JOIN ideas i ON (w.key >> 40) = 3 AND i.id = (w.key & 1099511627775) "
      "LEFT JOIN proposals pp ON (w.key >> 40) = 4 AND pp.id = (w.key & 1099511627775) "
      "LEFT JOIN records rc ON (w.key >> 40) = 5 AND rc.id = (w.key & 1099511627775) "
      "LEFT JOIN pages pg ON (w.key >> 40) = 6 AND pg.id = (w.key & 1099511627775) "
      "WHERE w.document @@ query AND (";
  bool first = true;
  for (WorkKind kind : kinds) {
    sql += first ? "" : " OR ";
    first = false;
    sql += "(w.key BETWEEN ? AND ? AND ";
    params.emplace_back(work_key(kind, 0));
    params.emplace_back(work_key(kind, kIdMask));
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
  sql += ") ORDER BY score DESC, w.key DESC LIMIT ? OFFSET ?";
  params.emplace_back(limit);
  params.emplace_back(offset);
  auto rows = c.query(sql, params);
  while (rows->next()) {
    out.push_back({static_cast<WorkKind>(rows->int64(0)), rows->int64(1), rows->text(2), rows->text(3)});
  }
  return out;
}

std::vector<PostMatch> PgIndex::posts(store::Connection& c, const Viewer& viewer, const std::string& q,
                                      int64_t window, int limit, int64_t offset) const {
  std::vector<PostMatch> out;
  const std::string match = tsquery_text(q, false);
  if (match.empty()) return out;
  // The newest `window` matches, scored; then which of them the viewer may see; then the page.
  std::vector<std::pair<double, int64_t>> scored;
  {
    auto rows = c.query(
        "SELECT post_id, ts_rank(document, query) FROM posts_search, to_tsquery('weft_search', ?) query "
        "WHERE document @@ query ORDER BY post_id DESC LIMIT ?",
        {store::Param::owned(match), window});
    while (rows->next()) scored.emplace_back(rows->real(1), rows->int64(0));
  }
  return visible_post_page(c, viewer, std::move(scored), limit, offset);
}

}  // namespace weft::search
