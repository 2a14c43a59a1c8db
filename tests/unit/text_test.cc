#include <gtest/gtest.h>

#include "core/text.h"
#include "queries/search.h"

namespace weft {
namespace {

using Strings = std::vector<std::string>;

TEST(Topics, FoundAfterSpaceOrStartLowercasedAndUnique) {
  EXPECT_EQ(text::topics("#Kubernetes rollout, see #kubernetes and #SRE-Oncall."),
            (Strings{"kubernetes", "sre-oncall"}));
  EXPECT_EQ(text::topics("(#ops) #q4_plan"), (Strings{"ops", "q4_plan"}));
}

TEST(Topics, IgnoresNumbersHeadingsAnchorsAndEntities) {
  EXPECT_TRUE(text::topics("issue #123 fixed").empty());
  EXPECT_TRUE(text::topics("# Heading").empty());
  EXPECT_TRUE(text::topics("page.html#section").empty());
  EXPECT_TRUE(text::topics("a#b &#39; ##double").empty());
  EXPECT_EQ(text::topics("#café"), (Strings{"café"}));
}

TEST(Mentions, HandlesWithoutTrailingPunctuationAndNotEmails) {
  EXPECT_EQ(text::mentions("Thanks @Ana.Kim. And @bo_b, @x"), (Strings{"ana.kim", "bo_b"}));
  EXPECT_TRUE(text::mentions("mail ana@example.org").empty());
  EXPECT_EQ(text::mentions("@ana @ana"), (Strings{"ana"}));
}

TEST(Text, HtmlEscapeAndMarkedSnippet) {
  EXPECT_EQ(text::html_escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(queries::make_snippet("say <b>Hi there</b> now", "hi"),
            "say &lt;b&gt;<mark>Hi</mark> there&lt;/b&gt; now");
  EXPECT_EQ(queries::make_snippet("one two three four five six seven", "six", 3),
            "…five <mark>six</mark> seven");
  EXPECT_EQ(queries::make_snippet("one two three four five six seven", "tw", 3), "one <mark>two</mark> three…");
}

TEST(Topics, ValidNames) {
  EXPECT_TRUE(text::valid_topic("ops"));
  EXPECT_TRUE(text::valid_topic("q4"));
  EXPECT_FALSE(text::valid_topic("42"));
  EXPECT_FALSE(text::valid_topic(""));
  EXPECT_FALSE(text::valid_topic("a b"));
  EXPECT_FALSE(text::valid_topic(std::string(51, 'a')));
}

}  // namespace
}  // namespace weft
