#include "pages/archive.h"

#include <zip.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "core/json.h"
#include "pages/merge.h"

namespace weft::pages {
namespace {

// A file's path in an archive or an import: its bytes, and the folders above it.
constexpr std::size_t kMaxPathBytes = 1000;
constexpr std::size_t kMaxDepth = 32;

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return out;
}

// Cut to at most `bytes`, never inside a UTF-8 sequence.
std::string_view cut(std::string_view text, std::size_t bytes) {
  if (text.size() <= bytes) return text;
  std::size_t end = bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

// At most `chars` characters of valid UTF-8.
std::string cut_chars(std::string_view text, std::size_t chars) {
  std::size_t count = 0, at = 0;
  for (; at < text.size(); ++at) {
    if ((static_cast<unsigned char>(text[at]) & 0xC0) != 0x80 && count++ == chars) break;
  }
  return std::string(text.substr(0, at));
}

std::string trim(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  const auto end = text.find_last_not_of(" \t");
  return std::string(text.substr(begin, end - begin + 1));
}

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"' || ch == '\\') out.push_back('\\');
    if (ch == '\n' || ch == '\r') {  // escaped, or an import would read the line as two
      out += ch == '\n' ? "\\n" : "\\r";
      continue;
    }
    out.push_back(ch);
  }
  return out + "\"";
}

