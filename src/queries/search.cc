#include "queries/search.h"

#include "core/text.h"
#include "policy/spaces.h"
#include "queries/people.h"
#include "search/search.h"

namespace weft::queries {
namespace {
constexpr int kPeopleOnMixedPage = 3;

// The query's words, lowercased (letters and digits; other bytes split words).
std::vector<std::string> query_words(const std::string& q) {
  std::vector<std::string> words;
  std::string word;
  for (unsigned char ch : q + " ") {
    if (std::isalnum(ch) || ch >= 0x80) {
      word += static_cast<char>(std::tolower(ch));
    } else if (!word.empty()) {
      words.push_back(word);
      word.clear();
    }
  }
  return words;
}

// Whether some word of `text` starts with some word of the query (how the index matches).
bool mentions(const std::string& text, const std::vector<std::string>& words) {
  const std::string lower = text::lowercase_ascii(text);
  for (const auto& w : words) {
    for (std::size_t at = lower.find(w); at != std::string::npos; at = lower.find(w, at + 1)) {
      const bool starts_word = at == 0 || !(std::isalnum(static_cast<unsigned char>(lower[at - 1])) ||
                                            static_cast<unsigned char>(lower[at - 1]) >= 0x80);
      if (starts_word) return true;
    }
  }
  return false;
}

// Adds each hit's space and why it matched.
void explain(store::Connection& c, const Viewer& viewer, const std::string& q, std::vector<SearchHit>& hits) {
  const auto words = query_words(q);
  for (auto& hit : hits) {
    std::vector<std::pair<std::string, std::string>> fields;  // (reason, text)
    std::optional<int64_t> space;
    if (hit.type == "post") {
      auto rows = c.query("SELECT p.space_id, p.body, a.name FROM posts p JOIN people a ON a.id = p.author_id "
                          "WHERE p.id = ?", {hit.id});
      if (rows->next()) {
        space = rows->optional_int64(0);
        fields = {{"text", rows->text(1)}, {"author", rows->text(2)}};
      }
    } else if (hit.type == "problem" || hit.type == "idea" || hit.type == "proposal" || hit.type == "page") {
      auto rows = c.query("SELECT space_id, title, body FROM " + hit.type + "s WHERE id = ?", {hit.id});
      if (rows->next()) {
        space = rows->optional_int64(0);
        fields = {{"title", rows->text(1)}, {"text", rows->text(2)}};
      }
    } else if (hit.type == "record") {
      auto rows = c.query("SELECT space_id, title, search_text FROM records WHERE id = ?", {hit.id});
      if (rows->next()) {
        // A record is found by its own rule, not its space's: the space is named only to those
        // who may read it (a secret space is not even listed to others).
        space = rows->optional_int64(0);
        fields = {{"title", rows->text(1)}, {"text", rows->text(2)}};
        rows.reset();
        if (space && !policy::space_access(c, viewer, *space).content) space.reset();
      }
    } else if (hit.type == "space") {
      auto rows = c.query("SELECT name, purpose FROM spaces WHERE id = ?", {hit.id});
      if (rows->next()) fields = {{"name", rows->text(0)}, {"purpose", rows->text(1)}};
    } else if (hit.type == "person") {
      auto rows = c.query("SELECT name, handle, title FROM people WHERE id = ?", {hit.id});
      if (rows->next()) fields = {{"name", rows->text(0)}, {"handle", rows->text(1)}, {"title", rows->text(2)}};
    }
    for (const auto& [reason, text] : fields) {
      if (mentions(text, words)) hit.matched.push_back(reason);
    }
    if (hit.type == "person" && hit.matched.empty()) hit.matched.push_back("skills");
    if (space) {
      hit.space_id = space;
      hit.space_name = c.query_text("SELECT name FROM spaces WHERE id = ?", {*space}).value_or("");
    }
  }
}

}  // namespace

std::string make_snippet(const std::string& text, const std::string& q, std::size_t max_words) {
  std::vector<std::string> wanted;
  {
    std::string word;
    for (unsigned char ch : q + " ") {
      if (std::isalnum(ch) || ch >= 0x80) {
        word += static_cast<char>(std::tolower(ch));
      } else if (!word.empty()) {
        wanted.push_back(word);
        word.clear();
      }
    }
  }
  // Words of the text as [begin, end) byte ranges, and whether each matches a query prefix.
  struct Word {
    std::size_t begin, end;
    bool match;
  };
  std::vector<Word> words;
  for (std::size_t i = 0; i < text.size();) {
    auto is_word = [&](std::size_t k) {
      unsigned char ch = text[k];
      return std::isalnum(ch) || ch >= 0x80;
    };
    if (!is_word(i)) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && is_word(end)) ++end;
    std::string lower = text::lowercase_ascii(std::string_view(text).substr(i, end - i));
    bool match = false;
    for (const auto& w : wanted) match = match || lower.starts_with(w);
    words.push_back({i, end, match});
    i = end;
  }
  if (words.empty()) return text::html_escape(text.substr(0, 200));
  std::size_t first = 0;
  while (first < words.size() && !words[first].match) ++first;
  if (first == words.size()) first = 0;
  const std::size_t lead = std::min<std::size_t>(4, max_words / 2);
  std::size_t start = first > lead ? first - lead : 0;
  std::size_t stop = std::min(words.size(), start + max_words);
  std::string out = start > 0 ? "…" : "";
  std::size_t cursor = words[start].begin;
  for (std::size_t k = start; k < stop; ++k) {
    out += text::html_escape(std::string_view(text).substr(cursor, words[k].begin - cursor));
    std::string_view word = std::string_view(text).substr(words[k].begin, words[k].end - words[k].begin);
    out += words[k].match ? "<mark>" + text::html_escape(word) + "</mark>" : text::html_escape(word);
    cursor = words[k].end;
  }
  if (stop < words.size()) {
    out += "…";
  } else {
    out += text::html_escape(std::string_view(text).substr(cursor));
  }
  return out;
}

