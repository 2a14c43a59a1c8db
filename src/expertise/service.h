// The expertise service: the server's expertise index and what it answers.
//
// Each process keeps its own index in memory (index.h), built from the tables when it starts
// (in the background: until then suggestions are empty and `ready()` is false) and kept current by
// the "expertise" subscriber, a live subscriber of the activity log that re-reads the evidence of
// each item an event touched (evidence.h). Every node follows the same log, so every node answers
// alike; nothing is stored, so nothing needs rebuilding but the process.
//
// Suggestions respect the asker's view: only evidence in spaces whose content they may read and on
// records whose access list admits them is scored or cited, and only people they may see, who are
// active and available, are named. Suggestions for a problem or record name only people who may
// see it and have not said "not me" to it. Load is spread: a person suggested often in the last
// week ranks a little lower than an equally able colleague.
//
// Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <set>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "events/subscriber.h"
#include "expertise/index.h"
#include "model/expertise.h"
#include "model/person.h"
#include "model/work.h"
#include "store/store.h"

namespace weft::expertise {

struct SuggestRequest {
  std::string title;   // what the problem is called (its words weigh double)
  std::string text;
  std::optional<int64_t> space_id;   // only members of this space
  std::optional<int64_t> unit_id;    // only people of this unit
  bool outside_unit = false;         // only people outside the asker's unit (to bridge silos)
  std::string subject_type;          // "problem" or "record": its readers only, not those who said not_me
  int64_t subject_id = 0;
  int64_t subject_space_id = 0;      // the problem's space
  std::optional<int64_t> subject_record_id;
  // On a problem's or record's page the viewer may be named (and say "not me"); the one asking
  // (the problem's author) never is.
  bool include_viewer = false;
  std::optional<int64_t> exclude_person;
  int limit = 10;
};

class Service {
 public:
  explicit Service(store::Store& store) : store_(store) {}
  ~Service();

  // Loads every item's evidence; events handled meanwhile are applied after it. `background`
  // runs it on a thread of its own.
  Result<Stats> build(const std::function<void(int64_t, int64_t)>& progress = {});
  void build_in_background();
  bool ready() const { return ready_.load(); }
  double build_seconds() const { return build_seconds_.load(); }
  Stats stats() const { return index_.stats(); }

  // The live subscriber's work: re-reads the evidence of the items the events touched. What an
  // author posts about is re-counted at most every kTopicsEvery (a burst of posts by the same
  // people is counted once), by a thread of the service when the events stop.
  Result<void> apply(std::span<const events::Event> events);
  static constexpr std::chrono::milliseconds kTopicsEvery{500};

  std::vector<ExpertSuggestion> suggest(store::Connection& c, const Viewer& viewer, const SuggestRequest& request) const;

  // Of the problems resolved in [from, to) that the viewer may see, where the accepted solver ranked
  // among the people the ranker would have suggested when the problem was posted, with only the
  // evidence dated before it (the newest `max_problems` such problems).
  ExpertiseAccuracy accuracy(store::Connection& c, const Viewer& viewer, int64_t from, int64_t to,
                             int max_problems = 300) const;

  const Index& index() const { return index_; }

 private:
  Scope scope_of(store::Connection& c, const Viewer& viewer) const;

  store::Store& store_;
  Index index_;
  Weights weights_ = weights_named("weft");
  std::atomic<bool> ready_{false};
  std::atomic<double> build_seconds_{0};
  std::mutex pending_mutex_;
  bool building_ = false;
  std::unordered_set<std::string> pending_;  // keys touched while building
  std::thread builder_;

  // Authors whose topics are to be counted again, and when they last were.
  Result<void> count_topics_due();
  void topics_loop();
  // Held while items are read from the tables and replaced in the index (an event's, a count of
  // topics, the build's second read), so that an older read never replaces a newer one.
  std::mutex refresh_;
  std::mutex topics_mutex_;
  std::condition_variable topics_wake_;
  std::set<int64_t> topics_due_;
  std::chrono::steady_clock::time_point topics_counted_{};
  bool stopping_ = false;
  std::thread topics_thread_;
};

// The live subscriber that keeps a Service's index current.
class Subscriber final : public events::LiveSubscriber {
 public:
  explicit Subscriber(Service& service) : service_(service) {}
  std::string name() const override { return "expertise"; }
  Result<void> handle(const events::Event& event) override {
    return service_.apply(std::span<const events::Event>(&event, 1));
  }
  Result<void> handle_batch(std::span<const events::Event> events) override { return service_.apply(events); }

 private:
  Service& service_;
};

// The durable subscriber that suggests people for each new problem, stores the suggestions and
// tells those under their daily cap (the notifier sends "expert_suggested" from its event). It
// starts at the log's end: suggestions are made once, when a problem is posted.
class Suggester final : public events::Subscriber {
 public:
  Suggester(store::Store& store, const Service& service, int daily_cap)
      : store_(store), service_(service), daily_cap_(daily_cap) {}
  std::string name() const override { return "expert-suggestions"; }
  Result<void> handle(const events::Event& event) override;
  bool starts_at_log_end() const override { return true; }
  Result<void> begin_rebuild(store::Connection&) override {
    return invalid("subscriber", "expert-suggestions are made once, when a problem is posted: nothing to rebuild");
  }

 private:
  store::Store& store_;
  const Service& service_;
  int daily_cap_;
};

inline constexpr int kSuggestionsPerProblem = 3;

}  // namespace weft::expertise
