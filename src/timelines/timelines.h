// Home timelines: a view derived from the activity log, the way large social servers keep home
// feeds. For each active reader (one who read their home feed within kActiveSeconds) the store
// holds the ids of the top-level posts that entered their feed; reading a page is one range scan
// plus batch loading, with the visibility rule applied again as the page's posts are loaded
// (policy/posts.h, queries::home_feed), so a change of membership, follow or unit never shows
// what is no longer visible.
//
// - Fan-out (the "timelines" subscriber): a new top-level post or reshare is inserted into the
//   timelines of the active people whose feed it enters and who may read it, off the request
//   path: the rows of a batch of events are written in transactions of at most kFanoutBatch.
// - A follow, unfollow, topic follow, join, leave or profile change (a unit move) drops the
//   person's timeline; it is rebuilt from the posts on their next read, as is the timeline of
//   someone inactive (fan-out skipped them) or new. A sign-in builds it ahead of that read (within
//   a time budget per round of the subscriber), the way Mastodon regenerates the home feed of a
//   returning user.
// - Posts the subscriber has not reached yet are merged in at read time from the posts
//   themselves, so one's own new post shows at once.
#pragma once

#include <chrono>
#include <cstdint>

#include "core/cursor.h"
#include "events/subscriber.h"
#include "model/person.h"
#include "store/store.h"

namespace weft::timelines {

inline constexpr int64_t kActiveSeconds = 14 * 24 * 3600;
inline constexpr int64_t kTouchSeconds = 3600;  // how stale read_at may get before it is written
inline constexpr int kWindow = 300;             // posts kept per rebuilt timeline
inline constexpr int64_t kBuildSpan = 200'000;  // newest posts and replies a build reads first
inline constexpr int kFanoutBatch = 1000;       // people per fan-out transaction
// The most time a round of the subscriber spends building the timelines of people who signed in.
inline constexpr std::chrono::milliseconds kSignInBuildBudget{250};

class TimelineSubscriber final : public events::Subscriber {
 public:
  explicit TimelineSubscriber(store::Store& store) : store_(store) {}
  std::string name() const override { return "timelines"; }
  // Timelines are built on read: history before the view existed is not needed.
  bool starts_at_log_end() const override { return true; }
  Result<void> handle(const events::Event& event) override;
  Result<void> handle_batch(std::span<const events::Event> events) override;
  Result<void> begin_rebuild(store::Connection& c) override;
  // Emptied, the view is rebuilt: every timeline is built from the posts on its reader's next
  // read, and replaying the log would find no active reader to fan out to.
  bool rebuilt_from_state() const override { return true; }

 private:
  // `again`: the post was fanned out before (edited, restored, its record opened): it goes only
  // into timelines that reach back to it; one that does not reads it from the posts past its end.
  Result<std::vector<int64_t>> audience(int64_t post_id, int64_t after, int64_t active_since, bool again);
  store::Store& store_;
};

// How many timelines this process has built on a read (new or inactive readers), and on a sign-in
// (the subscriber, ahead of the first read), for /metrics.
int64_t builds_on_read();
int64_t builds_on_sign_in();

// For tests: the span a build reads first (kBuildSpan unless set).
void set_build_span(int64_t span);

// The ids of one page of the viewer's home feed (at most limit + 1, newest first, below
// `before`), building or touching the timeline as needed. The visibility rule is applied to the
// timeline's own rows at this read only with `recheck`; without it they come as the fan-out found
// them, for a caller that loads the page through the rule anyway (and asks again with `recheck`
// should the rule drop one: a membership, a follow or the post changed since the fan-out).
Result<std::vector<int64_t>> home_page_ids(store::Store& store, const Viewer& viewer, int64_t before,
                                           int limit, bool recheck = true);

}  // namespace weft::timelines
