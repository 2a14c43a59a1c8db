// Plain data about outcomes (GET /api/v1/analytics/outcomes): what happened in a period, counted
// over what the viewer may see. docs/design/analytics.md defines each figure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/post.h"

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
  // Decisions whose review date passed before `to` with no follow-up proposal opened by then.
  int64_t proposals_past_review = 0;
  // Problems resolved in the period whose chain reached an implemented idea or an adopted proposal.
  int64_t chains_completed = 0;
  // Knowledge captured: pages written and saves made in the period, and of the problems resolved
  // and proposals decided in it, those a page the viewer may read was promoted from or links to.
  int64_t pages_created = 0;
  int64_t page_saves = 0;
  int64_t problems_captured = 0;
  int64_t proposals_captured = 0;
  // People who raised, solved, pitched, commented, proposed or took a stance in the period; null
  // when fewer than the privacy floor (a figure about a group of people).
  std::optional<int64_t> participants;
  std::optional<int64_t> participant_units;
  int64_t min_group = 5;
};


// --- The collaboration network (GET /api/v1/analytics/network) -------------------------------

// A unit shown in network and engagement figures; `people`: its active members.
struct UnitRef {
  int64_t id = 0;
  std::string name;
  int64_t people = 0;
};

// Interactions by people of one unit on the work or posts of people of another (or the same) unit.
struct MatrixCell {
  int64_t from_unit_id = 0;
  int64_t to_unit_id = 0;
  int64_t interactions = 0;  // every kind of tie
  int64_t solutions = 0;     // solutions proposed to problems raised in to_unit
};

struct TrendPoint {
  int64_t from = 0;
  int64_t to = 0;
  int64_t interactions = 0;  // between two people who both have a unit
  std::optional<double> cross_unit_share;
};

struct Broker {
  PersonSummary person;
  double betweenness = 0;    // estimated shortest paths through the person (see sampled)
  int64_t units_bridged = 0; // distinct units among the person's ties, their own included
  int64_t ties = 0;          // distinct people tied to the person
};

struct UnitTies {
  UnitRef unit;
  int64_t active = 0;    // its people with at least one tie
  int64_t internal = 0;  // interactions within the unit
  int64_t external = 0;  // interactions with people of other units (either direction)
  int64_t partner_units = 0;
  std::optional<double> external_share;
  bool silo = false;  // external_share under 0.2, or no partner unit
};

struct Community {
  int64_t index = 0;
  int64_t size = 0;
  std::vector<CountBucket> units;  // the units of its people, largest first (at most 3; name = unit id)
  std::optional<int64_t> main_unit_id;
  double main_unit_share = 0;  // share of its people in its largest unit
};

struct Network {
  int64_t from = 0;
  int64_t to = 0;
  int64_t min_group = 5;
  int64_t computed_at = 0;
  int64_t age_seconds = 0;  // how old the answer is (set when it is sent)
  std::string view = "mine";  // mine: what the asker may see; organization: what every member may see
  int64_t people = 0;        // people with at least one tie
  int64_t ties = 0;          // distinct pairs of people
  int64_t interactions = 0;  // every interaction, each once
  std::vector<CountBucket> by_kind;
  std::optional<double> cross_unit_share;
  std::vector<TrendPoint> trend;
  int64_t unit_level = 0;   // units are shown at this depth of the unit tree (roots: 0)
  int64_t unit_levels = 0;  // the deepest level there is
  std::vector<UnitRef> units;  // units at or above the privacy floor that have a tie
  int64_t withheld_units = 0;  // units under the floor, left out of the matrix, silos and picture
  std::vector<MatrixCell> matrix;
  std::vector<Broker> brokers;
  bool betweenness_sampled = false;
  int64_t betweenness_sources = 0;
  std::vector<UnitTies> unit_ties;  // fewest outside ties first
  int64_t community_count = 0;
  std::optional<double> modularity;
  std::optional<double> unit_assortativity;  // -1..1: 1 = people tie only within their unit
  std::optional<double> communities_vs_units;  // normalized mutual information, 0..1
  std::vector<Community> communities;          // those at or above the floor, largest first
  // How long each step took, in milliseconds (for operators and benchmarks).
  int64_t collect_ms = 0;      // reading the ties from the store
  int64_t betweenness_ms = 0;
  int64_t communities_ms = 0;  // communities, assortativity, comparison with units
};

// --- Connecting vs reaching (GET /api/v1/analytics/engagement) ----------------------------------

// Over items of one kind created in the period: people reached vs people who connected.
struct ReachFigure {
  int64_t items = 0;
  int64_t reached = 0;    // sum over the items
  int64_t connected = 0;  // sum over the items
  std::optional<int64_t> median_reached;
  std::optional<int64_t> median_connected;
  std::optional<double> connection_rate;  // connected / reached
};

struct UnitConversation {
  UnitRef unit;
  int64_t posts = 0;
  int64_t conversations = 0;
  int64_t broadcasts = 0;
  std::optional<double> conversation_share;
};

struct CascadeSummary {
  int64_t post_id = 0;
  PersonSummary author;
  int64_t reshares = 0;
  int64_t depth = 0;
  int64_t breadth = 0;
  int64_t units_reached = 0;
  int64_t people_reached = 0;
};

struct Sharer {
  PersonSummary person;
  int64_t reshares = 0;
  int64_t cross_unit = 0;   // of posts by people of another unit
  int64_t new_people = 0;   // their followers who do not follow the original's author
};

struct Engagement {
  int64_t from = 0;
  int64_t to = 0;
  std::optional<int64_t> unit_id;
  int64_t min_group = 5;
  int64_t computed_at = 0;
  int64_t age_seconds = 0;
  std::string view = "mine";
  ReachFigure posts;
  ReachFigure problems;
  ReachFigure ideas;
  ReachFigure proposals;
  int64_t conversations = 0;
  int64_t broadcasts = 0;
  std::optional<double> conversation_share;
  std::vector<UnitConversation> units;
  int64_t withheld_units = 0;
  int64_t cascades = 0;  // posts of the period reshared at least once
  int64_t reshares = 0;
  int64_t max_depth = 0;
  std::vector<CascadeSummary> top_cascades;
  std::vector<Sharer> sharers;
};

}  // namespace weft
