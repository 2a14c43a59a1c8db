// The three-way merge of knowledge pages: changes in different places both survive, the same
// change made twice is kept once, overlapping different changes are conflicts with base, mine and
// theirs; Unicode and Windows line endings go through; diffs count lines like `diff -u`.
#include <gtest/gtest.h>

#include "pages/merge.h"

#include <random>

namespace weft::pages {
namespace {

const std::string kBase = "# Returns\nScan the box.\nInspect it.\nRestock it.\nClose the ticket.\n";

TEST(PagesMerge, ChangesInDifferentPlacesBothSurvive) {
  const std::string mine = "# Returns\nScan the box on arrival.\nInspect it.\nRestock it.\nClose the ticket.\n";
  const std::string theirs = "# Returns\nScan the box.\nInspect it.\nRestock it.\nClose the ticket and tell the customer.\n";
  const Merge m = merge3(kBase, mine, theirs);
  ASSERT_TRUE(m.clean);
  EXPECT_EQ(m.text, "# Returns\nScan the box on arrival.\nInspect it.\nRestock it.\nClose the ticket and tell the customer.\n");
}

TEST(PagesMerge, AdditionsAtBothEndsAndADeletionInTheMiddle) {
  const std::string mine = "Intro.\n" + kBase;
  const std::string theirs = "# Returns\nScan the box.\nRestock it.\nClose the ticket.\nOwner: Ana.\n";
  const Merge m = merge3(kBase, mine, theirs);
  ASSERT_TRUE(m.clean);
  EXPECT_EQ(m.text, "Intro.\n# Returns\nScan the box.\nRestock it.\nClose the ticket.\nOwner: Ana.\n");
}

TEST(PagesMerge, TheSameChangeOnBothSidesIsKeptOnce) {
  const std::string both = "# Returns\nScan the box.\nInspect it within a day.\nRestock it.\nClose the ticket.\n";
  const Merge m = merge3(kBase, both, both);
  ASSERT_TRUE(m.clean);
  EXPECT_EQ(m.text, both);
}

TEST(PagesMerge, OneSideUnchangedTakesTheOther) {
  const std::string theirs = "Something else entirely.\n";
  EXPECT_EQ(merge3(kBase, kBase, theirs).text, theirs);
  EXPECT_EQ(merge3(kBase, theirs, kBase).text, theirs);
}

TEST(PagesMerge, OverlappingDifferentChangesAreAConflictWithAllThreeVersions) {
  const std::string mine = "# Returns\nScan the box.\nInspect it twice.\nRestock it.\nClose the ticket.\n";
  const std::string theirs = "# Returns\nScan the box.\nInspect it with a photo.\nRestock it.\nClose the ticket.\n";
  const Merge m = merge3(kBase, mine, theirs);
  EXPECT_FALSE(m.clean);
  ASSERT_EQ(m.conflicts.size(), 1u);
  EXPECT_EQ(m.conflicts[0].base_start, 3);
  EXPECT_EQ(m.conflicts[0].base, std::vector<std::string>{"Inspect it."});
  EXPECT_EQ(m.conflicts[0].mine, std::vector<std::string>{"Inspect it twice."});
  EXPECT_EQ(m.conflicts[0].theirs, std::vector<std::string>{"Inspect it with a photo."});
}

TEST(PagesMerge, InsertionsAtTheSamePlaceConflictButAdjacentEditsMerge) {
  const std::string mine = "# Returns\nScan the box.\nWear gloves.\nInspect it.\nRestock it.\nClose the ticket.\n";
  const std::string theirs = "# Returns\nScan the box.\nTake a photo.\nInspect it.\nRestock it.\nClose the ticket.\n";
  EXPECT_FALSE(merge3(kBase, mine, theirs).clean);
  // Mine edits line 3, theirs line 4: neighbours, not the same lines.
  const std::string mine2 = "# Returns\nScan the box.\nInspect it carefully.\nRestock it.\nClose the ticket.\n";
  const std::string theirs2 = "# Returns\nScan the box.\nInspect it.\nRestock it the same day.\nClose the ticket.\n";
  const Merge m = merge3(kBase, mine2, theirs2);
  ASSERT_TRUE(m.clean);
  EXPECT_EQ(m.text, "# Returns\nScan the box.\nInspect it carefully.\nRestock it the same day.\nClose the ticket.\n");
}

TEST(PagesMerge, UnicodeAndWindowsLineEndings) {
  const std::string base = "Größe: 10\nКоличество: 5\n価格: 100円\n";
  const std::string mine = "Größe: 12\r\nКоличество: 5\r\n価格: 100円\r\n";  // edited on Windows
  const std::string theirs = "Größe: 10\nКоличество: 5\n価格: 120円 🎉\n";
  const Merge m = merge3(base, mine, theirs);
  ASSERT_TRUE(m.clean);
  EXPECT_EQ(m.text, "Größe: 12\nКоличество: 5\n価格: 120円 🎉\n");
  EXPECT_EQ(normalize_newlines("a\r\nb\rc\n"), "a\nb\nc\n");
}

TEST(PagesMerge, TheFinalNewlineFollowsTheSideThatChangedIt) {
  EXPECT_EQ(merge3("a\nb\n", "a\nb", "A\nb\n").text, "A\nb");
  EXPECT_EQ(merge3("", "", "first line").text, "first line");
}

TEST(PagesDiff, HunksCountLinesLikeUnifiedDiff) {
  std::string from, to;
  for (int i = 1; i <= 20; ++i) {
    from += "line " + std::to_string(i) + "\n";
    to += (i == 2 ? std::string("line two") : i == 18 ? std::string("line eighteen") : "line " + std::to_string(i)) + "\n";
  }
  const auto hunks = diff(from, to).hunks;
  ASSERT_EQ(hunks.size(), 2u);  // 15 unchanged lines apart: two hunks
  EXPECT_EQ(hunks[0].from_start, 1);
  EXPECT_EQ(hunks[0].from_count, 5);  // line 1, the change, three after
  EXPECT_EQ(hunks[0].to_count, 5);
  EXPECT_EQ(hunks[0].lines[1].op, '-');
  EXPECT_EQ(hunks[0].lines[1].text, "line 2");
  EXPECT_EQ(hunks[0].lines[2].op, '+');
  EXPECT_EQ(hunks[0].lines[2].text, "line two");
  EXPECT_EQ(hunks[1].from_start, 15);
  EXPECT_TRUE(diff("same\n", "same\n").hunks.empty());
}

// The lines of a text as the diff counts them.
std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out{""};
  for (char c : text) {
    if (c == '\n') out.emplace_back();
    else out.back() += c;
  }
  return out;
}

// The fewest lines to delete and insert to turn one list into the other: n + m - 2 * LCS, by
// dynamic programming (quadratic, for small texts).
std::size_t fewest_changes(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::vector<std::size_t>> lcs(a.size() + 1, std::vector<std::size_t>(b.size() + 1, 0));
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j)
      lcs[i][j] = a[i - 1] == b[j - 1] ? lcs[i - 1][j - 1] + 1 : std::max(lcs[i - 1][j], lcs[i][j - 1]);
  return a.size() + b.size() - 2 * lcs[a.size()][b.size()];
}

