// Pieces shared by the demo generator's files: a deterministic random source and the people
// generated so far. Internal to demo/.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "store/store.h"

namespace weft::demo {

class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}
  // Uniform in [0, n).
  std::size_t below(std::size_t n) { return n == 0 ? 0 : engine_() % n; }
  double unit() { return (engine_() >> 11) * (1.0 / 9007199254740992.0); }
  // Index in [0, n) with roughly Zipf popularity: low indexes far more likely.
  std::size_t zipf(std::size_t n, double skew = 1.2) {
    double u = unit();
    auto index = static_cast<std::size_t>(std::pow(u, 1.0 + skew * 1.5) * static_cast<double>(n));
    return std::min(index, n - 1);
  }
  bool chance(double p) { return unit() < p; }

 private:
  std::mt19937_64 engine_;
};

struct DemoPerson {
  int64_t id;
  int64_t unit;
  std::size_t division;
};

struct ConversationOptions {
  int64_t posts_and_replies = 0;
  std::function<void(int64_t, int64_t, const std::string&)> progress;
};
struct ConversationSummary {
  int64_t posts = 0;
  int64_t replies = 0;
  int64_t reshares = 0;
  int64_t reactions = 0;
  int64_t topic_follows = 0;
};

// Posts, replies, reshares, reactions and topic follows among `people`.
Result<ConversationSummary> generate_conversations(store::Store& store, Random& random,
                                                   const std::vector<DemoPerson>& people,
                                                   const ConversationOptions& options);

struct SpaceOptions {
  int spaces = 0;
  std::function<void(int64_t, int64_t, const std::string&)> progress;
};
struct SpaceSummary {
  int64_t spaces = 0;
  int64_t memberships = 0;
  int64_t guests = 0;
  int64_t problems = 0;
  int64_t ideas = 0;
  int64_t proposals = 0;
  int64_t stances = 0;
  int64_t chains = 0;
  int64_t pages = 0;
  int64_t page_revisions = 0;
};
// Spaces with members, guests, problems, ideas, proposals and stances.
Result<SpaceSummary> generate_spaces(store::Store& store, Random& random,
                                     const std::vector<DemoPerson>& people,
                                     const std::string& password_hash, const SpaceOptions& options);

struct RecordOptions {
  int records = 0;
  std::function<void(int64_t, int64_t, const std::string&)> progress;
};
struct RecordSummary {
  int64_t records = 0;
  int64_t posts = 0;
};
// Records from other systems with owners, followers and conversations on them.
Result<RecordSummary> generate_records(store::Store& store, Random& random, const std::vector<DemoPerson>& people,
                                       const RecordOptions& options);
// The demo member's last day: replies, reactions, a mention, a follower, a record change, a
// solution to their problem and a proposal awaiting their stance. Answers the events written.
Result<int64_t> generate_member_day(store::Store& store, Random& random, const std::vector<DemoPerson>& people);

// The division names, titles and skills the demo uses (index = DemoPerson::division).
std::size_t division_count();
const std::vector<const char*>& division_skills(std::size_t division);

}  // namespace weft::demo
