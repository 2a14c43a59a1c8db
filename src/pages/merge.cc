#include "pages/merge.h"

#include <algorithm>
#include <optional>
#include <unordered_map>

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

// The shortest edit script between two line lists, by Myers' O(ND) algorithm in linear space
// ("An O(ND) Difference Algorithm and Its Variations", 1986, section 4b): find the middle snake of
// the shortest path, recurse on both sides of it. Lines are compared as small integers (equal
// lines, equal numbers). The work is bounded: texts that differ almost everywhere would take
// O(N·D) time, seconds for a page of 100,000 lines, so past kMaxCost steps each part not yet worked
// out is taken as replaced whole. The script is then still correct, only longer than the shortest.
constexpr long kMaxCost = 50'000'000;
// Past kMaxEdits edits from each end, a search splits where it got furthest instead (not exact).
constexpr long kMaxEdits = 2000;

enum class Op : char { same = '=', del = '-', ins = '+' };
struct Step {
  Op op;
  std::size_t index;  // into `from` (same, del) or `to` (ins)
};
struct Script {
  std::vector<Step> steps;
  bool exact = true;
};

class Myers {
 public:
  Myers(const std::vector<int>& a, const std::vector<int>& b)
      : a_(a), b_(b), deleted_(a.size(), false), inserted_(b.size(), false),
        forward_(2 * (a.size() + b.size()) + 3), backward_(forward_.size()) {}

  // Marks deleted_ and inserted_; false when the cost limit left some part replaced whole.
  bool run() {
    compare(0, static_cast<long>(a_.size()), 0, static_cast<long>(b_.size()));
    return exact_;
  }
  const std::vector<bool>& deleted() const { return deleted_; }
  const std::vector<bool>& inserted() const { return inserted_; }

 private:
  void compare(long a0, long a1, long b0, long b1) {
    while (a0 < a1 && b0 < b1 && a_[a0] == b_[b0]) ++a0, ++b0;
    while (a0 < a1 && b0 < b1 && a_[a1 - 1] == b_[b1 - 1]) --a1, --b1;
    if (a0 == a1 || b0 == b1 || cost_ > kMaxCost) {
      if (a0 < a1 && b0 < b1) exact_ = false;
      for (long i = a0; i < a1; ++i) deleted_[i] = true;
      for (long j = b0; j < b1; ++j) inserted_[j] = true;
      return;
    }
    long x = 0, y = 0;
    if (!middle(a0, a1, b0, b1, x, y)) {
      exact_ = false;
      for (long i = a0; i < a1; ++i) deleted_[i] = true;
      for (long j = b0; j < b1; ++j) inserted_[j] = true;
      return;
    }
    compare(a0, x, b0, y);
    compare(x, a1, y, b1);
  }