// With context enough to hold every line, the one hunk's "=" and "-" lines are `from` and its "="
// and "+" lines are `to`; returns how many lines it changes.
std::size_t check_whole(const Diff& d, const std::string& from, const std::string& to) {
  std::vector<std::string> left, right;
  std::size_t changes = 0;
  for (const auto& hunk : d.hunks) {
    for (const auto& line : hunk.lines) {
      if (line.op != '+') left.push_back(line.text);
      if (line.op != '-') right.push_back(line.text);
      changes += line.op != '=';
    }
  }
  if (!d.hunks.empty()) {
    EXPECT_EQ(left, lines(from));
    EXPECT_EQ(right, lines(to));
  }
  return changes;
}

std::string random_text(std::mt19937& random, int max_lines, int alphabet) {
  std::string out;
  const int n = std::uniform_int_distribution<int>(0, max_lines)(random);
  for (int i = 0; i < n; ++i) {
    out += static_cast<char>('a' + std::uniform_int_distribution<int>(0, alphabet - 1)(random));
    out += '\n';
  }
  return out;
}

TEST(PagesDiff, FindsTheFewestChangesOnRandomTexts) {
  std::mt19937 random(20261205);
  for (int round = 0; round < 3000; ++round) {
    const int alphabet = 2 + round % 5;
    const std::string from = random_text(random, 1 + round % 40, alphabet);
    const std::string to = round % 3 == 0 ? from.substr(0, from.size() / 2) + random_text(random, 5, alphabet) + from.substr(from.size() / 2)
                                          : random_text(random, 1 + round % 40, alphabet);
    const Diff d = diff(from, to, 100000);
    ASSERT_TRUE(d.exact);
    ASSERT_EQ(check_whole(d, from, to), fewest_changes(lines(from), lines(to))) << "from:\n" << from << "to:\n" << to;
  }
}