std::string unquoted(std::string_view value) {
  std::string text = trim(value);
  if (text.size() < 2 || !((text.front() == '"' && text.back() == '"') || (text.front() == '\'' && text.back() == '\''))) {
    return text;
  }
  std::string out;
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    if (text.front() == '"' && text[i] == '\\' && i + 2 < text.size()) {
      ++i;
      out.push_back(text[i] == 'n' ? '\n' : text[i] == 'r' ? '\r' : text[i]);
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

struct Parsed {
  std::optional<std::string> title;
  std::string body;
};

// A front matter ("---" lines around "key: value" lines) gives the title; otherwise a first
// "# heading" does, and leaves the body with the blank line after it.
Parsed parse_markdown(std::string_view text) {
  Parsed out;
  if (text.starts_with("---\n")) {
    std::size_t end = text.find("\n---", 3);
    if (end != std::string_view::npos && (end + 4 == text.size() || text[end + 4] == '\n')) {
      std::string_view matter = text.substr(4, end - 3);
      for (std::size_t start = 0; start < matter.size();) {
        std::size_t stop = matter.find('\n', start);
        if (stop == std::string_view::npos) stop = matter.size();
        std::string_view line = matter.substr(start, stop - start);
        if (auto colon = line.find(':'); colon != std::string_view::npos && trim(line.substr(0, colon)) == "title") {
          if (auto title = unquoted(line.substr(colon + 1)); !title.empty()) out.title = title;
        }
        start = stop + 1;
      }
      text.remove_prefix(std::min(text.size(), end + 5));
      out.body = std::string(text);
      return out;
    }
  }
  if (text.starts_with("# ")) {
    std::size_t stop = text.find('\n');
    std::string heading = trim(text.substr(2, stop == std::string_view::npos ? std::string_view::npos : stop - 2));
    if (!heading.empty()) {
      out.title = heading;
      text.remove_prefix(stop == std::string_view::npos ? text.size() : stop + 1);
      if (text.starts_with("\n")) text.remove_prefix(1);
    }
  }
  out.body = std::string(text);
  return out;
}

bool is_markdown(std::string_view name) {
  const std::string low = lower(name);
  return low.ends_with(".md") || low.ends_with(".markdown");
}

std::string stem(std::string_view name) {
  const auto dot = name.rfind('.');
  return std::string(dot == std::string_view::npos ? name : name.substr(0, dot));
}

bool hidden(std::string_view path) {
  if (path.starts_with("__MACOSX/")) return true;
  for (std::size_t start = 0; start < path.size();) {
    std::size_t stop = path.find('/', start);
    if (stop == std::string_view::npos) stop = path.size();
    if (path[start] == '.') return true;
    start = stop + 1;
  }
  return false;
}

using Zip = std::unique_ptr<zip_t, void (*)(zip_t*)>;

}  // namespace

std::string file_name_of(std::string_view title) {
  std::string out;
  for (char ch : title) {
    const auto byte = static_cast<unsigned char>(ch);
    if (byte < 0x20 || byte == 0x7F || std::string_view("/\\:*?\"<>|").find(ch) != std::string_view::npos) {
      out.push_back('-');
    } else {
      out.push_back(ch);
    }
  }
  out = trim(out);
  while (!out.empty() && (out.back() == '.' || out.back() == ' ')) out.pop_back();  // Windows drops them
  while (!out.empty() && out.front() == '.') out.erase(out.begin());                 // not a hidden file
  out = std::string(cut(out, 80));
  return out.empty() ? "Untitled" : out;
}

Result<std::string> zip_files(const std::vector<ArchiveFile>& files) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (!buffer) return fail(ErrorCode::kInternal, "Could not start a zip archive.");
  zip_source_keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (!archive) {
    zip_source_free(buffer);
    return fail(ErrorCode::kInternal, "Could not start a zip archive.");
  }
  for (const auto& file : files) {
    zip_source_t* source = zip_source_buffer(archive, file.content.data(), file.content.size(), 0);
    if (!source || zip_file_add(archive, file.path.c_str(), source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
      if (source) zip_source_free(source);
      zip_discard(archive);
      zip_source_free(buffer);
      return fail(ErrorCode::kInternal, "Could not add " + file.path + " to the zip archive.");
    }
  }
  if (zip_close(archive) < 0) {
    zip_discard(archive);
    zip_source_free(buffer);
    return fail(ErrorCode::kInternal, "Could not write the zip archive.");
  }
  std::string out;
  if (zip_source_open(buffer) == 0) {
    zip_source_seek(buffer, 0, SEEK_END);
    const zip_int64_t size = zip_source_tell(buffer);
    zip_source_seek(buffer, 0, SEEK_SET);
    if (size > 0) {
      out.resize(static_cast<std::size_t>(size));
      const zip_int64_t read = zip_source_read(buffer, out.data(), out.size());
      out.resize(read > 0 ? static_cast<std::size_t>(read) : 0);
    }
    zip_source_close(buffer);
  }
  zip_source_free(buffer);
  if (out.empty()) return fail(ErrorCode::kInternal, "Could not write the zip archive.");
  return out;
}

Result<std::vector<ArchiveFile>> unzip_files(std::string_view bytes, const ArchiveLimits& limits) {
  const auto not_zip = [] { return invalid("archive", "archive must be a zip file."); };
  if (bytes.empty()) return not_zip();
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!source) return not_zip();
  zip_t* opened = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (!opened) {
    zip_source_free(source);
    return not_zip();
  }
  Zip archive(opened, zip_discard);
  const zip_int64_t entries = zip_get_num_entries(archive.get(), 0);
  std::vector<ArchiveFile> out;
  std::size_t total = 0;
  for (zip_int64_t i = 0; i < entries; ++i) {
    zip_stat_t stat;
    if (zip_stat_index(archive.get(), static_cast<zip_uint64_t>(i), ZIP_FL_ENC_GUESS, &stat) != 0 || !stat.name) {
      return not_zip();
    }
    std::string name = stat.name;
    std::replace(name.begin(), name.end(), '\\', '/');
    while (name.starts_with("/") || name.starts_with("./")) name.erase(0, name.starts_with("/") ? 1 : 2);
    if (name.empty() || name.ends_with("/") || hidden(name)) continue;
    if (out.size() >= limits.max_files) {
      return invalid("archive", "The archive holds more than " + std::to_string(limits.max_files) + " files.");
    }
    if (name.size() > kMaxPathBytes) {
      return invalid("archive", "A file's path in the archive is longer than " + std::to_string(kMaxPathBytes) + " bytes.");
    }
    if (!json::valid_utf8(name)) return invalid("archive", "A file name in the archive is not UTF-8.");
    if (name.find("../") != std::string::npos || name == "..") {
      return invalid("archive", name + ": a file name may not climb out of the archive's folder.");
    }
    zip_file_t* file = zip_fopen_index(archive.get(), static_cast<zip_uint64_t>(i), 0);
    if (!file) return invalid("archive", name + " could not be read (encrypted, or a method zip does not know).");
    // Read what the data holds, not what the header claims, and stop past the limits.
    std::string content;
    char chunk[16384];
    zip_int64_t got = 0;
    bool failed = false;
    while ((got = zip_fread(file, chunk, sizeof chunk)) > 0) {
      content.append(chunk, static_cast<std::size_t>(got));
      if (content.size() > limits.max_file_bytes || total + content.size() > limits.max_total_bytes) break;
    }
    if (got < 0) failed = true;
    zip_fclose(file);
    if (failed) return invalid("archive", name + " is damaged in the archive.");
    if (content.size() > limits.max_file_bytes) {
      return invalid("archive", name + " is larger than " + std::to_string(limits.max_file_bytes / 1024) + " KB.");
    }
    total += content.size();
    if (total > limits.max_total_bytes) {
      return invalid("archive", "The archive's files come to more than " +
                                    std::to_string(limits.max_total_bytes >> 20) + " MB.");
    }
    out.push_back({std::move(name), std::move(content)});
  }
  return out;
}

