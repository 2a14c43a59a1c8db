// Plain data about outcomes (GET /api/v1/analytics/outcomes): what happened in a period, counted
// over what the viewer may see. docs/design/analytics.md defines each figure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace weft {

// Median and 90th percentile (nearest rank) of durations in seconds, over `count` items.
struct DurationFigure {
  int64_t count = 0;
  std::optional<int64_t> median_seconds;
  std::optional<int64_t> p90_seconds;
};

struct CountBucket {
  std::string name;
  int64_t count = 0;
};

// One item behind a figure: a problem, an idea or a proposal, with the time that put it there.
struct OutcomeItem {
  std::string type;  // problem, idea, proposal
  int64_t id = 0;
  std::string title;
  int64_t space_id = 0;
  int64_t at = 0;
};

struct Outcomes {
  int64_t from = 0;
  int64_t to = 0;
  std::optional<int64_t> unit_id;
  std::optional<int64_t> space_id;
  // Problems.
  int64_t problems_opened = 0;
  int64_t problems_resolved = 0;
  DurationFigure time_to_first_solution;  // problems opened in the period that got a solution
  DurationFigure time_to_resolution;      // problems resolved in the period
  std::vector<CountBucket> unsolved_by_age;  // open at `to`, by age: under 7 days, 7-30, 30-90, over 90
  // Ideas created in the period, by their stage now; adopted = accepted or implemented.
  int64_t ideas_created = 0;
  std::vector<CountBucket> ideas_by_stage;
  std::optional<double> adoption_rate;
  // Proposals.
  int64_t proposals_opened = 0;
  int64_t proposals_decided = 0;
  int64_t proposals_adopted = 0;
  int64_t proposals_rejected = 0;
  int64_t proposals_blocked = 0;  // rejected with at least one block
  // Problems resolved in the period whose chain reached an implemented idea or an adopted proposal.
  int64_t chains_completed = 0;
  // People who raised, solved, pitched, commented, proposed or took a stance in the period; null
  // when fewer than the privacy floor (a figure about a group of people).
  std::optional<int64_t> participants;
  std::optional<int64_t> participant_units;
  int64_t min_group = 5;
};

}  // namespace weft
