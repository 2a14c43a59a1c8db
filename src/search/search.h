// Search: the full-text index of posts, people, spaces, problems, ideas and proposals, a view
// derived from the activity log. The "search" subscriber (search/subscriber.h) re-indexes what each
// batch of events touched, from the items' current rows, in one transaction per batch and off the
// request path; `weft rebuild search` rebuilds the whole index from the tables.
//
// The Index interface is all that depends on the backend's full-text engine: SQLite's FTS5 today
// (sqlite_index.cc: contentful FTS5 tables with prefix indexes), PostgreSQL's tsvector and
// GIN later. Visibility is not the index's business: every match is joined with the rule of
// policy/ (posts, spaces, space content) in the same query (posts: in the query that follows the match), so the index may hold what a viewer
// may not see and never shows it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "model/person.h"
#include "store/store.h"

namespace weft::search {

// The kinds of work items, in one index with the id.
enum class WorkKind : int64_t { kSpace = 1, kProblem = 2, kIdea = 3, kProposal = 4, kRecord = 5, kPage = 6 };
const char* work_kind_name(WorkKind kind);  // space, problem, idea, proposal, record, page

// What a batch of events changed: the items to re-index from their current rows.
struct Changes {
  std::vector<int64_t> posts;    // a post
  std::vector<int64_t> threads;  // a post and, if it is a root, every post of its thread
  std::vector<int64_t> people;
  std::vector<std::pair<WorkKind, int64_t>> work;
  bool empty() const { return posts.empty() && threads.empty() && people.empty() && work.empty(); }
};

struct WorkMatch {
  WorkKind kind;
  int64_t id = 0;
  std::string title;
  std::string body;
};

struct PostMatch {
  int64_t id = 0;
  std::string author_name;
  std::string body;
};

inline constexpr int kMaxQueryWords = 8;

// The words of what a person typed that a query uses: runs of letters, digits, non-ASCII and the
// handle characters (. _ -); at most kMaxQueryWords; one-letter words only when nothing longer is
// given. Each backend spells them in its own query syntax.
std::vector<std::string> query_words(const std::string& text);

using Progress = std::function<void(int64_t done, int64_t total)>;

class Index {
 public:
  virtual ~Index() = default;

  // Writing (in the caller's transaction).
  virtual void apply(store::Connection& c, const Changes& changes) const = 0;
  virtual void clear(store::Connection& c) const = 0;
  // Indexes every item from the tables into an empty index; `progress` counts items.
  virtual void build(store::Connection& c, const Progress& progress) const = 0;
  // Records that the index holds every event up to `event_id`, with the index's own writes,
  // where those may be lost apart from the view's checkpoint (SQLite's search file, written
  // without a sync per commit: the store sets the checkpoint back to this mark at open).
  virtual void mark_indexed(store::Connection& c, int64_t event_id) const = 0;

  // Matching. `q` is what a person typed: words, all required (at most kMaxQueryWords; one-letter
  // words are dropped when longer ones are given). In people and work items each word matches as
  // a prefix; in posts only the last one does (the word being typed: "renewal contr" finds
  // "renewal contract"), since a prefix term costs a walk over every word it expands to, across
  // millions of posts.
  // Whether q holds anything to match (an empty query matches nothing).
  virtual bool matchable(const std::string& q) const = 0;
  // An SQL condition on `id_column` (a person id), with its parameters appended to `params`.
  virtual std::string people_matching(std::vector<store::Param>& params, const std::string& q,
                                      const std::string& id_column) const = 0;
  // An SQL condition on `id_column` (a space id).
  virtual std::string spaces_matching(std::vector<store::Param>& params, const std::string& q,
                                      const std::string& id_column) const = 0;
  // Work items of `kinds` the viewer may see, best first.
  virtual std::vector<WorkMatch> work(store::Connection& c, const Viewer& viewer, const std::string& q,
                                      const std::vector<WorkKind>& kinds, int limit, int64_t offset) const = 0;
  // Posts the viewer may see, best first among the newest `window` matches.
  virtual std::vector<PostMatch> posts(store::Connection& c, const Viewer& viewer, const std::string& q,
                                       int64_t window, int limit, int64_t offset) const = 0;
};

// For index implementations: given matches scored by the engine (score, post id), the page of
// those the viewer may see, best first (ties: newest first), with author names and bodies.
std::vector<PostMatch> visible_post_page(store::Connection& c, const Viewer& viewer,
                                         std::vector<std::pair<double, int64_t>> scored, int limit,
                                         int64_t offset);

// The index of the connection's backend (indexes keep no state of their own).
const Index& index_for(const store::Connection& c);

// Rebuilds the whole index from the tables and sets the search subscriber's checkpoint at the
// log's last event: for bulk writers that bypass the bus (demo generation, import).
void rebuild(store::Connection& c, const Progress& progress = {});

// Waits (up to `budget`) until the search subscriber has indexed every event committed before
// the call, so that what was just written is found. False if the budget ran out first.
bool await_fresh(store::Store& store, std::chrono::milliseconds budget);
inline constexpr auto kFreshnessBudget = std::chrono::milliseconds(1000);

}  // namespace weft::search
