// A space's pages as a folder of Markdown files, zipped, and back. Export: each page is
// "Title.md" (with a short front matter: its title, id and revision); the pages under it are in
// the folder "Title/"; siblings of the same name get " (2)", " (3)". Import: every ".md" or
// ".markdown" file becomes a page, and every folder a parent — the page of the same name beside
// the folder, or else a page made for the folder. A page's title is its front matter's title, else
// a first "# heading" (which then leaves the body), else the file's name. The zip is read and
// written by libzip, with limits that hold whatever an archive's headers claim.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace weft::pages {

struct ArchiveFile {
  std::string path;  // "/"-separated, relative
  std::string content;
};

struct ArchiveLimits {
  std::size_t max_files = 1000;              // entries that are files, all kinds
  std::size_t max_file_bytes = 800 * 1024;   // one file, uncompressed
  std::size_t max_total_bytes = 32 << 20;    // all files, uncompressed
};

// A zip of the files (deflated; names in UTF-8).
Result<std::string> zip_files(const std::vector<ArchiveFile>& files);
// The files of a zip (folders, "__MACOSX/" and hidden files such as ".DS_Store" left out);
// invalid_argument for what is not a zip or breaks the limits.
Result<std::vector<ArchiveFile>> unzip_files(std::string_view zip, const ArchiveLimits& limits = {});

struct ExportedPage {
  int64_t id = 0;
  std::optional<int64_t> parent_id;
  std::string title, body;
  int64_t revision = 0;
  std::string updated_at;  // RFC 3339
};
// One Markdown file per page, in folders by the tree; pages whose parent is not among them are at
// the top.
std::vector<ArchiveFile> export_files(const std::vector<ExportedPage>& pages);

struct ImportedPage {
  std::string path;  // the file it came from, or the folder it stands for
  std::string title, body;
  int parent = -1;  // index of its parent in the plan (which comes before it), or -1
};
// The pages a folder of files makes, parents before children; files that are not Markdown are
// skipped (counted in `skipped`). invalid_argument, naming the file, for text that is not UTF-8 or
// too long, and when there is no Markdown at all or more than `max_pages` pages.
struct ImportPlan {
  std::vector<ImportedPage> pages;
  std::vector<std::string> skipped;
};
Result<ImportPlan> import_plan(const std::vector<ArchiveFile>& files, std::size_t max_pages, std::size_t max_title_chars,
                               std::size_t max_body_chars);

// A file name for a title: no "/", "\\", control characters or characters Windows refuses; at
// most 80 bytes, cut at a character boundary; "Untitled" when nothing is left.
std::string file_name_of(std::string_view title);

}  // namespace weft::pages
