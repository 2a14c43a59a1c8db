// What one expertise ranking costs (expertise::Index::rank, the part of GET /api/v1/expertise that
// walks the evidence), on an index shaped like the 100,000-person demo's: 100,000 people, 340,000
// skills, 200,000 topics people post about, 18,000 solutions, 7,000 problems, ideas and proposals,
// over a small vocabulary (200 words, Zipf-distributed, as the demo's 193), spread over 5,000
// spaces of which the asker may read about half. Deterministic: the same index every run.
// Built with the rest (`make build`; WEFT_BENCH, on by default); run:
// build/weft_bench --benchmark_filter=Expertise --benchmark_repetitions=5.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "expertise/index.h"

namespace weft::expertise {
namespace {

constexpr int kPeople = 100000;
constexpr int kWords = 200;
constexpr int kSpaces = 5000;
constexpr int64_t kNow = 1'780'000'000;

std::string word(int k) { return "w" + std::to_string(k) + "x"; }

struct Built {
  Index index;
  Scope scope;
  std::vector<std::string> queries;
};

const Built& built() {
  static Built* b = [] {
    auto* out = new Built;
    std::mt19937_64 rng(11);
    // Zipf over the vocabulary: word k drawn with weight 1 / (k + 1).
    std::vector<double> weights;
    for (int k = 0; k < kWords; ++k) weights.push_back(1.0 / (k + 1));
    std::discrete_distribution<int> zipf(weights.begin(), weights.end());
    std::uniform_int_distribution<int64_t> space(1, kSpaces), person(1, kPeople);
    std::uniform_int_distribution<int64_t> age(0, 3 * 365 * 86400);
    auto words = [&](int n) {
      std::string text;
      for (int i = 0; i < n; ++i) text += word(zipf(rng)) + " ";
      return text;
    };
    auto add = [&](const std::string& key, Kind kind, int64_t who, std::string text,
                   double strength, int64_t in) {
      Evidence e;
      e.person = who;
      e.kind = kind;
      e.at = kNow - age(rng);
      e.space_id = in;
      e.ref_type = "problem";
      e.ref_id = 1;
      e.title = text.substr(0, 24);
      e.text = std::move(text);
      e.tags = {word(zipf(rng))};
      e.strength = strength;
      out->index.replace(key, {e});
    };
    for (int64_t p = 1; p <= kPeople; ++p) {
      for (int k = 0; k < 3 + static_cast<int>(p % 3 == 0); ++k) {  // 3.4 skills a person
        add("skill:" + std::to_string(p) + ":" + std::to_string(k), Kind::kSkill, p,
            word(zipf(rng)), 1 + static_cast<double>(rng() % 8), 0);
      }
      for (int k = 0; k < 2; ++k) {  // topics they post about
        add("topics:" + std::to_string(p) + ":" + std::to_string(k), Kind::kTopicPosts, p,
            word(zipf(rng)), 1 + static_cast<double>(rng() % 12), 0);
      }
    }
    for (int k = 0; k < 18000; ++k) {
      add("solution:" + std::to_string(k), k % 3 == 0 ? Kind::kAcceptedSolution : Kind::kSolution,
          person(rng), words(20), 1, space(rng));
    }
    for (int k = 0; k < 7000; ++k)
      add("problem:" + std::to_string(k), Kind::kProblem, person(rng), words(15), 1, space(rng));
    for (int k = 0; k < 7000; ++k)
      add("idea:" + std::to_string(k), Kind::kIdea, person(rng), words(15), 1, space(rng));
    for (int k = 0; k < 3000; ++k)
      add("proposal:" + std::to_string(k), Kind::kProposal, person(rng), words(15), 1, space(rng));
    out->index.shrink_to_fit();
    out->scope.spaces.assign(kSpaces + 1, 0);
    for (int s = 1; s <= kSpaces; ++s) out->scope.spaces[s] = s % 2 == 0 || s % 97 == 1;
    // Problem descriptions: a fairly common word, a middling one and a rare one; half with four
    // more.
    for (int k = 0; k < 16; ++k) {
      std::string q = word(4 + k % 8) + " " + word(12 + 3 * k) + " " + word(60 + 8 * k);
      for (int i = 0; k % 2 == 1 && i < 4; ++i)
        q += " " + word(20 + static_cast<int>(rng() % (kWords - 20)));
      out->queries.push_back(q);
    }
    return out;
  }();
  return *b;
}

// One ranking as the server asks it: the asker's scope, the best 60 before its people filter.
void ExpertiseRank(benchmark::State& state) {
  const Built& b = built();
  const Weights weights = weights_named("weft");
  std::size_t k = 0, named = 0;
  for (auto _ : state) {
    Query query;
    query.title = b.queries[k++ % b.queries.size()];
    query.as_of = kNow + 1;
    query.asker = 7;
    query.scope = &b.scope;
    query.limit = 60;
    auto ranked = b.index.rank(query, weights);
    named += ranked.size();
    benchmark::DoNotOptimize(ranked);
  }
  state.counters["named"] =
      benchmark::Counter(static_cast<double>(named), benchmark::Counter::kAvgIterations);
}
BENCHMARK(ExpertiseRank)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace weft::expertise
