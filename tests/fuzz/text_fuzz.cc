// Text from users: #topic and @mention parsing and the text helpers (core/text.h), search queries
// (search::fts_prefix_query, run against the store's real FTS5 tables), search snippets
// (queries::make_snippet) and the query-string and cookie readers of http/message.h.
//
// Input: a byte for make_snippet's word count, then a text and a query separated by the first NUL
// byte (without one, the text is its own query).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

#include "core/crypto.h"
#include "core/json.h"
#include "core/text.h"
#include "fuzz_support.h"
#include "http/message.h"
#include "queries/people.h"
#include "search/sqlite_index.h"
#include "queries/search.h"
#include "store/store.h"

namespace {

namespace fs = std::filesystem;
using weft::http::Request;

std::string g_text, g_query;  // the input being checked, for reports

[[noreturn]] void broken(const std::string& what) {
  Request request;
  request.method = "(text)";
  request.target = g_query;
  request.body = g_text;
  weft::fuzz::report(what, request);
}

bool ascii_upper(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 'A' && c <= 'Z') return true;
  }
  return false;
}

// A store with the real FTS5 tables (posts_fts, people_fts, work_fts), created once.
weft::store::Store& fts_store() {
  static weft::store::Store* store = [] {
    static fs::path dir = weft::fuzz::make_scratch_dir("text");
    auto opened = weft::store::open_sqlite((dir / "weft.db").string());
    if (!opened) {
      std::fprintf(stderr, "cannot open the store: %s\n", opened.error().message.c_str());
      std::abort();
    }
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(dir, ec);
    });
    return opened->release();  // lives until exit
  }();
  return *store;
}

void check_match(const std::string& match) {
  if (match.empty()) return;
  for (const char* table : {"posts_fts", "people_fts", "work_fts"}) {
    std::string sql = std::string("SELECT rowid FROM ") + table + " WHERE " + table + " MATCH ? LIMIT 1";
    auto ran = weft::store::read(fts_store(), [&](weft::store::Connection& c) -> weft::Result<bool> {
      auto rows = c.query(sql, {match});
      rows->next();
      return true;
    });
    if (!ran) broken(std::string(table) + " refuses the search query " + match + ": " + ran.error().message);
  }
}

void check_fts_query(const std::string& q) {
  std::string match = weft::search::fts_prefix_query(q);
  // "word"* "word"* …: nothing but quoted words that hold no quote.
  std::string_view rest = match;
  while (!rest.empty()) {
    if (rest.front() != '"') broken("fts_prefix_query: a term does not start with a quote: " + match);
    auto close = rest.find('"', 1);
    if (close == std::string_view::npos || close == 1 || close + 1 >= rest.size() || rest[close + 1] != '*') {
      broken("fts_prefix_query: a malformed term: " + match);
    }
    rest.remove_prefix(close + 2);
    if (!rest.empty()) {
      if (rest.front() != ' ') broken("fts_prefix_query: terms not separated by a space: " + match);
      rest.remove_prefix(1);
    }
  }
  if (weft::json::valid_utf8(q) && !weft::json::valid_utf8(match)) broken("fts_prefix_query split a character");
  check_match(match);
  check_match(weft::search::fts_prefix_query(q, false));  // the posts' form: only the last word a prefix
}

void check_snippet(const std::string& text, const std::string& q, std::size_t max_words) {
  std::string snippet = weft::queries::make_snippet(text, q, max_words);
  // Only <mark>…</mark> is markup; everything else is escaped.
  std::string plain;
  int open = 0;
  for (std::size_t i = 0; i < snippet.size();) {
    if (snippet.compare(i, 6, "<mark>") == 0) {
      if (open) broken("make_snippet nests <mark>");
      open = 1;
      i += 6;
    } else if (snippet.compare(i, 7, "</mark>") == 0) {
      if (!open) broken("make_snippet closes a <mark> it did not open");
      open = 0;
      i += 7;
    } else {
      plain += snippet[i++];
    }
  }
  if (open) broken("make_snippet leaves a <mark> open");
  if (plain.find_first_of("<>\"'") != std::string::npos) broken("make_snippet lets markup through: " + snippet);
  if (weft::json::valid_utf8(text) && !weft::json::valid_utf8(snippet)) {
    broken("make_snippet cut a UTF-8 character: " + snippet);
  }
}

void check_text_helpers(const std::string& text) {
  auto topics = weft::text::topics(text);
  for (std::size_t i = 0; i < topics.size(); ++i) {
    if (!weft::text::valid_topic(topics[i])) broken("topics() answered an invalid topic: " + topics[i]);
    if (ascii_upper(topics[i])) broken("topics() answered upper case: " + topics[i]);
    if (topics[i].back() == '-' || topics[i].back() == '_') broken("topics() kept a trailing - or _");
    for (std::size_t k = 0; k < i; ++k) {
      if (topics[k] == topics[i]) broken("topics() answered a duplicate: " + topics[i]);
    }
  }
  auto mentions = weft::text::mentions(text);
  for (std::size_t i = 0; i < mentions.size(); ++i) {
    const auto& handle = mentions[i];
    if (handle.size() < 2 || handle.size() > 40) broken("mentions() answered a handle of length " + std::to_string(handle.size()));
    if (ascii_upper(handle)) broken("mentions() answered upper case: " + handle);
    for (unsigned char c : handle) {
      if (!std::isalnum(c) && c != '.' && c != '_' && c != '-') broken("mentions() answered a bad byte in " + handle);
    }
    if (handle.back() == '.' || handle.back() == '-') broken("mentions() kept a trailing . or -");
    for (std::size_t k = 0; k < i; ++k) {
      if (mentions[k] == handle) broken("mentions() answered a duplicate: " + handle);
    }
  }
  if (weft::text::lowercase_ascii(text).size() != text.size()) broken("lowercase_ascii changed the length");
  std::string escaped = weft::text::html_escape(text);
  if (escaped.find_first_of("<>\"'") != std::string::npos) broken("html_escape let markup through");
  if (weft::json::valid_utf8(text) != weft::json::valid_utf8(escaped)) broken("html_escape changed UTF-8 validity");
}

void check_message_helpers(const std::string& text, const std::string& name) {
  for (bool plus : {false, true}) {
    std::string decoded = weft::http::percent_decode(text, plus);
    if (decoded.size() > text.size()) broken("percent_decode grew the text");
  }
  Request request;
  request.query_string = text;
  request.headers.emplace_back("cookie", text);
  std::string value = request.query(name);
  if (!value.empty() && !request.has_query(name)) broken("query() found a value has_query() does not see");
  (void)request.cookie(name);
  (void)request.header("cookie");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  spdlog::set_level(spdlog::level::err);
  fts_store();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::size_t max_words = data[0] % 64;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto nul = input.find('\0');
  g_text = std::string(input.substr(0, nul));
  g_query = nul == std::string_view::npos ? g_text : std::string(input.substr(nul + 1));

  check_text_helpers(g_text);
  (void)weft::text::valid_topic(g_query);
  check_fts_query(g_query);
  check_snippet(g_text, g_query, max_words);
  check_snippet(g_text, g_query, 24);
  check_message_helpers(g_text, g_query);
  return 0;
}
