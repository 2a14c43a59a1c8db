// Reading people, units and skills. Every query takes the Viewer and filters inside SQL with the
// policy's visibility condition, so invisible people never leave the store.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/cursor.h"
#include "core/error.h"
#include "model/person.h"
#include "store/store.h"

namespace weft::queries {

// One person with skills, counts and followed_by_me; not_found when absent or invisible.
Result<Person> person(store::Store& store, const Viewer& viewer, int64_t person_id);

struct PeopleFilter {
  std::string q;  // word prefixes over name, handle, title, skills
  std::optional<int64_t> unit_id;
  std::string skill;
};
// Ordered by name then id; cursor key: (name, id).
Result<cursor::Page<Person>> people(store::Store& store, const Viewer& viewer,
                                    const PeopleFilter& filter, const cursor::PageRequest& page);

enum class FollowDirection { kFollowers, kFollowing };
// Newest follow first; cursor key: follow id.
Result<cursor::Page<Person>> follows(store::Store& store, const Viewer& viewer, int64_t person_id,
                                     FollowDirection direction, const cursor::PageRequest& page);

Result<std::vector<Unit>> units(store::Store& store, const Viewer& viewer);
Result<Unit> unit(store::Store& store, const Viewer& viewer, int64_t unit_id);

Result<std::vector<SkillCount>> skills(store::Store& store, const Viewer& viewer,
                                       const std::string& prefix, int limit);

}  // namespace weft::queries