  // A point (x, y) on a shortest path from (a0, b0) to (a1, b1), strictly between them: the end
  // of the middle snake, where the furthest paths from both ends meet. False when the cost limit
  // is reached first. compare() stripped the common first and last lines, so both ranges are
  // non-empty and the path has at least two edits.
  bool middle(long a0, long a1, long b0, long b1, long& x_out, long& y_out) {
    const long n = a1 - a0, m = b1 - b0, delta = n - m, offset = (n + m) / 2 + 3;
    const bool odd = (delta & 1) != 0;
    // forward_[offset + k]: the furthest x reached on diagonal k = x - y from the start, -1 where
    // no path of this length reaches it; backward_ the same from the end, in reversed coordinates
    // (x' = n - x, y' = m - y). A diagonal k from the start is diagonal delta - k from the end.
    auto fv = [&](long k) -> long& { return forward_[static_cast<std::size_t>(offset + k)]; };
    auto bv = [&](long k) -> long& { return backward_[static_cast<std::size_t>(offset + k)]; };
    // Extends the furthest paths of one direction by one edit; `same(x, y)` compares the lines at
    // (x, y) in that direction's coordinates. Returns the diagonal that met the other direction,
    // whose last round wrote its diagonals -reach..reach (reach < 0: no check).
    // Only diagonals -m..n exist; one outside them is never read.
    auto step = [&](auto& v, auto& other, long d, long reach, auto&& same) -> std::optional<long> {
      long first = std::max(-d, -m), last = std::min(d, n);
      if ((first + d) % 2 != 0) ++first;
      if ((last + d) % 2 != 0) --last;
      if (last >= first) cost_ += (last - first) / 2 + 1;
      for (long k = first; k <= last; k += 2) {
        long x = 0;
        if (d > 0) {
          const long lo = k > -d && k - 1 >= -m ? v(k - 1) : -1;  // on diagonal k - 1: one more line of a
          const long hi = k < d && k + 1 <= n ? v(k + 1) : -1;    // on diagonal k + 1: one more line of b
          const long by_lo = lo >= 0 && lo + 1 <= n ? lo + 1 : -1;
          const long by_hi = hi >= 0 && hi - k <= m ? hi : -1;
          x = std::max(by_lo, by_hi);
          // What d - 2 edits reached on this diagonal stays reached: at the grid's edge neither
          // neighbour may lead here, and starting over from less would walk a long run of common
          // lines again every other round.
          if (k >= -(d - 2) && k <= d - 2) x = std::max(x, v(k));
          if (x < 0) {
            v(k) = -1;
            continue;
          }
        }
        long y = x - k;
        const long from = x;
        while (x < n && y < m && same(x, y)) ++x, ++y;
        cost_ += x - from;
        v(k) = x;
        const long there = delta - k;
        if (there >= -reach && there <= reach && there >= -m && there <= n && other(there) >= 0 &&
            x + other(there) >= n) {
          return k;
        }
      }
      return std::nullopt;
    };
    auto forward_same = [&](long x, long y) { return a_[a0 + x] == b_[b0 + y]; };
    auto backward_same = [&](long x, long y) { return a_[a1 - 1 - x] == b_[b1 - 1 - y]; };
    for (long d = 0; d <= (n + m + 1) / 2; ++d) {
      if (cost_ > kMaxCost) return false;
      if (d > kMaxEdits) {
        // Too far apart to search on: split at the point of either direction that got furthest
        // (GNU diff's heuristic), so each side is searched on its own.
        exact_ = false;
        long best = -1;
        for (long k = -(d - 1); k <= d - 1; k += 2) {
          if (k >= -m && k <= n && fv(k) >= 0 && 2 * fv(k) - k > best) {
            best = 2 * fv(k) - k;
            x_out = a0 + fv(k), y_out = b0 + fv(k) - k;
          }
          if (k >= -m && k <= n && bv(k) >= 0 && 2 * bv(k) - k > best) {
            best = 2 * bv(k) - k;
            x_out = a1 - bv(k), y_out = b1 - (bv(k) - k);
          }
        }
        return best > 0;
      }
      // The other direction has taken d - 1 edits when the forward one takes its d-th, d when the
      // backward one does: paths of odd length meet going forward, of even length going back.
      if (auto k = step(fv, bv, d, odd ? d - 1 : -1, forward_same)) {
        x_out = a0 + fv(*k), y_out = b0 + fv(*k) - *k;
        return true;
      }
      if (auto k = step(bv, fv, d, odd ? -1 : d, backward_same)) {
        x_out = a1 - bv(*k), y_out = b1 - (bv(*k) - *k);
        return true;
      }
    }
    return false;  // not reached: the paths meet by (n + m + 1) / 2 edits from each end
  }

  const std::vector<int>& a_;
  const std::vector<int>& b_;
  std::vector<bool> deleted_, inserted_;
  std::vector<long> forward_, backward_;
  long cost_ = 0;
  bool exact_ = true;
};

Script script(const std::vector<std::string>& from, const std::vector<std::string>& to) {
  std::unordered_map<std::string_view, int> numbers;
  auto number = [&](const std::vector<std::string>& lines) {
    std::vector<int> out;
    out.reserve(lines.size());
    for (const auto& line : lines) out.push_back(numbers.try_emplace(line, static_cast<int>(numbers.size())).first->second);
    return out;
  };
  const auto a = number(from);
  const auto b = number(to);
  Myers myers(a, b);
  Script out;
  out.exact = myers.run();
  // Deletions before insertions within a changed run, as `diff -u` prints them.
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && myers.deleted()[i]) {
      out.steps.push_back({Op::del, i++});
    } else if (j < b.size() && myers.inserted()[j]) {
      out.steps.push_back({Op::ins, j++});
    } else {
      out.steps.push_back({Op::same, i});
      ++i, ++j;
    }
  }
  return out;
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
  for (const Step& step : script(base, side).steps) {
    if (step.op == Op::same) {
      open = false;
      ++at;
      continue;
    }
    if (!open) {
      out.push_back({at, at, {}});
      open = true;
    }
    if (step.op == Op::del) {
      ++at;
      out.back().end = at;
    } else {
      out.back().lines.push_back(side[step.index]);
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

Diff diff(std::string_view from_text, std::string_view to_text, int context) {
  const auto from = lines_of(from_text);
  const auto to = lines_of(to_text);
  const Script steps = script(from, to);
  std::vector<DiffLine> all;
  std::vector<int> from_at{1}, to_at{1};  // the line numbers at each entry of `all`
  for (const Step& step : steps.steps) {
    const char op = static_cast<char>(step.op);
    all.push_back({op, op == '+' ? to[step.index] : from[step.index]});
    from_at.push_back(from_at.back() + (op != '+'));
    to_at.push_back(to_at.back() + (op != '-'));
  }
  std::vector<int> changed;
  for (int i = 0; i < static_cast<int>(all.size()); ++i) {
    if (all[i].op != '=') changed.push_back(i);
  }
  // Changes at most 2 × context unchanged lines apart share a hunk.
  Diff out;
  out.exact = steps.exact;
  auto& hunks = out.hunks;
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
  return out;
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
