#include "timelines/timelines.h"

#include <algorithm>
#include <atomic>
#include <chrono>

#include "core/clock.h"
#include "core/throttle.h"
#include "policy/people.h"
#include "policy/posts.h"
#include "queries/posts.h"

namespace weft::timelines {
namespace {

// The post a created or reshared event names, or one whose readers may have grown: edited (a
// topic someone follows added), restored by a moderator (hidden before it was fanned out).
// Replies are left out by the fan-out's query; a post already in a timeline stays once.
std::optional<int64_t> post_to_fan_out(const events::Event& event) {
  if (!event.object_id) return std::nullopt;
  if (event.as<events::PostCreated>() || event.as<events::PostReshared>() || event.as<events::PostEdited>() ||
      event.as<events::PostRestored>()) {
    return event.object_id;
  }
  return std::nullopt;
}

// A record whose access list changed: its posts may now reach people they did not.
std::optional<int64_t> record_opened(const events::Event& event) {
  const auto* upserted = event.as<events::RecordUpserted>();
  if (!upserted || !event.object_id || upserted->created) return std::nullopt;
  const auto& changed = upserted->changed;
  if (std::find(changed.begin(), changed.end(), "access") == changed.end()) return std::nullopt;
  return event.object_id;
}

// The person whose home feed sources change with this event (what they follow, their spaces,
// their unit), or nothing.
std::optional<int64_t> changed_reader(const events::Event& event) {
  using events::Kind;
  switch (event.kind()) {
    case Kind::kPersonFollowed: case Kind::kPersonUnfollowed: case Kind::kTopicFollowed:
    case Kind::kTopicUnfollowed:
      return event.actor_id;
    case Kind::kSpaceMemberAdded: case Kind::kSpaceMemberRemoved: case Kind::kPersonUpdated:
    case Kind::kPersonDeactivated:
      return event.object_id;
    default:
      return std::nullopt;
  }
}

// Inserts (person, post) rows, at most kFanoutBatch to a statement.
void insert_rows(store::Connection& c, const std::vector<std::pair<int64_t, int64_t>>& rows) {
  for (std::size_t start = 0; start < rows.size(); start += kFanoutBatch) {
    const std::size_t end = std::min(rows.size(), start + kFanoutBatch);
    std::string sql = "INSERT INTO timelines (person_id, post_id) VALUES ";
    std::vector<store::Param> params;
    params.reserve((end - start) * 2);
    for (std::size_t i = start; i < end; ++i) {
      sql += i == start ? "(?, ?)" : ", (?, ?)";
      params.emplace_back(rows[i].first);
      params.emplace_back(rows[i].second);
    }
    c.execute(sql + " ON CONFLICT DO NOTHING", params);
  }
}

std::atomic<int64_t> g_build_span{kBuildSpan};
std::atomic<int64_t> g_builds_on_sign_in{0};

// Replaces the viewer's timeline with the newest kWindow posts of their feed and marks it active.
// The feed is read from the newest kBuildSpan items first: a source's posts older than those are
// not read (most of its posts, for the people one follows), and the timeline then holds only
// the span's part of the feed (marked incomplete: a page read past its end reads the posts). Only
// when the span holds less than a third of the window (few or quiet sources) are all posts read.
void build(store::Connection& c, const Viewer& viewer, int64_t now) {
  int64_t from = std::max<int64_t>(0, c.query_int("SELECT MAX(id) FROM posts").value_or(0) -
                                          g_build_span.load(std::memory_order_relaxed) + 1);
  auto ids = queries::home_candidates(c, viewer, INT64_MAX, from, kWindow + 1);
  if (from > 0 && static_cast<int>(ids.size()) < kWindow / 3) {
    from = 0;
    ids = queries::home_candidates(c, viewer, INT64_MAX, 0, kWindow + 1);
  }
  const bool complete = from == 0 && static_cast<int>(ids.size()) <= kWindow;
  if (static_cast<int>(ids.size()) > kWindow) ids.resize(kWindow);
  c.execute("DELETE FROM timelines WHERE person_id = ?", {viewer.person_id});
  std::vector<std::pair<int64_t, int64_t>> rows;
  for (int64_t id : ids) rows.emplace_back(viewer.person_id, id);
  insert_rows(c, rows);
  c.execute(
      "INSERT INTO timeline_state (person_id, read_at, built_at, complete) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (person_id) DO UPDATE SET read_at = excluded.read_at, built_at = excluded.built_at, "
      "complete = excluded.complete",
      {viewer.person_id, now, now, complete});
}

}  // namespace

Result<void> TimelineSubscriber::handle(const events::Event& event) {
  return handle_batch(std::span<const events::Event>(&event, 1));
}

// One pass over the batch, in order. Fan-out rows and dropped timelines gather, and are written
// in one transaction when kFanoutBatch rows have gathered and at the end (drops in their place in
// the order, so a post fanned out before an unfollow is dropped with the timeline).
Result<void> TimelineSubscriber::handle_batch(std::span<const events::Event> events) {
  struct Step {
    std::vector<std::pair<int64_t, int64_t>> rows;  // person, post
    std::optional<int64_t> drop;                      // then this person's timeline goes
  };
  std::vector<Step> steps(1);
  std::size_t gathered = 0;
  auto flush = [&]() -> Result<void> {
    if (gathered == 0 && steps.size() == 1 && !steps.front().drop) return {};
    auto written = store::transact(store_, [&](store::Connection& c) -> Result<bool> {
      for (const Step& step : steps) {
        insert_rows(c, step.rows);
        if (step.drop) {
          c.execute("DELETE FROM timeline_state WHERE person_id = ?", {*step.drop});
          c.execute("DELETE FROM timelines WHERE person_id = ?", {*step.drop});
        }
      }
      return true;
    });
    if (!written) return std::unexpected(written.error());
    steps.assign(1, Step{});
    gathered = 0;
    return {};
  };
  const int64_t now = clock::now_seconds();
  const int64_t active_since = now - kActiveSeconds;
  const auto started = std::chrono::steady_clock::now();
  for (const events::Event& event : events) {
    if (event.kind() == events::Kind::kSessionCreated && event.actor_id && event.at >= now - kTouchSeconds &&
        std::chrono::steady_clock::now() - started < kSignInBuildBudget) {
      // A sign-in: the person is about to read their feed. A timeline that is missing or was let
      // go (inactive) is built now, in its own transaction, so the first read finds it; within a
      // budget per round, so that everyone signing in at once (after a restart) does not hold the
      // other views back: the rest are built on their first read, as before.
      if (auto flushed = flush(); !flushed) return flushed;
      auto built = store::transact(store_, [&](store::Connection& c) -> Result<bool> {
        auto read_at = c.query_int("SELECT read_at FROM timeline_state WHERE person_id = ?", {*event.actor_id});
        if (read_at && *read_at >= now - kActiveSeconds) return false;
        auto viewer = policy::viewer_of(c, *event.actor_id);
        if (!viewer) return false;
        build(c, *viewer, now);
        return true;
      });
      if (!built) return std::unexpected(built.error());
      if (*built) g_builds_on_sign_in.fetch_add(1, std::memory_order_relaxed);
      continue;
    }
    std::vector<int64_t> posts;
    const bool again = !event.as<events::PostCreated>() && !event.as<events::PostReshared>();
    if (auto post = post_to_fan_out(event)) {
      posts.push_back(*post);
    } else if (auto record = record_opened(event)) {
      auto on_record = store::read(store_, [&](store::Connection& c) -> Result<std::vector<int64_t>> {
        std::vector<int64_t> ids;
        auto rows = c.query("SELECT id FROM posts WHERE record_id = ? AND reply_to IS NULL AND deleted_at IS NULL "
                            "ORDER BY id DESC LIMIT ?",
                            {*record, kWindow});
        while (rows->next()) ids.push_back(rows->int64(0));
        return ids;
      });
      if (!on_record) return std::unexpected(on_record.error());
      posts = std::move(*on_record);
    }
    for (int64_t post : posts) {
      int64_t after = 0;
      while (true) {
        auto batch = audience(post, after, active_since, again);
        if (!batch) return std::unexpected(batch.error());
        for (int64_t person : *batch) steps.back().rows.emplace_back(person, post);
        gathered += batch->size();
        if (gathered >= static_cast<std::size_t>(kFanoutBatch)) {
          if (auto flushed = flush(); !flushed) return flushed;
        }
        if (static_cast<int>(batch->size()) < kFanoutBatch) break;
        after = batch->back();
      }
    }
    if (!posts.empty() || record_opened(event)) continue;
    if (auto reader = changed_reader(event)) {
      steps.back().drop = *reader;
      steps.emplace_back();
    }
  }
  return flush();
}

Result<std::vector<int64_t>> TimelineSubscriber::audience(int64_t post_id, int64_t after, int64_t active_since,
                                                          bool again) {
  // The next kFanoutBatch active readers whose feed the post enters and who may read it.
  return store::read(store_, [&](store::Connection& c) -> Result<std::vector<int64_t>> {
    std::vector<int64_t> people;
    auto rows = c.query(
        "WITH post AS (SELECT id, author_id, unit_id, space_id FROM posts WHERE id = ?1 AND reply_to IS NULL), "
        "audience(id) AS (SELECT author_id FROM post "
        "UNION SELECT fo.follower_id FROM follows fo JOIN post ON fo.followee_id = post.author_id "
        "UNION SELECT pe.id FROM people pe JOIN post ON pe.unit_id = post.unit_id "
        "UNION SELECT tf.person_id FROM post_topics pt JOIN topic_follows tf ON tf.topic = pt.topic "
        "WHERE pt.post_id = ?1 "
        "UNION SELECT sm.person_id FROM space_members sm JOIN post ON sm.space_id = post.space_id) "
        "SELECT a.id FROM audience a JOIN timeline_state ts ON ts.person_id = a.id "
        "JOIN people v ON v.id = a.id JOIN posts p ON p.id = ?1 "
        "WHERE a.id > ?2 AND ts.read_at >= ?3 AND p.reply_to IS NULL AND " +
            std::string(again ? "(ts.complete = TRUE OR EXISTS (SELECT 1 FROM timelines t WHERE t.person_id = a.id AND "
                                "t.post_id <= ?1)) AND "
                              : "") +
            policy::visible_posts_to_people("p", "v") + " ORDER BY a.id LIMIT ?4",
        {post_id, after, active_since, kFanoutBatch});
    while (rows->next()) people.push_back(rows->int64(0));
    return people;
  });
}

Result<void> TimelineSubscriber::begin_rebuild(store::Connection& c) {
  // Every timeline is rebuilt from the posts on its reader's next read (see rebuilt_from_state).
  c.execute("DELETE FROM timelines");
  c.execute("DELETE FROM timeline_state");
  return {};
}

namespace {
// Posts not yet fanned out that a page read checks one by one; past this many, it reads the feed
// from the posts themselves.
constexpr int kPendingChecked = 200;

std::atomic<int64_t> g_builds_on_read{0};
}  // namespace

void set_build_span(int64_t span) { g_build_span.store(span, std::memory_order_relaxed); }

int64_t builds_on_read() { return g_builds_on_read.load(std::memory_order_relaxed); }

int64_t builds_on_sign_in() { return g_builds_on_sign_in.load(std::memory_order_relaxed); }

Result<std::vector<int64_t>> home_page_ids(store::Store& store, const Viewer& viewer, int64_t before,
                                           int limit, bool recheck) {
  const int64_t now = clock::now_seconds();
  static Throttle touching(kTouchSeconds);
  struct State {
    int64_t read_at = 0;
    bool complete = false;
  };
  auto state = store::read(store, [&](store::Connection& c) -> Result<std::optional<State>> {
    auto rows = c.query("SELECT read_at, complete FROM timeline_state WHERE person_id = ?", {viewer.person_id});
    if (!rows->next()) return std::nullopt;
    return State{rows->int64(0), rows->int64(1) != 0};
  });
  if (!state) return std::unexpected(state.error());
  // Whether the timeline can be read, and whether it holds the whole feed.
  bool usable = state->has_value() && (*state)->read_at >= now - kActiveSeconds;
  bool complete = usable && (*state)->complete;
  if (!usable) {
    // New or inactive (fan-out skipped them): build it now from the posts.
    // Once: the person's other requests that found it missing too (several tabs, a client's
    // parallel requests, everyone at once after a restart) wait for the writer behind this one,
    // and find it built.
    auto built = store::transact(store, [&](store::Connection& c) -> Result<bool> {
      auto rows = c.query("SELECT read_at, complete FROM timeline_state WHERE person_id = ?", {viewer.person_id});
      if (rows->next() && rows->int64(0) >= now - kActiveSeconds) return rows->int64(1) != 0;
      rows.reset();
      build(c, viewer, now);
      g_builds_on_read.fetch_add(1, std::memory_order_relaxed);
      return c.query_int("SELECT complete FROM timeline_state WHERE person_id = ?", {viewer.person_id})
                 .value_or(0) != 0;
    });
    // A busy store: this page is read from the posts themselves.
    usable = built.has_value();
    complete = built.value_or(false);
  } else if ((*state)->read_at < now - kTouchSeconds && touching.claim(viewer.person_id, now)) {
    // Still active; the mark is refreshed at most hourly (once for the reader's requests at the
    // time), and a busy store only delays it.
    (void)store::transact(store, [&](store::Connection& c) -> Result<bool> {
      c.execute("UPDATE timeline_state SET read_at = ? WHERE person_id = ?", {now, viewer.person_id});
      return true;
    });
  }
  const int n = limit + 1;
  return store::read(store, [&](store::Connection& c) -> Result<std::vector<int64_t>> {
    if (!usable) return queries::home_candidates(c, viewer, before, 0, n);
    // The fan-out's checkpoint before the timeline's rows: a read is not one snapshot, and a
    // fan-out that commits between the two must leave its posts among those checked below, not
    // counted as fanned out yet missing from rows read before it.
    const int64_t fanned_out =
        c.query_int("SELECT last_id FROM event_checkpoints WHERE name = 'timelines'").value_or(0);
    std::vector<store::Param> params{viewer.person_id, before};
    std::string sql =
        recheck ? "SELECT t.post_id FROM timelines t JOIN posts p ON p.id = t.post_id WHERE t.person_id = ? AND "
                  "t.post_id < ? AND " + policy::append(params, policy::visible_posts(viewer)) +
                  " ORDER BY t.post_id DESC LIMIT ?"
                : "SELECT t.post_id FROM timelines t WHERE t.person_id = ? AND t.post_id < ? ORDER BY "
                  "t.post_id DESC LIMIT ?";
    params.emplace_back(n);
    std::vector<int64_t> ids;
    {
      auto rows = c.query(sql, params);
      while (rows->next()) ids.push_back(rows->int64(0));
    }
    // Posts the fan-out has not reached yet: those of the post events after its checkpoint, each
    // checked against the home rule (a handful under a stream of writes: the views go in rounds).
    // Far behind (a rebuild, a burst), from the posts themselves since the first of them.
    // (The checkpoint first, then the log from it in id order: a plan that walks the log's key
    // from the checkpoint whatever the backend — PostgreSQL, not knowing a subquery's value,
    // would scan the whole log for it.)
    std::vector<int64_t> pending;
    {
      auto rows = c.query("SELECT object_id FROM events WHERE id > ? AND verb IN (?, ?) ORDER BY id LIMIT ?",
                          {fanned_out, std::string(events::verb_of(events::Kind::kPostCreated)),
                           std::string(events::verb_of(events::Kind::kPostReshared)), kPendingChecked + 1});
      while (rows->next()) {
        if (!rows->is_null(0)) pending.push_back(rows->int64(0));
      }
    }
    if (!pending.empty()) {
      std::vector<int64_t> found;
      if (static_cast<int>(pending.size()) <= kPendingChecked) {
        found = queries::in_home_feed(c, viewer, pending, before);
      } else if (pending.front() > 0 && pending.front() < before) {
        found = queries::home_candidates(c, viewer, before, pending.front(), n);
      }
      for (int64_t id : found) ids.push_back(id);
      std::sort(ids.begin(), ids.end(), std::greater<>());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      if (static_cast<int>(ids.size()) > n) ids.resize(n);
    }
    // Past the end of a timeline that does not hold the whole feed, or of one the fan-out dropped
    // while this page was read (a follow or a membership changed meanwhile): from the posts.
    if (static_cast<int>(ids.size()) < n &&
        (!complete || !c.query_int("SELECT 1 FROM timeline_state WHERE person_id = ?", {viewer.person_id}))) {
      return queries::home_candidates(c, viewer, before, 0, n);
    }
    return ids;
  });
}

}  // namespace weft::timelines
