// The expertise engine on any input (src/expertise/): the history reader and the offline
// evaluation of `weft eval-expertise`, the text analysis, and the index and ranker fed with
// whatever the input says.
//
// Input: JSON lines for read_history(); when they make a history, it is evaluated with every ranker
// and the figures must be sane (each within [0, 1], P@1 ≤ P@5, no more questions than were
// answered). The same bytes are also indexed as evidence, split at newlines into documents with
// every kind, time and space, and ranked against their own first line: scores finite and in order,
// no one ranked twice, no cited evidence from a space the scope leaves out.
#include <cmath>
#include <cstdint>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "expertise/evaluation.h"
#include "expertise/index.h"
#include "expertise/reasons.h"
#include "expertise/text.h"
#include "fuzz_support.h"
#include "http/message.h"

namespace {

using namespace weft::expertise;

std::string g_input;

[[noreturn]] void broken(const std::string& what) {
  weft::http::Request request;
  request.method = "(expertise)";
  request.body = g_input;
  weft::fuzz::report(what, request);
}

void check_evaluation(const std::string& text) {
  std::istringstream in(text);
  auto history = read_history(in);
  if (!history) return;
  int64_t answered = 0;
  for (const auto& q : history->questions) answered += q.accepted_author >= 0 ? 1 : 0;
  for (const std::string& ranker : ranker_names()) {
    EvaluationOptions options;
    options.ranker = ranker;
    options.test_fraction = 0.5;
    auto result = evaluate(*history, options);
    if (!result) broken("evaluate failed on a history read_history accepted: " + result.error().message);
    for (double figure : {result->mrr, result->p_at_1, result->p_at_5, result->ndcg_at_10}) {
      if (!(figure >= 0 && figure <= 1)) broken("a figure outside [0, 1] for " + ranker);
    }
    if (result->p_at_1 > result->p_at_5 + 1e-12) broken("P@1 above P@5");
    if (result->questions > answered) broken("more test questions than answered ones");
  }
}

void check_ranking(const std::string& text) {
  Index index;
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size() && lines.size() < 64) {
    const std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  for (std::size_t k = 0; k < lines.size(); ++k) {
    const auto seed = static_cast<uint8_t>(lines[k].empty() ? k : lines[k][0]);
    Evidence e;
    e.person = 1 + seed % 7;
    e.kind = static_cast<Kind>(seed % kKindCount);
    e.at = 1000 + static_cast<int64_t>(k) * 86400;
    e.space_id = seed % 3;  // space 2 is hidden from the asker below
    e.counterpart = seed % 5;
    e.ref_type = "problem";
    e.ref_id = static_cast<int64_t>(k) + 1;
    e.title = lines[k].substr(0, 80);
    e.text = lines[k];
    for (const auto& term : terms_of(lines[k])) {
      if (e.tags.size() < 3) e.tags.push_back(term);
    }
    e.strength = 1 + seed % 4;
    index.replace("item:" + std::to_string(k % 9), {e});  // some keys replaced, some kept
  }
  Scope scope;
  scope.spaces = {0, 1, 0};
  Query query;
  query.title = lines.empty() ? std::string() : lines[0];
  query.text = text.substr(0, 2000);
  for (const auto& term : terms_of(query.title)) query.tags.push_back(term);
  query.as_of = 1000 + 40 * 86400;
  query.asker = 3;
  query.scope = &scope;
  query.limit = 5;
  const auto ranked = index.rank(query, weights_named("weft"));
  std::set<int64_t> seen;
  double previous = INFINITY;
  for (const auto& r : ranked) {
    if (!std::isfinite(r.score) || r.score > previous + 1e-12) broken("scores not finite or out of order");
    previous = r.score;
    if (!seen.insert(r.person).second) broken("a person ranked twice");
    if (r.person == query.asker) broken("the asker ranked");
    (void)reasons_for(r, 2);
  }
  if (ranked.size() > 5) broken("more people than the limit");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return -1;
  g_input.assign(reinterpret_cast<const char*>(data), size);
  (void)terms_of(g_input);
  check_evaluation(g_input);
  check_ranking(g_input);
  return 0;
}
