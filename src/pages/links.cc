#include "pages/links.h"

#include <algorithm>
#include <array>
#include <charconv>

#include "store/store.h"

namespace weft::pages {
namespace {

// The longest "(address "title")" of a link read as one.
constexpr std::size_t kMaxLinkText = 2048;

constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kRoutes{{
    {"pages", "page"}, {"problems", "problem"}, {"ideas", "idea"}, {"proposals", "proposal"}, {"records", "record"}}};

// "/problems/12", "/problems/12/…", "/problems/12?…", "/problems/12#…", with or without a
// "scheme://host" before it.
std::optional<Link> link_of(std::string_view target) {
  if (auto scheme = target.find("://"); scheme != std::string_view::npos) {
    auto path = target.find('/', scheme + 3);
    if (path == std::string_view::npos) return std::nullopt;
    target.remove_prefix(path);
  }
  if (target.empty() || target[0] != '/') return std::nullopt;
  target.remove_prefix(1);
  for (const auto& [route, type] : kRoutes) {
    if (!target.starts_with(route) || target.size() <= route.size() || target[route.size()] != '/') continue;
    std::string_view rest = target.substr(route.size() + 1);
    int64_t id = 0;
    auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), id);
    if (ec != std::errc() || id <= 0) return std::nullopt;
    if (end != rest.data() + rest.size() && *end != '/' && *end != '?' && *end != '#') return std::nullopt;
    return Link{std::string(type), id};
  }
  return std::nullopt;
}

// The text outside fenced code blocks and inline code spans (those become spaces).
std::string without_code(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool fenced = false;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    std::string_view trimmed = line.substr(std::min(line.find_first_not_of(' '), line.size()));
    if (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
      fenced = !fenced;
      out.append(line.size(), ' ');
    } else if (fenced) {
      out.append(line.size(), ' ');
    } else {
      bool code = false;
      for (char ch : line) {
        if (ch == '`') code = !code;
        out.push_back(code || ch == '`' ? ' ' : ch);
      }
    }
    if (end == std::string_view::npos) break;
    out.push_back('\n');
    start = end + 1;
  }
  return out;
}

}  // namespace

bool linkable_type(std::string_view type) {
  return std::any_of(kRoutes.begin(), kRoutes.end(), [&](const auto& route) { return route.second == type; });
}

std::vector<Link> links_in(std::string_view markdown) {
  const std::string text = without_code(markdown);
  std::vector<std::pair<std::size_t, Link>> found;  // with where each was written
  auto add_at = [&](std::size_t at, std::string_view target) {
    // A link's title ("/pages/3 \"The plan\"") and surrounding spaces are not part of the target.
    target = target.substr(std::min(target.find_first_not_of(" \t"), target.size()));
    target = target.substr(0, target.find_first_of(" \t\r\n"));
    if (target.starts_with('<') && target.ends_with('>')) target = target.substr(1, target.size() - 2);
    if (auto link = link_of(target)) found.emplace_back(at, std::move(*link));
  };
  std::string_view view(text);
  for (std::size_t at = view.find("]("); at != std::string_view::npos; at = view.find("](", at + 2)) {
    // Up to the closing parenthesis, allowing one level of parentheses inside the address; no
    // further than kMaxLinkText, so that a line of many "](" is not read once for each.
    std::size_t end = at + 2;
    const std::size_t stop = std::min(view.size(), end + kMaxLinkText);
    int depth = 0;
    while (end < stop && view[end] != '\n') {
      if (view[end] == '(') ++depth;
      else if (view[end] == ')' && depth-- == 0) break;
      ++end;
    }
    if (end < stop && view[end] == ')') add_at(at, view.substr(at + 2, end - at - 2));
  }
  // Autolinks "<https://…>": no '<' inside one, so each scan ends where the next may begin, and
  // the text is read once however many '<' it holds.
  for (std::size_t at = view.find('<'); at != std::string_view::npos;) {
    const std::size_t end = view.find_first_of("<>\n ", at + 1);
    if (end == std::string_view::npos) break;
    if (view[end] == '>' && view.substr(at + 1, end - at - 1).find("://") != std::string_view::npos) {
      add_at(at, view.substr(at + 1, end - at - 1));
    }
    at = view[end] == '<' ? end : view.find('<', end + 1);
  }
  // Reference definitions: a line "[label]: target".
  std::size_t start = 0;
  while (start < view.size()) {
    std::size_t end = view.find('\n', start);
    std::string_view line = view.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    std::string_view trimmed = line.substr(std::min(line.find_first_not_of(' '), line.size()));
    if (trimmed.starts_with('[')) {
      if (auto close = trimmed.find("]:"); close != std::string_view::npos && close > 1) {
        add_at(start, trimmed.substr(close + 2));
      }
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Link> out;
  for (auto& [at, link] : found) {
    if (out.size() >= kMaxLinksPerPage) break;
    if (std::find(out.begin(), out.end(), link) == out.end()) out.push_back(std::move(link));
  }
  return out;
}

void relink(store::Connection& c, int64_t page_id) {
  c.execute("DELETE FROM page_links WHERE page_id = ?", {page_id});
  auto rows = c.query("SELECT body FROM pages WHERE id = ?", {page_id});
  if (!rows->next()) return;
  const std::string body = rows->text(0);
  rows.reset();
  for (const Link& link : links_in(body)) {
    if (link.type == "page" && link.id == page_id) continue;  // a page does not back-link to itself
    c.execute("INSERT INTO page_links (page_id, target_type, target_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
              {page_id, link.type, link.id});
  }
}

Result<void> LinkSubscriber::handle_batch(std::span<const events::Event> events) {
  using events::Kind;
  std::vector<int64_t> pages;
  for (const auto& event : events) {
    const Kind kind = event.kind();
    if ((kind == Kind::kPageCreated || kind == Kind::kPageEdited || kind == Kind::kPageRestored) && event.object_id) {
      pages.push_back(*event.object_id);
    }
  }
  if (pages.empty()) return {};
  std::sort(pages.begin(), pages.end());
  pages.erase(std::unique(pages.begin(), pages.end()), pages.end());
  // A few pages per transaction, so that no relinking holds the write lock long.
  constexpr std::size_t kPerTransaction = 32;
  for (std::size_t from = 0; from < pages.size(); from += kPerTransaction) {
    auto done = store::transact(store_, [&](store::Connection& c) -> Result<bool> {
      for (std::size_t i = from; i < std::min(pages.size(), from + kPerTransaction); ++i) relink(c, pages[i]);
      return true;
    });
    if (!done) return std::unexpected(done.error());
  }
  return {};
}

Result<void> LinkSubscriber::begin_rebuild(store::Connection& c) {
  c.execute("DELETE FROM page_links");
  return {};
}

Result<void> LinkSubscriber::rebuild_from_state(store::Connection& c,
                                                const std::function<void(int64_t, int64_t)>& progress) {
  const int64_t total = c.query_int("SELECT COUNT(*) FROM pages").value_or(0);
  std::vector<int64_t> ids;
  {
    auto rows = c.query("SELECT id FROM pages ORDER BY id");
    while (rows->next()) ids.push_back(rows->int64(0));
  }
  int64_t done = 0;
  for (int64_t id : ids) {
    relink(c, id);
    if (progress && (++done % 100 == 0 || done == total)) progress(done, total);
  }
  return {};
}

}  // namespace weft::pages
