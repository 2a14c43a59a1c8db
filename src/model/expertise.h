// Plain data about expertise: how well suggestions have worked (GET /api/v1/expertise/accuracy).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/post.h"

namespace weft {

struct AccuracyItem {
  int64_t problem_id = 0;
  std::string title;
  int64_t resolved_at = 0;
  PersonSummary solver;
  std::optional<int64_t> rank;  // where the solver ranked; none: not ranked at all
  int64_t candidates = 0;
};

struct AccuracyPeriod {
  std::string month;  // 2026-11
  int64_t problems = 0;
  double hit_at_3 = 0;
  double mrr = 0;
};

struct ExpertiseAccuracy {
  int64_t from = 0;
  int64_t to = 0;
  int64_t problems = 0;  // resolved in the period, visible to the viewer, scored
  double hit_at_1 = 0;
  double hit_at_3 = 0;
  double hit_at_10 = 0;
  double mrr = 0;
  double candidates = 0;  // people ranked per problem, on average
  std::vector<AccuracyPeriod> months;
  std::vector<AccuracyItem> items;  // the newest problems first (at most 50)
};

}  // namespace weft
