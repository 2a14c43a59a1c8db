// Who may see and change people. Pure predicates, plus the SQL condition each compiles to so that
// queries never load a person the viewer may not see.
//
// Rules: admins see everyone; members see everyone but guests, and the guests who share a space
// with them; a guest sees themselves and the people of the spaces they belong to.
#pragma once

#include <optional>
#include <string>

#include "model/person.h"
#include "policy/posts.h"
#include "store/store.h"

namespace weft::policy {

// Visible people for `viewer`, over the people row aliased `alias`.
SqlCondition visible_people(const Viewer& viewer, const std::string& alias = "p");
// Whether the person exists and `viewer` may see them.
bool can_see_person(store::Connection& c, const Viewer& viewer, int64_t person_id);
// The person as a viewer (their role and unit), or nothing when they are gone or deactivated: for
// views that act on someone's behalf outside a request (notifications, webhooks, timelines).
std::optional<Viewer> viewer_of(store::Connection& c, int64_t person_id);

bool can_manage_people(const Viewer& viewer);  // create people, change roles and units
bool can_manage_units(const Viewer& viewer);
bool can_endorse(const Viewer& viewer, int64_t person_id);
bool can_follow(const Viewer& viewer, int64_t person_id);

}  // namespace weft::policy
