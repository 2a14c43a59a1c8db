// Reading spaces and the work in them, filtered by the space policy inside SQL: lists never
// include a space or item the viewer may not see, and items of hidden spaces are not found.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/cursor.h"
#include "core/error.h"
#include "model/person.h"
#include "model/work.h"
#include "store/store.h"

namespace weft::queries {

Result<Space> space(store::Store& store, const Viewer& viewer, int64_t space_id);
// Newest first; cursor key: space id.
Result<cursor::Page<Space>> spaces(store::Store& store, const Viewer& viewer, bool mine,
                                   const std::string& q, const cursor::PageRequest& page);
Result<cursor::Page<SpaceMember>> space_members(store::Store& store, const Viewer& viewer,
                                                int64_t space_id, const cursor::PageRequest& page);
Result<std::vector<SpaceMember>> join_requests(store::Store& store, const Viewer& viewer, int64_t space_id);

Result<Problem> problem(store::Store& store, const Viewer& viewer, int64_t problem_id, bool detail);
Result<cursor::Page<Problem>> space_problems(store::Store& store, const Viewer& viewer, int64_t space_id,
                                             const std::string& status, const cursor::PageRequest& page);
Result<Solution> solution(store::Store& store, const Viewer& viewer, int64_t solution_id);

// One comment of an idea the viewer may read (the answer to posting it).
Result<IdeaComment> idea_comment(store::Store& store, const Viewer& viewer, int64_t comment_id);
Result<Idea> idea(store::Store& store, const Viewer& viewer, int64_t idea_id, bool detail);
Result<cursor::Page<Idea>> space_ideas(store::Store& store, const Viewer& viewer, int64_t space_id,
                                       const std::string& stage, const cursor::PageRequest& page);

Result<Proposal> proposal(store::Store& store, const Viewer& viewer, int64_t proposal_id, bool detail);
Result<cursor::Page<Proposal>> space_proposals(store::Store& store, const Viewer& viewer, int64_t space_id,
                                               const std::string& status, const cursor::PageRequest& page);

// Work across every space whose content the viewer may see (and, for problems, records they may
// read), newest first; cursor key: the item's id. `state`: a problem's status, an idea's stage, a
// proposal's status; `decision` (proposals): adopted or rejected. `counts`: how many there are of
// each state under the same space and unit (so that the tabs can show them).
struct WorkFilter {
  std::optional<int64_t> space_id;  // 404/403 when not the viewer's to see
  std::optional<int64_t> unit_id;   // authored by people of this unit
  std::string state;
  std::string decision;
};
struct SpaceName {
  int64_t id = 0;
  std::string name;
  std::string visibility;
};
template <typename T>
struct WorkAcross {
  cursor::Page<T> page;
  std::vector<std::pair<std::string, int64_t>> counts;
  std::vector<SpaceName> spaces;  // the spaces of the page's items
};
Result<WorkAcross<Problem>> problems_across(store::Store& store, const Viewer& viewer, const WorkFilter& filter,
                                            const cursor::PageRequest& page);
Result<WorkAcross<Idea>> ideas_across(store::Store& store, const Viewer& viewer, const WorkFilter& filter,
                                      const cursor::PageRequest& page);
Result<WorkAcross<Proposal>> proposals_across(store::Store& store, const Viewer& viewer, const WorkFilter& filter,
                                              const cursor::PageRequest& page);

}  // namespace weft::queries
