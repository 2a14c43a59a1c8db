// Plain data about spaces and the work in them: problems, solutions, ideas, proposals, chains.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/post.h"

namespace weft {

struct Space {
  int64_t id = 0;
  std::string name;
  std::string purpose;
  std::string kind;
  std::string visibility;
  int64_t member_count = 0;
  std::optional<std::string> my_role;
  bool join_requested = false;
  int64_t created_at = 0;
};

struct SpaceMember {
  PersonSummary person;
  std::string role;
  int64_t joined_at = 0;
};

struct Solution {
  int64_t id = 0;
  int64_t problem_id = 0;
  PersonSummary author;
  std::string body;
  int64_t votes = 0;
  int my_vote = 0;
  bool accepted = false;
  int64_t created_at = 0;
};

struct ChainItem {
  int64_t id = 0;
  std::string title;
  std::string state;    // status or stage
  std::optional<std::string> outcome;
  std::optional<std::string> decision;
  std::vector<PersonSummary> people;
};

struct Chain {
  std::optional<ChainItem> problem;
  std::vector<ChainItem> ideas;
  std::vector<ChainItem> proposals;
};

// Why someone is suggested as able to help: a kind of evidence, what it says, and what it cites.
struct ExpertReason {
  std::string kind;
  std::string detail;
  std::optional<std::string> ref;
};

struct ExpertSuggestion {
  PersonSummary person;
  double score = 0;
  std::vector<ExpertReason> reasons;
};

struct Problem {
  int64_t id = 0;
  int64_t space_id = 0;
  std::string title;
  std::string body;
  PersonSummary author;
  std::string status;
  std::optional<int64_t> accepted_solution_id;
  int64_t solution_count = 0;
  std::optional<int64_t> record_id;
  int64_t created_at = 0;
  std::optional<int64_t> resolved_at;
  std::vector<ExpertSuggestion> suggested_experts;  // none until expertise is ranked
  std::vector<Solution> solutions;  // filled for the detail view
  std::optional<Chain> chain;
};

struct IdeaComment {
  int64_t id = 0;
  PersonSummary author;
  std::string body;
  int64_t created_at = 0;
};

struct StageChange {
  std::string stage;
  std::string note;
  std::optional<PersonSummary> by;
  int64_t at = 0;
};

struct Idea {
  int64_t id = 0;
  int64_t space_id = 0;
  std::string title;
  std::string body;
  PersonSummary author;
  std::string stage;
  int64_t score = 0;
  int my_vote = 0;
  std::optional<int64_t> from_problem_id;
  int64_t comment_count = 0;
  int64_t created_at = 0;
  int64_t stage_changed_at = 0;
  std::vector<IdeaComment> comments;
  std::vector<StageChange> stages;
  std::optional<Chain> chain;
};

struct Stance {
  PersonSummary person;
  std::string stance;
  std::string reason;
  int64_t updated_at = 0;
};

struct Proposal {
  int64_t id = 0;
  int64_t space_id = 0;
  std::string title;
  std::string body;
  PersonSummary author;
  std::string status;
  int64_t closes_at = 0;
  int64_t agree = 0, abstain = 0, disagree = 0, block = 0;
  std::optional<std::string> my_stance;
  std::optional<std::string> outcome;
  std::optional<std::string> decision;
  std::optional<int64_t> from_idea_id;
  int64_t created_at = 0;
  std::optional<int64_t> closed_at;
  std::optional<int64_t> review_at;     // when the decision should be looked at again
  std::optional<int64_t> follow_up_of;  // the earlier proposal this one follows up
  std::optional<int64_t> followed_up_by;  // the first later proposal that follows this one up
  std::vector<Stance> stances;
  std::optional<Chain> chain;
};

}  // namespace weft