std::vector<cursor::Part> search_cursor_parts(const std::string& type) {
  if (type == "person") return {cursor::Part::kName, cursor::Part::kId};
  return {cursor::Part::kOffset};
}

int64_t search_max_offset(const std::string& type) {
  if (type == "space" || type == "problem" || type == "idea" || type == "proposal" || type == "record" || type == "page") {
    return kSearchWorkWindow;
  }
  return kSearchPostWindow;
}

namespace {

std::vector<search::WorkKind> work_kinds(const std::string& type) {
  using search::WorkKind;
  if (type == "space") return {WorkKind::kSpace};
  if (type == "problem") return {WorkKind::kProblem};
  if (type == "idea") return {WorkKind::kIdea};
  if (type == "proposal") return {WorkKind::kProposal};
  if (type == "record") return {WorkKind::kRecord};
  if (type == "page") return {WorkKind::kPage};
  return {WorkKind::kSpace, WorkKind::kProblem, WorkKind::kIdea, WorkKind::kProposal, WorkKind::kRecord, WorkKind::kPage};
}

// Spaces, problems, ideas, proposals and records from the work index, each kind where its own rule
// lets the viewer see it.
Result<void> search_work(store::Store& store, const Viewer& viewer, const std::string& q,
                         const std::string& type, int limit, int64_t offset,
                         cursor::Page<SearchHit>& result) {
  auto found = store::read(store, [&](store::Connection& c) -> Result<bool> {
    auto matches = search::index_for(c).work(c, viewer, q, work_kinds(type), limit + 1, offset);
    int count = 0;
    for (auto& match : matches) {
      if (++count > limit) {
        if (!type.empty() && offset + limit < kSearchWorkWindow) {
          result.next_cursor = cursor::encode({std::to_string(offset + limit)});
        }
        break;
      }
      std::string snippet = make_snippet(match.body.empty() ? match.title : match.body, q);
      result.items.push_back({search::work_kind_name(match.kind), match.id, match.title, snippet});
    }
    return true;
  });
  if (!found) return std::unexpected(found.error());
  return {};
}

}  // namespace

namespace {
Result<cursor::Page<SearchHit>> ranked(store::Store& store, const Viewer& viewer, const std::string& q,
                                       const std::string& type, const cursor::PageRequest& page);
}  // namespace

Result<cursor::Page<SearchHit>> search(store::Store& store, const Viewer& viewer,
                                       const std::string& q, const std::string& type,
                                       const cursor::PageRequest& page) {
  WEFT_ASSIGN_OR_RETURN(auto result, ranked(store, viewer, q, type, page));
  // Every hit is one the viewer may see; its space is named when the viewer may read it.
  WEFT_TRY_VOID(store::read(store, [&](store::Connection& c) -> Result<void> {
    explain(c, viewer, q, result.items);
    return {};
  }));
  return result;
}

namespace {
Result<cursor::Page<SearchHit>> ranked(store::Store& store, const Viewer& viewer, const std::string& q,
                                       const std::string& type, const cursor::PageRequest& page) {
  cursor::Page<SearchHit> result;
  if (type == "person") {
    // People continue by keyset (name, id), exactly like the directory.
    PeopleFilter filter{.q = q};
    WEFT_ASSIGN_OR_RETURN(auto people, queries::people(store, viewer, filter, page));
    for (const auto& person : people.items) {
      result.items.push_back({"person", person.id, person.name, text::html_escape(person.title)});
    }
    result.next_cursor = std::move(people.next_cursor);
    return result;
  }
  // Ranked lists continue by an offset, checked against the window by the caller's cursor parts.
  const int64_t offset = page.number(0, 0);
  if (type == "space" || type == "problem" || type == "idea" || type == "proposal" || type == "record" || type == "page") {
    WEFT_TRY_VOID(search_work(store, viewer, q, type, page.limit, offset, result));
    return result;
  }
  // The first page of everything: a few people and pieces of work first, then posts, all within
  // the page's limit (the posts' offset counts posts only).
  int taken = 0;
  if (type.empty() && page.first()) {
    WEFT_ASSIGN_OR_RETURN(auto people, queries::people(store, viewer, PeopleFilter{.q = q},
                                                       cursor::PageRequest{.limit = kPeopleOnMixedPage}));
    for (const auto& person : people.items) {
      result.items.push_back({"person", person.id, person.name, text::html_escape(person.title)});
    }
    WEFT_TRY_VOID(search_work(store, viewer, q, type, 3, 0, result));
    if (static_cast<int>(result.items.size()) > page.limit) result.items.resize(static_cast<std::size_t>(page.limit));
    taken = static_cast<int>(result.items.size());
  }
  const int64_t remaining = kSearchPostWindow - offset;
  if (remaining <= 0) return result;
  const int limit = static_cast<int>(std::min<int64_t>(page.limit - taken, remaining));
  return store::read(store, [&](store::Connection& c) -> Result<cursor::Page<SearchHit>> {
    auto matches = search::index_for(c).posts(c, viewer, q, kSearchPostWindow, limit + 1, offset);
    int count = 0;
    for (auto& match : matches) {
      if (++count > limit) {
        if (offset + limit < kSearchPostWindow) {
          result.next_cursor = cursor::encode({std::to_string(offset + limit)});
        }
        break;
      }
      result.items.push_back({"post", match.id, match.author_name, make_snippet(match.body, q)});
    }
    return result;
  });
}

}  // namespace

}  // namespace weft::queries
