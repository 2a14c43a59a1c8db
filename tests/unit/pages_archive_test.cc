// A space's pages as a zip of Markdown files and back: the tree becomes folders and comes back as
// parents; titles survive file names; same-named siblings both survive; Markdown from elsewhere
// takes its title from a first heading or its name; what is not a zip, not UTF-8 or too large is
// refused, whatever the archive's headers claim.
#include <gtest/gtest.h>

#include "pages/archive.h"

namespace weft::pages {
namespace {

std::vector<ExportedPage> handbook() {
  return {
      {1, std::nullopt, "Returns handbook", "Scan the box.\n", 11, "2026-11-30T10:00:00Z"},
      {2, 1, "Inspections", "Look for damage.\n", 12, "2026-11-30T10:00:00Z"},
      {3, 1, "Refunds: when/how?", "Within 14 days.\n", 13, "2026-11-30T10:00:00Z"},
      {4, std::nullopt, "Café \"Zürich\" notes", "# Menu\n\nCoffee ☕\n", 14, "2026-11-30T10:00:00Z"},
      {5, std::nullopt, "Returns handbook", "A second page of the same name.\n", 15, "2026-11-30T10:00:00Z"},
      {6, 2, "Damage photos", "Take three.", 16, "2026-11-30T10:00:00Z"},
  };
}

TEST(PagesArchive, ExportWritesOneFilePerPageInFoldersByTheTree) {
  const auto files = export_files(handbook());
  std::vector<std::string> paths;
  for (const auto& f : files) paths.push_back(f.path);
  const std::vector<std::string> expected{
      "Café -Zürich- notes.md",
      "Returns handbook.md",
      "Returns handbook/Inspections.md",
      "Returns handbook/Inspections/Damage photos.md",
      "Returns handbook/Refunds- when-how-.md",
      "Returns handbook (2).md",
  };
  EXPECT_EQ(paths, expected);
  EXPECT_EQ(files[0].content,
            "---\ntitle: \"Café \\\"Zürich\\\" notes\"\nweft_page: \"4\"\nweft_revision: \"14\"\n"
            "updated_at: \"2026-11-30T10:00:00Z\"\n---\n# Menu\n\nCoffee ☕\n");
}

TEST(PagesArchive, ARoundTripThroughAZipKeepsTitlesBodiesAndTheTree) {
  auto zip = zip_files(export_files(handbook()));
  ASSERT_TRUE(zip) << zip.error().message;
  EXPECT_TRUE(zip->starts_with("PK"));
  auto files = unzip_files(*zip);
  ASSERT_TRUE(files) << files.error().message;
  auto plan = import_plan(*files, 100, 200, 200000);
  ASSERT_TRUE(plan) << plan.error().message;
  ASSERT_EQ(plan->pages.size(), 6u);
  std::map<std::string, const ImportedPage*> by_title;
  for (const auto& p : plan->pages) by_title[p.title + (p.body.starts_with("A second") ? " 2" : "")] = &p;
  ASSERT_TRUE(by_title.contains("Café \"Zürich\" notes"));
  EXPECT_EQ(by_title["Café \"Zürich\" notes"]->body, "# Menu\n\nCoffee ☕\n");  // a heading in the body stays
  EXPECT_EQ(by_title["Refunds: when/how?"]->body, "Within 14 days.\n");
  EXPECT_EQ(by_title["Damage photos"]->body, "Take three.");
  ASSERT_TRUE(by_title.contains("Returns handbook 2"));
  EXPECT_EQ(by_title["Returns handbook 2"]->parent, -1);
  const auto& inspections = *by_title["Inspections"];
  ASSERT_GE(inspections.parent, 0);
  EXPECT_EQ(plan->pages[inspections.parent].title, "Returns handbook");
  ASSERT_GE(by_title["Damage photos"]->parent, 0);
  EXPECT_EQ(plan->pages[by_title["Damage photos"]->parent].title, "Inspections");
  for (std::size_t i = 0; i < plan->pages.size(); ++i) EXPECT_LT(plan->pages[i].parent, static_cast<int>(i));
}

TEST(PagesArchive, MarkdownFromElsewhere) {
  const std::vector<ArchiveFile> files{
      {"guide/intro.md", "# Welcome aboard\n\nStart here.\r\n"},
      {"guide/setup/laptop.markdown", "No heading, so the name is the title."},
      {"guide/logo.png", "\x89PNG"},
      {"README.MD", "#NotAHeading\n"},
  };
  auto plan = import_plan(files, 100, 200, 200000);
  ASSERT_TRUE(plan) << plan.error().message;
  std::vector<std::pair<std::string, std::string>> pages;
  for (const auto& p : plan->pages) {
    pages.emplace_back(p.title, p.parent < 0 ? "" : plan->pages[p.parent].title);
  }
  const std::vector<std::pair<std::string, std::string>> expected{
      {"README", ""}, {"guide", ""}, {"Welcome aboard", "guide"}, {"setup", "guide"}, {"laptop", "setup"}};
  EXPECT_EQ(pages, expected);
  EXPECT_EQ(plan->pages[2].body, "Start here.\n");  // the heading became the title; CRLF read as LF
  EXPECT_EQ(plan->pages[1].body, "");                // a page for the folder
  EXPECT_EQ(plan->skipped, std::vector<std::string>{"guide/logo.png"});
}

TEST(PagesArchive, RefusesWhatCannotBePages) {
  EXPECT_FALSE(import_plan({{"a.txt", "x"}}, 100, 200, 200000));
  auto bad = import_plan({{"a.md", std::string("caf\xC3", 4)}}, 100, 200, 200000);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("a.md"), std::string::npos);
  EXPECT_FALSE(import_plan({{"a.md", std::string(300, 'x')}}, 100, 200, 100));
  EXPECT_FALSE(import_plan({{"a/b/c.md", "x"}}, 2, 200, 200000));  // three pages with the folders
  EXPECT_FALSE(import_plan({{"a.md", "x"}, {"a.markdown", "y"}}, 100, 200, 200000));
  // A path of thousands of folders is refused before a page is made for each (each one held its
  // path: gigabytes for one entry of a small zip).
  std::string deep;
  for (int i = 0; i < 30000; ++i) deep += "a/";
  auto too_deep = import_plan({{deep + "x.md", "x"}}, 500, 200, 200000);
  ASSERT_FALSE(too_deep);
  EXPECT_NE(too_deep.error().message.find("1000 bytes"), std::string::npos) << too_deep.error().message;
  std::string nested;
  for (int i = 0; i < 40; ++i) nested += "f/";
  auto nested_plan = import_plan({{nested + "x.md", "x"}}, 500, 200, 200000);
  ASSERT_FALSE(nested_plan);
  EXPECT_NE(nested_plan.error().message.find("nest more than 32"), std::string::npos) << nested_plan.error().message;
  EXPECT_TRUE(import_plan({{"a/b/c/d/e/f/g/h.md", "x"}}, 500, 200, 200000));
  // Refused as soon as the pages outnumber the limit.
  std::vector<ArchiveFile> wide;
  for (int i = 0; i < 20; ++i) wide.push_back({"folder" + std::to_string(i) + "/page.md", "x"});
  auto wide_plan = import_plan(wide, 10, 200, 200000);
  ASSERT_FALSE(wide_plan);
  EXPECT_NE(wide_plan.error().message.find("more than 10 pages"), std::string::npos) << wide_plan.error().message;
  // A long title is cut, at a character boundary.
  auto longer = import_plan({{"t.md", "# " + std::string(150, 'e') + "é\n"}}, 100, 100, 200000);
  ASSERT_TRUE(longer);
  EXPECT_EQ(longer->pages[0].title, std::string(100, 'e'));
}

TEST(PagesArchive, UnzipRefusesWhatIsNotAZipAndHoldsItsLimits) {
  EXPECT_FALSE(unzip_files("not a zip at all"));
  EXPECT_FALSE(unzip_files(""));
  // Four megabytes of one letter compress to a few kilobytes: read up to the limit, then refused.
  auto bomb = zip_files({{"big.md", std::string(4 << 20, 'a')}});
  ASSERT_TRUE(bomb);
  EXPECT_LT(bomb->size(), 64u * 1024);
  auto refused = unzip_files(*bomb, {.max_files = 10, .max_file_bytes = 1 << 20, .max_total_bytes = 8 << 20});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("big.md"), std::string::npos);
  auto many = zip_files({{"a.md", "a"}, {"b.md", "b"}, {"c.md", "c"}});
  ASSERT_TRUE(many);
  EXPECT_FALSE(unzip_files(*many, {.max_files = 2}));
  auto long_name = zip_files({{std::string(2000, 'n') + ".md", "x"}});
  ASSERT_TRUE(long_name);
  EXPECT_FALSE(unzip_files(*long_name));
  auto total = unzip_files(*many, {.max_files = 10, .max_file_bytes = 10, .max_total_bytes = 2});
  EXPECT_FALSE(total);
  // Folders, hidden files and macOS's resource forks are left out.
  auto mixed = zip_files({{"docs/a.md", "a"}, {".DS_Store", "x"}, {"__MACOSX/docs/._a.md", "x"}, {"docs/.hidden.md", "x"}});
  ASSERT_TRUE(mixed);
  auto files = unzip_files(*mixed);
  ASSERT_TRUE(files);
  ASSERT_EQ(files->size(), 1u);
  EXPECT_EQ((*files)[0].path, "docs/a.md");
}

TEST(PagesArchive, FileNames) {
  EXPECT_EQ(file_name_of("a/b\\c:d*e?f\"g<h>i|j"), "a-b-c-d-e-f-g-h-i-j");
  EXPECT_EQ(file_name_of("  ...  "), "Untitled");
  EXPECT_EQ(file_name_of(".hidden"), "hidden");
  EXPECT_EQ(file_name_of("Ends with a dot."), "Ends with a dot");
  const std::string long_name = std::string(79, 'x') + "é";
  EXPECT_EQ(file_name_of(long_name), std::string(79, 'x'));  // not cut inside the é
}

}  // namespace
}  // namespace weft::pages
