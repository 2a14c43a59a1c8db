#include "http/static_files.h"

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
  for (auto it = fs::recursive_directory_iterator(root, ec); it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (ec || !it->is_regular_file()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string relative = "/" + fs::relative(it->path(), root).generic_string();
    File file;
    file.body = buffer.str();
    file.content_type = content_type_for(relative);
    file.etag = "\"" + crypto::sha256_hex(file.body).substr(0, 16) + "\"";
    file.immutable = relative.starts_with("/assets/");
    files_.emplace(relative, std::move(file));
  }
  spdlog::info("web UI: {} files from {}", files_.size(), root);
}

Response StaticFiles::answer(const File& file, const Request& request) const {
  Response response;
  response.set_header("ETag", file.etag);
  response.set_header("Cache-Control", file.immutable ? "public, max-age=31536000, immutable"
                                                      : "no-cache");
  if (request.header("if-none-match") == file.etag) {
    response.status = 304;
    response.content_type.clear();
    return response;
  }
  response.content_type = file.content_type;
  response.body = file.body;
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
