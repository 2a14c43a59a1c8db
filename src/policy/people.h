// Who may see and change people. Pure predicates, plus the SQL condition each compiles to so that
// queries never load a person the viewer may not see.
//
// Rules: admins see everyone; members see everyone but guests; a guest sees only themselves (and,
// once spaces exist, the people of the spaces they belong to). Everyone sees themselves.
#pragma once

#include <string>

#include "model/person.h"

namespace weft::policy {

bool can_see_person(const Viewer& viewer, int64_t person_id, Role person_role);

// A SQL boolean over the people row aliased `p`, with one `?` bound to the viewer's id.
// Use as: "... WHERE " + visible_people_sql() + " AND ...", binding viewer.person_id first.
std::string visible_people_sql(const Viewer& viewer);

bool can_manage_people(const Viewer& viewer);  // create people, change roles and units
bool can_manage_units(const Viewer& viewer);
bool can_endorse(const Viewer& viewer, int64_t person_id);
bool can_follow(const Viewer& viewer, int64_t person_id);

}  // namespace weft::policy
