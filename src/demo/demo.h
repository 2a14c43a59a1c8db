// The demo organization: a realistic, deterministic (for a seed) company to explore Weft with —
// a unit tree several levels deep, people with titles and skills whose popularity follows a power
// law, and follows mostly within units with some bridges between them. Writes through the same
// insert functions as the actions, in large transactions, with events.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/error.h"
#include "store/store.h"

namespace weft::demo {

inline constexpr const char* kPassword = "weft-demo";
inline constexpr const char* kAdminEmail = "admin@weft.demo";
inline constexpr const char* kMemberEmail = "member@weft.demo";

struct Options {
  int people = 500;
  uint64_t seed = 1;
  int64_t posts_per_person = 50;  // posts and replies together
  // Called as work advances: (done, total, what).
  std::function<void(int64_t, int64_t, const std::string&)> progress;
};

struct Summary {
  int64_t units = 0;
  int64_t people = 0;
  int64_t follows = 0;
  int64_t endorsements = 0;
  int64_t posts = 0;
  int64_t replies = 0;
  int64_t reshares = 0;
  int64_t reactions = 0;
  int64_t spaces = 0;
  int64_t guests = 0;
  int64_t problems = 0;
  int64_t ideas = 0;
  int64_t proposals = 0;
  int64_t chains = 0;
  int64_t pages = 0;
  int64_t records = 0;
};

// Fills an empty store; a conflict error when the store already holds people.
Result<Summary> generate(store::Store& store, const Options& options);

}  // namespace weft::demo
