#include "pages/merge.h"

#include <algorithm>
#include <dtl/dtl.hpp>

namespace weft::pages {
namespace {

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> out;
  const std::string normal = normalize_newlines(text);
  std::size_t start = 0;
  for (;;) {
    auto end = normal.find('\n', start);
    if (end == std::string::npos) {
      out.push_back(normal.substr(start));
      return out;
    }
    out.push_back(normal.substr(start, end - start));
    start = end + 1;
  }
}

std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += '\n';
    out += lines[i];
  }
  return out;
}

using Script = std::vector<std::pair<std::string, dtl::elemInfo>>;

Script script(const std::vector<std::string>& from, const std::vector<std::string>& to) {
  dtl::Diff<std::string, std::vector<std::string>> d(from, to);
  d.compose();
  return d.getSes().getSequence();
}

// One side's change: base lines [begin, end) become `lines` (begin == end: an insertion).
struct Region {
  std::size_t begin = 0, end = 0;
  std::vector<std::string> lines;
  bool operator==(const Region&) const = default;
};

std::vector<Region> regions(const std::vector<std::string>& base, const std::vector<std::string>& side) {
  std::vector<Region> out;
  std::size_t at = 0;  // the base line the script has reached
  bool open = false;
  for (const auto& [line, info] : script(base, side)) {
    if (info.type == dtl::SES_COMMON) {
      open = false;
      ++at;
      continue;
    }
    if (!open) {
      out.push_back({at, at, {}});
      open = true;
    }
    if (info.type == dtl::SES_DELETE) {
      ++at;
      out.back().end = at;
    } else {
      out.back().lines.push_back(line);
    }
  }
  return out;
}

// Base lines [begin, end) as one side has them.
std::vector<std::string> apply(const std::vector<std::string>& base, const std::vector<const Region*>& changes,
                               std::size_t begin, std::size_t end) {
  std::vector<std::string> out;
  std::size_t at = begin;
  for (const Region* r : changes) {
    out.insert(out.end(), base.begin() + static_cast<std::ptrdiff_t>(at), base.begin() + static_cast<std::ptrdiff_t>(r->begin));
    out.insert(out.end(), r->lines.begin(), r->lines.end());
    at = r->end;
  }
  out.insert(out.end(), base.begin() + static_cast<std::ptrdiff_t>(at), base.begin() + static_cast<std::ptrdiff_t>(end));
  return out;
}

// Two changes touch when their ranges overlap, or one is an insertion at the other's start
// (both would put text at the same place, in an order nobody chose).
bool touch(const Region& a, const Region& b) {
  if (a.begin == b.begin) return true;
  return a.begin < b.end && b.begin < a.end;
}

}  // namespace

std::string normalize_newlines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::vector<DiffHunk> diff(std::string_view from_text, std::string_view to_text, int context) {
  const auto from = lines_of(from_text);
  const auto to = lines_of(to_text);
  std::vector<DiffLine> all;
  std::vector<int> from_at{1}, to_at{1};  // the line numbers at each entry of `all`
  for (const auto& [line, info] : script(from, to)) {
    const char op = info.type == dtl::SES_COMMON ? '=' : info.type == dtl::SES_DELETE ? '-' : '+';
    all.push_back({op, line});
    from_at.push_back(from_at.back() + (op != '+'));
    to_at.push_back(to_at.back() + (op != '-'));
  }
  std::vector<int> changed;
  for (int i = 0; i < static_cast<int>(all.size()); ++i) {
    if (all[i].op != '=') changed.push_back(i);
  }
  // Changes at most 2 × context unchanged lines apart share a hunk.
  std::vector<DiffHunk> hunks;
  for (std::size_t c = 0; c < changed.size();) {
    std::size_t last = c;
    while (last + 1 < changed.size() && changed[last + 1] - changed[last] - 1 <= 2 * context) ++last;
    const int begin = std::max(0, changed[c] - context);
    const int end = std::min(static_cast<int>(all.size()), changed[last] + context + 1);
    DiffHunk hunk{from_at[begin], 0, to_at[begin], 0, {all.begin() + begin, all.begin() + end}};
    for (const auto& line : hunk.lines) {
      hunk.from_count += line.op != '+';
      hunk.to_count += line.op != '-';
    }
    hunks.push_back(std::move(hunk));
    c = last + 1;
  }
  return hunks;
}

Merge merge3(std::string_view base_text, std::string_view mine_text, std::string_view theirs_text) {
  const auto base = lines_of(base_text);
  const auto mine = regions(base, lines_of(mine_text));
  const auto theirs = regions(base, lines_of(theirs_text));
  Merge out;
  std::vector<std::string> merged;
  std::size_t at = 0;  // base lines before `at` are written
  std::size_t m = 0, t = 0;
  while (m < mine.size() || t < theirs.size()) {
    // The next cluster: the earliest change, and every change of either side that touches it.
    std::vector<const Region*> mine_here, theirs_here;
    std::size_t begin, end;
    if (t == theirs.size() || (m < mine.size() && mine[m].begin <= theirs[t].begin)) {
      mine_here.push_back(&mine[m]);
      begin = mine[m].begin, end = mine[m].end;
      ++m;
    } else {
      theirs_here.push_back(&theirs[t]);
      begin = theirs[t].begin, end = theirs[t].end;
      ++t;
    }
    for (bool grew = true; grew;) {
      grew = false;
      const Region span{begin, end, {}};
      if (m < mine.size() && touch(span, mine[m])) {
        mine_here.push_back(&mine[m]);
        end = std::max(end, mine[m].end);
        ++m;
        grew = true;
      }
      if (t < theirs.size() && touch(span, theirs[t])) {
        theirs_here.push_back(&theirs[t]);
        end = std::max(end, theirs[t].end);
        ++t;
        grew = true;
      }
    }
    merged.insert(merged.end(), base.begin() + static_cast<std::ptrdiff_t>(at), base.begin() + static_cast<std::ptrdiff_t>(begin));
    const auto mine_version = apply(base, mine_here, begin, end);
    const auto theirs_version = apply(base, theirs_here, begin, end);
    if (theirs_here.empty()) {
      merged.insert(merged.end(), mine_version.begin(), mine_version.end());
    } else if (mine_here.empty() || mine_version == theirs_version) {
      merged.insert(merged.end(), theirs_version.begin(), theirs_version.end());
    } else {
      out.clean = false;
      out.conflicts.push_back({static_cast<int>(begin) + 1,
                               std::vector<std::string>(base.begin() + static_cast<std::ptrdiff_t>(begin),
                                                        base.begin() + static_cast<std::ptrdiff_t>(end)),
                               mine_version, theirs_version});
    }
    at = end;
  }
  merged.insert(merged.end(), base.begin() + static_cast<std::ptrdiff_t>(at), base.end());
  if (out.clean) out.text = join(merged);
  return out;
}

}  // namespace weft::pages
