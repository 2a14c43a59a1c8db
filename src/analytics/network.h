// The collaboration network in a period: people as nodes; replies, mentions, reshares, solutions,
// acceptances, idea comments and votes, and stances as typed, weighted ties — only on what the
// viewer may see. From it: the unit × unit matrix, the share of ties that cross units and its
// trend, brokers (betweenness), silos, communities (Louvain) next to the unit tree, and
// assortativity by unit, with igraph. docs/design/analytics.md, "Network", defines each figure.
// Thread-safe: igraph calls are serialized inside.
#pragma once

#include <optional>

#include "analytics/outcomes.h"
#include "core/error.h"
#include "model/analytics.h"
#include "model/person.h"
#include "store/store.h"

namespace weft::analytics {

// One interaction: `actor` did something on `target`'s post or work at `at`.
struct Tie {
  int64_t actor = 0;
  int64_t target = 0;
  int64_t at = 0;
  int kind = 0;  // index into tie_kinds()
};

// reply, mention, reshare, solution, acceptance, comment, vote, stance
const std::vector<std::string>& tie_kinds();

// The interactions of the period on what the viewer may see (self-ties left out).
Result<std::vector<Tie>> collaboration_ties(store::Connection& c, const Viewer& viewer, const Scope& scope);

// Above this many people, betweenness is estimated from k sources (every n/k-th person): as many as
// kBetweennessWork / (pairs + people) allows, from 32 to kBetweennessSources.
inline constexpr int64_t kExactBetweennessUpTo = 2000;
inline constexpr int64_t kBetweennessSources = 256;
inline constexpr int64_t kBetweennessWork = 50'000'000;

// The figures of the network; `scope.unit_id` and `space_id` are not used.
Result<Network> network(store::Store& store, const Viewer& viewer, const Scope& scope);

}  // namespace weft::analytics
