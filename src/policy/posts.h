// Who may see and change posts. The rule (docs/design/social.md, "Visibility") is written once, as
// a SQL condition over a posts row, and every query that returns posts — items, threads, feeds,
// search, cascades, notifications, realtime — includes it, so an invisible post never leaves the
// store. Every posts row carries its thread's audience, unit, space and root author.
#pragma once

#include <string>
#include <vector>

#include "model/person.h"
#include "store/store.h"

namespace weft::policy {

struct SqlCondition {
  std::string sql;                   // a boolean SQL expression
  std::vector<store::Param> params;  // bound to its `?`s, in order
};

// Visible posts for `viewer`, over the posts row aliased `alias`.
SqlCondition visible_posts(const Viewer& viewer, const std::string& alias = "p");
// The same rule for every reader at once: over a posts row and a people row (active people only),
// with no parameters. Timelines use it to fan a post out to those who may read it.
std::string visible_posts_to_people(const std::string& post_alias, const std::string& person_alias);
// The posts `viewer` moderates (reports, hide, restore): a space's posts for its owners; for an
// admin also every post outside spaces and in public spaces; none otherwise.
SqlCondition moderated_posts(const Viewer& viewer, const std::string& alias = "p");

// Whether `viewer` could read the post, deleted or not (the rule above, its deletion aside): who may
// be told that it was deleted.
bool could_see_deleted_post(store::Connection& c, const Viewer& viewer, int64_t post_id);

// Whether `viewer` may post with this audience (guests post only into their spaces).
bool can_post_with_audience(const Viewer& viewer, const std::string& audience);
bool can_edit_post(const Viewer& viewer, int64_t author_id);

// Appends `condition`'s params to `params` and answers its SQL (for building queries).
std::string append(std::vector<store::Param>& params, const SqlCondition& condition);

}  // namespace weft::policy
