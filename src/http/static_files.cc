#include "http/static_files.h"

#include <cctype>

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto.h"

namespace weft::http {

const char* const kHtmlPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

std::string content_type_for(const std::string& path) {
  auto ends = [&](const char* suffix) { return path.ends_with(suffix); };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json")) return "application/json";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".woff2")) return "font/woff2";
  if (ends(".txt")) return "text/plain; charset=utf-8";
  if (ends(".webmanifest")) return "application/manifest+json";
  return "application/octet-stream";
}

StaticFiles::StaticFiles(const std::string& root) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (root.empty() || !fs::is_directory(root, ec)) {
    spdlog::warn("web UI not found at '{}': run `make web` (the API still works)", root);
    return;
  }
  auto read = [](const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
  };
  for (auto it = fs::recursive_directory_iterator(root, ec); it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (ec || !it->is_regular_file()) continue;
    const std::string extension = it->path().extension().string();
    if (extension == ".br" || extension == ".gz") continue;  // variants of another file
    std::string relative = "/" + fs::relative(it->path(), root).generic_string();
    File file;
    file.body = read(it->path());
    for (auto [suffix, target] : {std::pair{".br", &file.brotli}, std::pair{".gz", &file.gzip}}) {
      fs::path variant = it->path();
      variant += suffix;
      if (fs::is_regular_file(variant, ec)) {
        std::string bytes = read(variant);
        if (!bytes.empty() && bytes.size() < file.body.size()) *target = std::move(bytes);
      }
    }
    file.content_type = content_type_for(relative);
    file.etag = "\"" + crypto::sha256_hex(file.body).substr(0, 16) + "\"";
    file.immutable = relative.starts_with("/assets/");
    files_.emplace(relative, std::move(file));
  }
  spdlog::info("web UI: {} files from {}", files_.size(), root);
}

bool accepts_encoding(std::string_view accept_encoding, std::string_view coding) {
  bool star = false;
  while (!accept_encoding.empty()) {
    const auto comma = accept_encoding.find(',');
    std::string_view item = accept_encoding.substr(0, comma);
    accept_encoding = comma == std::string_view::npos ? std::string_view() : accept_encoding.substr(comma + 1);
    const auto semicolon = item.find(';');
    std::string_view name = item.substr(0, semicolon);
    std::string_view params = semicolon == std::string_view::npos ? std::string_view() : item.substr(semicolon + 1);
    auto trim = [](std::string_view s) {
      while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
      while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
      return s;
    };
    name = trim(name);
    params = trim(params);
    // q=0 (or 0.0, 0.00, 0.000) refuses the coding.
    bool refused = false;
    if (params.starts_with("q=") || params.starts_with("Q=")) {
      std::string_view q = params.substr(2);
      refused = !q.empty() && q.front() == '0' && q.find_first_not_of("0.", 0) == std::string_view::npos;
    }
    auto equal = [](std::string_view a, std::string_view b) {
      if (a.size() != b.size()) return false;
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
      }
      return true;
    };
    if (equal(name, coding)) return !refused;
    if (name == "*" && !refused) star = true;
  }
  return star;
}

Response StaticFiles::answer(const File& file, const Request& request) const {
  Response response;
  // The representation sent: compressed at build time when the client accepts it.
  const std::string* body = &file.body;
  std::string encoding;
  const std::string_view accepted = request.header("accept-encoding");
  if (!file.brotli.empty() && accepts_encoding(accepted, "br")) {
    body = &file.brotli;
    encoding = "br";
  } else if (!file.gzip.empty() && accepts_encoding(accepted, "gzip")) {
    body = &file.gzip;
    encoding = "gzip";
  }
  // Each representation has its own tag, so that a cache never mixes them up.
  const std::string etag =
      encoding.empty() ? file.etag : file.etag.substr(0, file.etag.size() - 1) + "-" + encoding + "\"";
  response.set_header("ETag", etag);
  response.set_header("Cache-Control", file.immutable ? "public, max-age=31536000, immutable"
                                                      : "no-cache");
  if (!file.brotli.empty() || !file.gzip.empty()) response.set_header("Vary", "Accept-Encoding");
  if (request.header("if-none-match") == etag) {
    response.status = 304;
    response.content_type.clear();
    return response;
  }
  if (!encoding.empty()) response.set_header("Content-Encoding", encoding);
  response.content_type = file.content_type;
  response.body = *body;
  return response;
}

Response StaticFiles::serve(const Request& request) const {
  if (auto it = files_.find(request.path); it != files_.end() && request.path != "/index.html") {
    return answer(it->second, request);
  }
  // A missing hashed asset is a real 404; any other path is a page of the single-page app.
  if (request.path.starts_with("/assets/")) {
    Response response;
    response.status = 404;
    response.content_type = "text/plain; charset=utf-8";
    response.body = "Not found\n";
    return response;
  }
  if (auto it = files_.find("/index.html"); it != files_.end()) return answer(it->second, request);
  Response response;
  response.status = 503;
  response.content_type = "text/plain; charset=utf-8";
  response.body = "The Weft web UI is not built. Run `make run` (or `make web`).\n";
  return response;
}

}  // namespace weft::http
