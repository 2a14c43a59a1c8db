// Helpers shared by the actions on problems, ideas and proposals (problems.cc, ideas.cc,
// proposals.cc): loading an item with its space's access, text checks, and the steps one outcome
// chain shares (resolving a problem, moving an idea's stage). Internal to actions/.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "core/error.h"
#include "model/person.h"
#include "policy/spaces.h"
#include "store/store.h"

namespace weft::actions::detail {

struct Item {
  int64_t id = 0;
  int64_t space_id = 0;
  int64_t author_id = 0;
  std::string state;  // status or stage
  std::optional<int64_t> link;  // from_problem_id / from_idea_id / accepted_solution_id
};

std::optional<Item> load_item(store::Connection& c, const char* table, const char* state_column,
                              const char* link_column, int64_t id);

// The item when the viewer may see its space's content; 404 otherwise (never 403 for an item).
Result<std::pair<Item, policy::SpaceAccess>> visible_item(store::Connection& c, const Viewer& viewer,
                                                          const char* table, const char* state,
                                                          const char* link, int64_t id,
                                                          const char* what);

Result<void> check_text(const std::string& field, const std::string& text, std::size_t min,
                        std::size_t max);

// Marks an open problem resolved and appends its event (nothing when it is already resolved).
void resolve_problem(store::Connection& c, int64_t problem_id, std::optional<int64_t> actor,
                     const char* why);

// Moves an idea to `stage`, recording the move; "implemented" resolves the problem it came from.
void set_stage(store::Connection& c, int64_t idea_id, int64_t space_id, const std::string& stage,
               const std::string& note, std::optional<int64_t> actor);

}  // namespace weft::actions::detail
