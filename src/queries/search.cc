#include "queries/search.h"

#include "core/text.h"
#include "queries/people.h"
#include "search/search.h"

namespace weft::queries {
namespace {
constexpr int kPeopleOnMixedPage = 3;

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
  if (type == "space" || type == "problem" || type == "idea" || type == "proposal" || type == "record") {
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
  return {WorkKind::kSpace, WorkKind::kProblem, WorkKind::kIdea, WorkKind::kProposal, WorkKind::kRecord};
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

Result<cursor::Page<SearchHit>> search(store::Store& store, const Viewer& viewer,
                                       const std::string& q, const std::string& type,
                                       const cursor::PageRequest& page) {
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
  if (type == "space" || type == "problem" || type == "idea" || type == "proposal" || type == "record") {
    WEFT_TRY_VOID(search_work(store, viewer, q, type, page.limit, offset, result));
    return result;
  }
  if (type.empty() && offset == 0) {
    WEFT_ASSIGN_OR_RETURN(auto people, queries::people(store, viewer, PeopleFilter{.q = q},
                                                       cursor::PageRequest{.limit = kPeopleOnMixedPage}));
    for (const auto& person : people.items) {
      result.items.push_back({"person", person.id, person.name, text::html_escape(person.title)});
    }
    WEFT_TRY_VOID(search_work(store, viewer, q, type, 3, 0, result));
  }
  const int64_t remaining = kSearchPostWindow - offset;
  if (remaining <= 0) return result;
  const int limit = static_cast<int>(std::min<int64_t>(page.limit, remaining));
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

}  // namespace weft::queries
