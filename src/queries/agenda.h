// A person's agenda: the work waiting for them, for the home page — proposals awaiting their
// stance, problems they were suggested for and problems in their spaces, decisions made lately in
// their spaces, their ideas that moved, the records they follow, their spaces — and what a
// newcomer has not done yet. Everything through the same visibility rules as every list.
#pragma once

#include <vector>

#include "core/error.h"
#include "model/person.h"
#include "model/record.h"
#include "model/work.h"
#include "store/store.h"

namespace weft::queries {

struct Agenda {
  std::vector<Proposal> awaiting_stance;  // open, in their spaces, no stance of theirs; soonest deadline first
  int64_t awaiting_stance_total = 0;
  std::vector<Problem> suggested;         // open problems they were suggested for as someone who can help
  std::vector<Problem> open_problems;     // open problems in their spaces, newest first
  int64_t open_problems_total = 0;
  std::vector<Proposal> recent_decisions; // closed in their spaces in the last 14 days, newest first
  std::vector<Idea> idea_updates;         // their ideas that moved past new, latest change first
  std::vector<Record> records;            // records they follow, last changed first
  std::vector<Space> spaces;              // their spaces, newest first
  // For a first-run card: what a newcomer has not done yet.
  int64_t skills = 0;
  int64_t space_count = 0;
  int64_t following = 0;
};

inline constexpr int kAgendaItems = 5;
inline constexpr int64_t kRecentDecisionSeconds = 14 * 86400;

Result<Agenda> agenda(store::Store& store, const Viewer& viewer);

}  // namespace weft::queries
