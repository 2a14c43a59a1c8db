#include "queries/search.h"

#include "core/text.h"
#include "policy/posts.h"
#include "queries/people.h"

namespace weft::queries {
namespace {
constexpr std::string_view kOpen = "\xEE\x80\x80";   // U+E000
constexpr std::string_view kClose = "\xEE\x80\x81";  // U+E001
constexpr int kPeopleOnMixedPage = 3;
// Ranking every match of a common word in millions of posts costs hundreds of milliseconds, so
// posts are ranked among the most recent matches only (FTS5 walks matches newest-first cheaply).
constexpr int kRankedWindow = 5000;
}  // namespace

std::string marked_snippet(const std::string& raw) {
  std::string escaped = text::html_escape(raw);
  std::string out;
  out.reserve(escaped.size() + 32);
  for (std::size_t i = 0; i < escaped.size();) {
    std::string_view rest = std::string_view(escaped).substr(i);
    if (rest.starts_with(kOpen)) {
      out += "<mark>";
      i += kOpen.size();
    } else if (rest.starts_with(kClose)) {
      out += "</mark>";
      i += kClose.size();
    } else {
      out += escaped[i++];
    }
  }
  return out;
}

Result<cursor::Page<SearchHit>> search(store::Store& store, const Viewer& viewer,
                                       const std::string& q, const std::string& type,
                                       const cursor::PageRequest& page) {
  const int64_t offset = page.after.empty() ? 0 : std::atoll(page.after[0].c_str());
  cursor::Page<SearchHit> result;
  const bool want_people = type.empty() || type == "person";
  const bool want_posts = type.empty() || type == "post";
  if (want_people && (type == "person" || offset == 0)) {
    PeopleFilter filter{.q = q};
    cursor::PageRequest people_page{.limit = type == "person" ? page.limit : kPeopleOnMixedPage};
    if (type == "person" && !page.after.empty()) {
      // Person-only pages continue by offset: skip what earlier pages showed.
      people_page.limit = page.limit + static_cast<int>(offset);
    }
    WEFT_ASSIGN_OR_RETURN(auto people, queries::people(store, viewer, filter, people_page));
    std::size_t skip = type == "person" ? static_cast<std::size_t>(offset) : 0;
    for (std::size_t i = skip; i < people.items.size(); ++i) {
      const auto& person = people.items[i];
      std::string snippet = text::html_escape(person.title);
      result.items.push_back({"person", person.id, person.name, snippet});
    }
    if (type == "person" && people.next_cursor) {
      result.next_cursor = cursor::encode({std::to_string(offset + page.limit)});
    }
  }
  if (!want_posts) return result;
  std::string match = fts_prefix_query(q);
  if (match.empty()) return result;
  return store::read(store, [&](store::Connection& c) -> Result<cursor::Page<SearchHit>> {
    // Params keep views: the marker strings must outlive the query.
    const std::string open(kOpen), close(kClose);
    const int64_t oldest = c.query_int(
        "SELECT rowid FROM posts_fts WHERE posts_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
        {match, kRankedWindow - 1}).value_or(0);
    std::vector<store::Param> params{open, close, match, oldest};
    std::string sql =
        "SELECT p.id, a.name, snippet(posts_fts, 0, ?, ?, '…', 24) FROM posts_fts JOIN posts p ON "
        "p.id = posts_fts.rowid JOIN people a ON a.id = p.author_id WHERE posts_fts MATCH ? AND "
        "posts_fts.rowid >= ? AND " +
        policy::append(params, policy::visible_posts(viewer)) + " ORDER BY rank LIMIT ? OFFSET ?";
    params.emplace_back(page.limit + 1);
    params.emplace_back(offset);
    auto rows = c.query(sql, params);
    int count = 0;
    while (rows->next()) {
      if (++count > page.limit) {
        result.next_cursor = cursor::encode({std::to_string(offset + page.limit)});
        break;
      }
      result.items.push_back({"post", rows->int64(0), rows->text(1), marked_snippet(rows->text(2))});
    }
    return result;
  });
}

}  // namespace weft::queries
