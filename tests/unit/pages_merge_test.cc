// The three-way merge of knowledge pages: changes in different places both survive, the same
// change made twice is kept once, overlapping different changes are conflicts with base, mine and
// theirs; Unicode and Windows line endings go through; diffs count lines like `diff -u`.
#include <gtest/gtest.h>

#include "pages/merge.h"

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
  const auto hunks = diff(from, to);
  ASSERT_EQ(hunks.size(), 2u);  // 15 unchanged lines apart: two hunks
  EXPECT_EQ(hunks[0].from_start, 1);
  EXPECT_EQ(hunks[0].from_count, 5);  // line 1, the change, three after
  EXPECT_EQ(hunks[0].to_count, 5);
  EXPECT_EQ(hunks[0].lines[1].op, '-');
  EXPECT_EQ(hunks[0].lines[1].text, "line 2");
  EXPECT_EQ(hunks[0].lines[2].op, '+');
  EXPECT_EQ(hunks[0].lines[2].text, "line two");
  EXPECT_EQ(hunks[1].from_start, 15);
  EXPECT_TRUE(diff("same\n", "same\n").empty());
}

}  // namespace
}  // namespace weft::pages
