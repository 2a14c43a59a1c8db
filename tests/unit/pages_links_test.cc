// Links in knowledge pages: the paths the web UI shows items at, in inline links, autolinks and
// reference definitions, with or without this server's address; each once; not inside code.
#include <gtest/gtest.h>

#include "pages/links.h"

namespace weft::pages {
namespace {

TEST(PagesLinks, InlineLinksToEachKindOfItem) {
  const auto links = links_in(
      "See [the plan](/pages/3), the [problem](/problems/12), [idea](/ideas/4 \"Pitched in May\"),\n"
      "the [decision](/proposals/7#outcome) and the [order](/records/90/).\n");
  const std::vector<Link> expected{{"page", 3}, {"problem", 12}, {"idea", 4}, {"proposal", 7}, {"record", 90}};
  EXPECT_EQ(links, expected);
}

TEST(PagesLinks, FullAddressesAutolinksAndReferenceDefinitions) {
  const auto links = links_in(
      "Read [this](https://weft.example.com/problems/5?tab=solutions) and <http://127.0.0.1:8080/ideas/8>.\n"
      "Also [the notes][notes].\n\n[notes]: /pages/14\n  [ref]: <https://weft.example.com/records/2>\n");
  const std::vector<Link> expected{{"problem", 5}, {"idea", 8}, {"page", 14}, {"record", 2}};
  EXPECT_EQ(links, expected);
}

TEST(PagesLinks, EachLinkOnceInOrderOfFirstAppearance) {
  const auto links = links_in("[a](/ideas/2) [b](/problems/1) [c](/ideas/2) [d](/ideas/2/)");
  const std::vector<Link> expected{{"idea", 2}, {"problem", 1}};
  EXPECT_EQ(links, expected);
}

TEST(PagesLinks, LongRunsOfLinkMarksOnOneLine) {
  // A page's whole 200,000 characters on one line of "<" or "](": each is read once (this took
  // minutes, on the store's writer, when each mark was read to the line's end), and the links
  // among them are still found.
  std::string angles = std::string(100000, '<') + "<http://weft.example.com/pages/3>" + std::string(100000, '<');
  EXPECT_EQ(links_in(angles), (std::vector<Link>{{"page", 3}}));
  std::string brackets;
  for (int i = 0; i < 50000; ++i) brackets += "](";
  brackets += "[x](/ideas/4)";
  for (int i = 0; i < 50000; ++i) brackets += "](";
  EXPECT_EQ(links_in(brackets), (std::vector<Link>{{"idea", 4}}));
  // An address longer than a link's longest is not read as one.
  EXPECT_TRUE(links_in("[x](/pages/5 \"" + std::string(5000, 'a') + "\")").empty());
}

TEST(PagesLinks, NotLinksToItems) {
  EXPECT_TRUE(links_in("[x](/people/3) [y](/spaces/4) [z](/problems/) [w](/problems/abc) [v](/problems/0)").empty());
  EXPECT_TRUE(links_in("[x](/problems/12abc) [y](/problemsx/3) [z](https://example.com)").empty());
  EXPECT_TRUE(links_in("the path /problems/12 written out, not linked").empty());
  EXPECT_TRUE(links_in("[unclosed](/problems/12").empty());
}

TEST(PagesLinks, CodeIsAnExampleNotALink) {
  const auto links = links_in(
      "Write `[x](/problems/1)` to link.\n```\n[y](/ideas/2)\n```\n~~~md\n[z](/records/3)\n~~~\n[real](/pages/9)\n");
  const std::vector<Link> expected{{"page", 9}};
  EXPECT_EQ(links, expected);
}

TEST(PagesLinks, UnicodeAroundLinksAndWindowsLineEndings) {
  const auto links = links_in("Voir [la décision ✓](/proposals/31)\r\n[réf]: /ideas/6\r\n");
  const std::vector<Link> expected{{"proposal", 31}, {"idea", 6}};
  EXPECT_EQ(links, expected);
}

TEST(PagesLinks, AtMostSoManyPerPage) {
  std::string text;
  for (int i = 1; i <= 700; ++i) text += "[p](/pages/" + std::to_string(i) + ") ";
  EXPECT_EQ(links_in(text).size(), kMaxLinksPerPage);
}

TEST(PagesLinks, LinkableTypes) {
  for (const char* type : {"page", "problem", "idea", "proposal", "record"}) EXPECT_TRUE(linkable_type(type)) << type;
  EXPECT_FALSE(linkable_type("post"));
  EXPECT_FALSE(linkable_type("pages"));
}

}  // namespace
}  // namespace weft::pages
