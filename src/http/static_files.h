// StaticFiles: the built web UI, loaded into memory at start-up and served with the right type
// and cache headers: content-hashed files under /assets/ are immutable for a year, everything
// else (index.html) is revalidated every time. Unknown paths get index.html (SPA fallback).
// Files compressed at build time (X.br, X.gz next to X) are sent instead of X to clients that
// accept them (Content-Encoding, Vary: Accept-Encoding, an ETag per encoding).
#pragma once

#include <string>
#include <unordered_map>

#include "http/message.h"

namespace weft::http {

class StaticFiles {
 public:
  // Loads every file below `root`; an empty or missing root serves a short notice instead.
  explicit StaticFiles(const std::string& root);
  Response serve(const Request& request) const;
  std::size_t file_count() const { return files_.size(); }

 private:
  struct File {
    std::string body;
    std::string content_type;
    std::string etag;
    bool immutable = false;
    std::string brotli;  // the same bytes compressed at build time (file.br), if smaller
    std::string gzip;    // file.gz
  };
  Response answer(const File& file, const Request& request) const;
  std::unordered_map<std::string, File> files_;
};

std::string content_type_for(const std::string& path);
// Whether an Accept-Encoding header accepts `coding` (a q=0 refuses it; "*" accepts it).
bool accepts_encoding(std::string_view accept_encoding, std::string_view coding);
// Content-Security-Policy sent with the web UI.
extern const char* const kHtmlPolicy;

}  // namespace weft::http