TEST(PagesDiff, ALongPageWithScatteredEditsIsExact) {
  std::string from, to;
  for (int i = 0; i < 100000; ++i) {
    const std::string line = "step " + std::to_string(i) + "\n";
    from += line;
    if (i % 2000 == 7) to += "changed " + std::to_string(i) + "\n";  // 50 lines changed
    else if (i % 2000 != 1500) to += line;                            // 50 deleted
    if (i % 5000 == 3) to += "new line\n";                            // 20 inserted
  }
  const Diff d = diff(from, to);
  EXPECT_TRUE(d.exact);
  std::size_t changed = 0;
  for (const auto& hunk : d.hunks)
    for (const auto& line : hunk.lines) changed += line.op != '=';
  EXPECT_EQ(changed, 50u * 2 + 50 + 20);
}

std::size_t changes_in(const Diff& d) {
  std::size_t changed = 0;
  for (const auto& hunk : d.hunks)
    for (const auto& line : hunk.lines) changed += line.op != '=';
  return changed;
}

TEST(PagesDiff, ALongDeletionAndAnEditFarFromItAreExact) {
  // Found by review: once a path reached the grid's edge, a diagonal started over from less and
  // walked the 90,000 common lines again every other round, until the bound replaced them whole.
  std::vector<std::string> a;
  for (int i = 0; i < 100000; ++i) a.push_back("line " + std::to_string(i));
  std::string from, to;
  for (int i = 0; i < 100000; ++i) {
    from += a[i] + "\n";
    if (i >= 10 && i < 1210) continue;
    to += (i == 90000 ? std::string("changed") : a[i]) + "\n";
  }
  const Diff d = diff(from, to);
  EXPECT_TRUE(d.exact);
  EXPECT_EQ(changes_in(d), 1202u);
  // One line kept of 3,000: everything else removed.
  std::string head;
  for (int i = 0; i < 3000; ++i) head += a[i] + "\n";
  const Diff kept = diff(head, a[1500] + "\n");
  EXPECT_TRUE(kept.exact);
  EXPECT_EQ(changes_in(kept), 2999u);
}

TEST(PagesDiff, TextsDifferentEverywhereGetACorrectDiffWithinTheBound) {
  // Two pseudo-random walks of x and y lines: the fewest changes would take O(N·D) work, seconds
  // at this size. The bound makes it a longer diff, still correct, and says so.
  std::mt19937 random(7);
  std::string from, to;
  for (int i = 0; i < 99000; ++i) {
    from += random() % 2 ? "x\n" : "y\n";
    to += random() % 2 ? "x\n" : "y\n";
  }
  const Diff d = diff(from, to, 1000000);
  EXPECT_FALSE(d.exact);
  check_whole(d, from, to);
  // Merging such texts still ends, with their changes in conflict.
  std::string theirs = from;
  theirs[0] = theirs[0] == 'x' ? 'y' : 'x';
  EXPECT_FALSE(merge3(from, to, theirs).clean);
}

}  // namespace
}  // namespace weft::pages
