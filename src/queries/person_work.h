// A person's record of work, for their profile: problems they solved (their solution accepted),
// problems they raised, ideas of theirs adopted, and decisions they took part in (a stance on a
// proposal since closed) — counted and listed over what the viewer may see.
#pragma once

#include <vector>

#include "core/error.h"
#include "model/person.h"
#include "model/work.h"
#include "store/store.h"

namespace weft::queries {

struct PersonWork {
  int64_t solved_count = 0;     // problems whose accepted solution is theirs
  int64_t solutions_count = 0;  // solutions they proposed
  int64_t raised_count = 0;     // problems they raised
  int64_t ideas_count = 0;      // ideas they pitched
  int64_t adopted_count = 0;    // of those, accepted or implemented
  int64_t decisions_count = 0;  // closed proposals they took a stance on
  std::vector<Problem> solved;     // latest first (by resolution)
  std::vector<Problem> raised;     // latest first
  std::vector<Idea> adopted;       // latest stage change first
  std::vector<Proposal> decisions; // latest closed first
};

inline constexpr int kPersonWorkItems = 10;

// 404 when the viewer may not see the person.
Result<PersonWork> person_work(store::Store& store, const Viewer& viewer, int64_t person_id);

}  // namespace weft::queries