std::vector<ArchiveFile> export_files(const std::vector<ExportedPage>& pages) {
  std::map<int64_t, const ExportedPage*> by_id;
  for (const auto& page : pages) by_id[page.id] = &page;
  std::map<int64_t, std::vector<const ExportedPage*>> children;  // 0: the top
  for (const auto& page : pages) {
    const int64_t parent = page.parent_id && by_id.contains(*page.parent_id) ? *page.parent_id : 0;
    children[parent].push_back(&page);
  }
  std::vector<ArchiveFile> out;
  std::set<int64_t> written;  // a tree with a cycle would otherwise never end
  std::function<void(int64_t, const std::string&)> write = [&](int64_t parent, const std::string& folder) {
    auto& list = children[parent];
    std::sort(list.begin(), list.end(), [](const ExportedPage* a, const ExportedPage* b) {
      return std::pair(lower(a->title), a->id) < std::pair(lower(b->title), b->id);
    });
    std::set<std::string> taken;
    for (const ExportedPage* page : list) {
      if (!written.insert(page->id).second) continue;
      const std::string base = file_name_of(page->title);
      std::string name = base;
      for (int n = 2; taken.contains(lower(name)); ++n) name = base + " (" + std::to_string(n) + ")";
      taken.insert(lower(name));
      std::string text = "---\ntitle: " + quoted(page->title) + "\nweft_page: \"" + std::to_string(page->id) +
                         "\"\nweft_revision: \"" + std::to_string(page->revision) + "\"\nupdated_at: \"" +
                         page->updated_at + "\"\n---\n" + page->body;
      out.push_back({folder + name + ".md", std::move(text)});
      write(page->id, folder + name + "/");
    }
  };
  write(0, "");
  return out;
}

Result<ImportPlan> import_plan(const std::vector<ArchiveFile>& files, std::size_t max_pages, std::size_t max_title_chars,
                               std::size_t max_body_chars) {
  ImportPlan plan;
  struct Node {
    std::optional<std::string> title;
    std::string body, path;
    bool file = false;
  };
  std::map<std::string, Node> nodes;  // by path without extension; a parent's key sorts before its children's
  for (const auto& file : files) {
    if (!is_markdown(file.path)) {
      plan.skipped.push_back(file.path);
      continue;
    }
    if (!json::valid_utf8(file.content)) return invalid("archive", file.path + " is not UTF-8 text.");
    // Each folder above a file is a page of its own: a path of thousands of folders would make
    // thousands of pages (and hold each one's path) before the count below could refuse them.
    if (file.path.size() > kMaxPathBytes) {
      return invalid("archive", "A file's path is longer than " + std::to_string(kMaxPathBytes) + " bytes.");
    }
    if (std::count(file.path.begin(), file.path.end(), '/') >= static_cast<std::ptrdiff_t>(kMaxDepth)) {
      return invalid("archive", cut_chars(file.path, 80) + "…: folders nest more than " + std::to_string(kMaxDepth) +
                                    " deep.");
    }
    const std::string key = stem(file.path);
    if (nodes.contains(key) && nodes[key].file) {
      return invalid("archive", file.path + ": two files make the same page.");
    }
    Parsed parsed = parse_markdown(normalize_newlines(file.content));
    if (json::utf8_length(parsed.body) > max_body_chars) {
      return invalid("archive", file.path + " is longer than " + std::to_string(max_body_chars) + " characters.");
    }
    Node& node = nodes[key];
    node = Node{parsed.title, std::move(parsed.body), file.path, true};
    // Every folder above it is a page: the file of the same name, or one made for the folder.
    for (std::size_t slash = key.rfind('/'); slash != std::string::npos && slash > 0; slash = key.rfind('/', slash - 1)) {
      const std::string folder = key.substr(0, slash);
      if (!nodes.contains(folder)) nodes[folder] = Node{std::nullopt, "", folder + "/", false};
      if (slash == 0) break;
    }
    if (nodes.size() > max_pages) {
      return invalid("archive", "That would make more than " + std::to_string(max_pages) + " pages; at most " +
                                    std::to_string(max_pages) + " at once.");
    }
  }
  if (nodes.empty()) return invalid("archive", "There is no Markdown file (.md) to import.");
  if (nodes.size() > max_pages) {
    return invalid("archive", "That would make " + std::to_string(nodes.size()) + " pages; at most " +
                                  std::to_string(max_pages) + " at once.");
  }
  std::map<std::string, int> index;
  for (auto& [key, node] : nodes) {
    ImportedPage page;
    page.path = node.path;
    const std::string name = key.substr(key.rfind('/') == std::string::npos ? 0 : key.rfind('/') + 1);
    std::string title = trim(node.title.value_or(name));
    if (title.empty()) title = "Untitled";
    page.title = cut_chars(title, max_title_chars);
    page.body = std::move(node.body);
    if (auto slash = key.rfind('/'); slash != std::string::npos) page.parent = index.at(key.substr(0, slash));
    index[key] = static_cast<int>(plan.pages.size());
    plan.pages.push_back(std::move(page));
  }
  return plan;
}

}  // namespace weft::pages
