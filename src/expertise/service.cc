#include "expertise/service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "core/clock.h"
#include "core/threads.h"
#include "core/text.h"
#include "expertise/evidence.h"
#include "expertise/reasons.h"
#include "policy/people.h"
#include "policy/records.h"
#include "queries/work_rows.h"

namespace weft::expertise {
namespace {

constexpr int64_t kLoadWindowSeconds = 7 * 86400;
constexpr double kLoadPenalty = 0.15;   // each suggestion in the last week divides the score by 1 + this
constexpr double kSocialWeight = 0.1;   // shared follows, added after ranking
constexpr int kOverFetch = 60;          // ranked before the people filter, so that enough remain

}  // namespace

Service::~Service() {
  {
    std::lock_guard lock(topics_mutex_);
    stopping_ = true;
  }
  topics_wake_.notify_all();
  if (topics_thread_.joinable()) topics_thread_.join();
  if (builder_.joinable()) builder_.join();
}

Result<void> Service::count_topics_due() {
  // One read-and-replace at a time (refresh_): the bus thread's and the service thread's counts
  // of the same person must not cross, or an older read could replace a newer one.
  std::lock_guard refresh(refresh_);
  std::set<int64_t> due;
  {
    std::lock_guard lock(topics_mutex_);
    due.swap(topics_due_);
    topics_counted_ = std::chrono::steady_clock::now();
  }
  if (due.empty()) return {};
  auto read = store::read(store_, [&](store::Connection& c) -> Result<std::vector<Keyed>> {
    std::vector<Keyed> items;
    for (int64_t person : due) {
      const std::string key = "topics:" + std::to_string(person);
      items.emplace_back(key, evidence_of(c, key));
    }
    return items;
  });
  if (!read) {
    std::lock_guard lock(topics_mutex_);
    topics_due_.insert(due.begin(), due.end());  // counted on the next turn
    return std::unexpected(read.error());
  }
  for (auto& [key, evidence] : *read) index_.replace(key, std::move(evidence));
  return {};
}

void Service::topics_loop() {
  core::name_thread("weft-expertise");
  std::unique_lock lock(topics_mutex_);
  while (!stopping_) {
    if (topics_due_.empty()) {
      topics_wake_.wait(lock);
      continue;
    }
    const auto at = topics_counted_ + kTopicsEvery;
    if (std::chrono::steady_clock::now() < at) {
      topics_wake_.wait_until(lock, at);
      continue;
    }
    lock.unlock();
    if (auto counted = count_topics_due(); !counted) {
      spdlog::warn("expertise: topics not counted: {}", counted.error().message);
    }
    lock.lock();
  }
}

Result<Stats> Service::build(const std::function<void(int64_t, int64_t)>& progress) {
  {
    std::lock_guard lock(pending_mutex_);
    building_ = true;
  }
  const auto started = std::chrono::steady_clock::now();
  auto loaded = store::read(store_, [&](store::Connection& c) -> Result<bool> {
    load_all(c, [&](Keyed&& item) { index_.replace(item.first, std::move(item.second)); }, progress);
    return true;
  });
  // Items touched while the tables were read are read again, now that their newer rows exist.
  // Held until they are: an event handled from now on waits for it, so that its newer read is
  // never replaced by this older one.
  std::unique_lock refresh(refresh_);
  std::unordered_set<std::string> pending;
  {
    std::lock_guard lock(pending_mutex_);
    building_ = false;
    pending.swap(pending_);
  }
  if (!pending.empty()) {
    auto again = store::read(store_, [&](store::Connection& c) -> Result<bool> {
      for (const std::string& key : expand(c, {pending.begin(), pending.end()})) {
        index_.replace(key, evidence_of(c, key));
      }
      return true;
    });
    if (!again) return std::unexpected(again.error());
  }
  refresh.unlock();
  if (!loaded) return std::unexpected(loaded.error());
  index_.shrink_to_fit();
  build_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ready_ = true;
  return index_.stats();
}

void Service::build_in_background() {
  {
    std::lock_guard lock(pending_mutex_);
    building_ = true;  // events from now on are kept until the build ends
  }
  builder_ = std::thread([this] {
    core::name_thread("weft-expertise");
    core::lower_thread_priority();
    auto built = build();
    if (!built) {
      spdlog::error("expertise: the index could not be built: {}", built.error().message);
      return;
    }
    spdlog::info("expertise: {} pieces of evidence about {} people indexed in {:.1f} s ({} MiB)", built->documents,
                 built->people, build_seconds_.load(), built->bytes >> 20);
  });
}

Result<void> Service::apply(std::span<const events::Event> events) {
  std::vector<std::string> keys = keys_of(events);
  if (keys.empty()) return {};
  {
    std::lock_guard lock(pending_mutex_);
    if (building_) {
      pending_.insert(keys.begin(), keys.end());
      return {};
    }
  }
  std::vector<int64_t> posters;
  {
    std::lock_guard refresh(refresh_);
    auto read = store::read(store_, [&](store::Connection& c) -> Result<std::vector<Keyed>> {
      std::vector<Keyed> items;
      for (const std::string& key : expand(c, keys)) {
        if (key.starts_with("topics:")) {
          posters.push_back(std::stoll(key.substr(7)));
        } else {
          items.emplace_back(key, evidence_of(c, key));
        }
      }
      return items;
    });
    if (!read) return std::unexpected(read.error());
    for (auto& [key, evidence] : *read) index_.replace(key, std::move(evidence));
  }
  if (posters.empty()) return {};
  bool now = false;
  {
    std::lock_guard lock(topics_mutex_);
    topics_due_.insert(posters.begin(), posters.end());
    now = std::chrono::steady_clock::now() >= topics_counted_ + kTopicsEvery;
    if (!now && !topics_thread_.joinable()) topics_thread_ = std::thread([this] { topics_loop(); });
  }
  if (now) return count_topics_due();  // the first in a while: at once
  topics_wake_.notify_all();
  return {};
}

Scope Service::scope_of(store::Connection& c, const Viewer& viewer) const {
  Scope scope;
  auto mark = [&](int64_t id) {
    if (id <= 0) return;
    if (static_cast<std::size_t>(id) >= scope.spaces.size()) scope.spaces.resize(static_cast<std::size_t>(id) + 1, 0);
    scope.spaces[static_cast<std::size_t>(id)] = 1;
  };
  // A space's content: its members, and everyone but guests for a public space (policy/spaces.h).
  auto member = c.query("SELECT space_id FROM space_members WHERE person_id = ?", {viewer.person_id});
  while (member->next()) mark(member->int64(0));
  member.reset();
  if (!viewer.is_guest()) {
    auto open = c.query("SELECT id FROM spaces WHERE visibility = 'public'");
    while (open->next()) mark(open->int64(0));
  }
  if (viewer.is_guest()) {
    // A guest reads nothing outside their spaces (no public post, no record they are not listed
    // on): of what lies outside spaces, only profiles' skills count for them.
    scope.outside_spaces = false;
    std::vector<store::Param> params;
    auto listed = c.query("SELECT r.id FROM records r WHERE " + policy::append(params, policy::visible_records(viewer, "r")),
                          params);
    scope.readable_records.emplace();
    while (listed->next()) scope.readable_records->insert(listed->int64(0));
  } else if (!viewer.is_admin()) {
    std::vector<store::Param> params;
    std::string sql = "SELECT r.id FROM records r WHERE r.restricted AND NOT " +
                      policy::append(params, policy::visible_records(viewer, "r"));
    auto hidden = c.query(sql, params);
    while (hidden->next()) scope.hidden_records.insert(hidden->int64(0));
  }
  return scope;
}

std::vector<ExpertSuggestion> Service::suggest(store::Connection& c, const Viewer& viewer,
                                               const SuggestRequest& request) const {
  if (!ready_) return {};
  const Scope scope = scope_of(c, viewer);
  Query query;
  query.title = request.title;
  query.text = request.text;
  query.tags = text::topics(request.title + "\n" + request.text);
  query.as_of = clock::now_seconds() + 1;
  query.asker = viewer.person_id;
  query.rank_asker = request.include_viewer;
  query.scope = &scope;
  query.limit = kOverFetch;
  // A filter that narrows who may be named narrows who is ranked: the index then ranks those
  // people only, rather than everyone's best kOverFetch being filtered down to few or none (a
  // unit of 500 among 100,000 people is seldom among the best 60). The people filter below still
  // has the last word.
  std::optional<std::unordered_set<int64_t>> only;
  auto narrow = [&](const std::string& sql, const std::vector<store::Param>& params) {
    std::unordered_set<int64_t> ids;
    auto rows = c.query(sql, params);
    while (rows->next()) {
      const int64_t person = rows->int64(0);
      if (!only || only->contains(person)) ids.insert(person);
    }
    only = std::move(ids);
  };
  const char* kMembers = "SELECT person_id FROM space_members WHERE space_id = ?";
  if (request.space_id) narrow(kMembers, {*request.space_id});
  if (request.unit_id) narrow("SELECT id FROM people WHERE unit_id = ?", {*request.unit_id});
  if (request.subject_type == "problem" &&
      !c.query_int("SELECT 1 FROM spaces WHERE id = ? AND visibility = 'public'", {request.subject_space_id})) {
    // A problem in a private or secret space: only its members may read it.
    narrow(kMembers, {request.subject_space_id});
  }
  if (request.subject_record_id &&
      c.query_int("SELECT 1 FROM records WHERE id = ? AND restricted", {*request.subject_record_id})) {
    narrow(policy::restricted_record_readers_sql(), {*request.subject_record_id, *request.subject_record_id});
  }
  std::unordered_set<int64_t> except;
  if (request.outside_unit && viewer.unit_id) {
    auto rows = c.query("SELECT id FROM people WHERE unit_id = ?", {*viewer.unit_id});
    while (rows->next()) except.insert(rows->int64(0));
  }
  if (only && only->empty()) return {};
  if (only || !except.empty()) {
    query.candidate = [&only, &except](int64_t person) {
      return (!only || only->contains(person)) && !except.contains(person);
    };
  }
  std::vector<Ranked> ranked = index_.rank(query, weights_);
  if (ranked.empty()) return {};

  std::vector<int64_t> ids;
  for (const Ranked& r : ranked) ids.push_back(r.person);
  // Who may be named: people the asker may see, active and available, and the filters asked for.
  // The ids are bound, not spelled into the SQL: one statement whoever is ranked (PostgreSQL
  // prepares each distinct text and keeps it for the connection's life).
  std::vector<store::Param> params;
  std::string sql = "SELECT " + std::string(queries::detail::kAuthor) + " FROM people a WHERE a.id IN (" + c.ids_sql() +
                    ") AND a.deactivated_at IS NULL AND (a.unavailable_until IS NULL OR a.unavailable_until <= ?)";
  params.push_back(store::Param::ids(ids));
  params.emplace_back(clock::now_seconds());
  sql += " AND " + policy::append(params, policy::visible_people(viewer, "a"));
  if (request.space_id) {
    sql += " AND EXISTS (SELECT 1 FROM space_members fm WHERE fm.space_id = ? AND fm.person_id = a.id)";
    params.emplace_back(*request.space_id);
  }
  if (request.exclude_person) {
    sql += " AND a.id <> ?";
    params.emplace_back(*request.exclude_person);
  }
  if (request.unit_id) {
    sql += " AND a.unit_id = ?";
    params.emplace_back(*request.unit_id);
  }
  if (request.outside_unit) {
    if (viewer.unit_id) {
      sql += " AND (a.unit_id IS NULL OR a.unit_id <> ?)";
      params.emplace_back(*viewer.unit_id);
    }
  }
  if (!request.subject_type.empty()) {
    // People who said "not me" to it are left alone.
    sql += " AND NOT EXISTS (SELECT 1 FROM expertise_feedback nf WHERE nf.person_id = a.id AND nf.verdict = "
           "'not_me' AND nf.subject_type = ? AND nf.subject_id = ?)";
    params.emplace_back(request.subject_type);
    params.emplace_back(request.subject_id);
  }
  if (request.subject_type == "problem") {
    // Not those who already proposed a solution to it: they are in the thread.
    sql += " AND NOT EXISTS (SELECT 1 FROM solutions so WHERE so.problem_id = ? AND so.author_id = a.id)";
    params.emplace_back(request.subject_id);
    // Only people who may read the problem: its space's members, or anyone but guests if public.
    sql += " AND (EXISTS (SELECT 1 FROM space_members sm WHERE sm.space_id = ? AND sm.person_id = a.id) OR "
           "(a.role <> 'guest' AND EXISTS (SELECT 1 FROM spaces ss WHERE ss.id = ? AND ss.visibility = 'public')))";
    params.emplace_back(request.subject_space_id);
    params.emplace_back(request.subject_space_id);
  }
  if (request.subject_record_id) {
    // A record's page: those who may read the record. A problem on a record: those who pass its
    // gate (the problem's own rule decides the rest, above).
    sql += " AND " + policy::append(params, request.subject_type == "record"
                                                ? policy::record_readers_to_people(*request.subject_record_id, "a")
                                                : policy::record_gate_of_to_people(*request.subject_record_id, "a"));
  }
  std::unordered_map<int64_t, PersonSummary> named;
  {
    auto rows = c.query(sql, params);
    while (rows->next()) {
      PersonSummary p = queries::detail::summary_at(*rows, 0);
      named.emplace(p.id, std::move(p));
    }
  }
  std::vector<int64_t> kept;
  for (int64_t id : ids) {
    if (named.contains(id)) kept.push_back(id);
  }
  if (kept.empty()) return {};

  // Closeness (people the candidate follows whom the asker follows too) and recent load.
  std::unordered_map<int64_t, int64_t> shared, load;
  {
    auto rows = c.query("SELECT f2.follower_id, COUNT(*) FROM follows f1 JOIN follows f2 ON f2.followee_id = "
                        "f1.followee_id WHERE f1.follower_id = ? AND f2.follower_id IN (" + c.ids_sql() +
                            ") GROUP BY f2.follower_id",
                        {viewer.person_id, store::Param::ids(kept)});
    while (rows->next()) shared[rows->int64(0)] = rows->int64(1);
  }
  {
    auto rows = c.query("SELECT person_id, COUNT(*) FROM expert_suggestions WHERE created_at > ? AND person_id IN (" +
                            c.ids_sql() + ") GROUP BY person_id",
                        {clock::now_seconds() - kLoadWindowSeconds, store::Param::ids(kept)});
    while (rows->next()) load[rows->int64(0)] = rows->int64(1);
  }
  int64_t most_shared = 0;
  for (auto [id, n] : shared) most_shared = std::max(most_shared, n);

  struct Candidate {
    const Ranked* ranked;
    double score;
  };
  std::vector<Candidate> candidates;
  for (const Ranked& r : ranked) {
    if (!named.contains(r.person)) continue;
    double score = r.score;
    if (most_shared > 0 && shared.contains(r.person)) {
      score += kSocialWeight * static_cast<double>(shared[r.person]) / static_cast<double>(most_shared);
    }
    score /= 1 + kLoadPenalty * static_cast<double>(load[r.person]);
    candidates.push_back({&r, score});
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  std::vector<ExpertSuggestion> out;
  for (const Candidate& candidate : candidates) {
    if (static_cast<int>(out.size()) >= request.limit) break;
    const Ranked& r = *candidate.ranked;
    std::vector<ExpertReason> why = reasons_for(r, static_cast<int>(shared[r.person]));
    if (why.empty()) continue;  // every suggestion says why
    out.push_back({named[r.person], std::round(candidate.score * 1000) / 1000, std::move(why)});
  }
  return out;
}

ExpertiseAccuracy Service::accuracy(store::Connection& c, const Viewer& viewer, int64_t from, int64_t to,
                                    int max_problems) const {
  ExpertiseAccuracy report;
  report.from = from;
  report.to = to;
  if (!ready_) return report;
  const Scope scope = scope_of(c, viewer);
  struct Row {
    int64_t id, space_id, author, created_at, resolved_at;
    std::optional<int64_t> record_id;
    std::string title, body;
    PersonSummary solver;
  };
  std::vector<Row> rows;
  {
    auto q = c.query(std::string("SELECT p.id, p.space_id, p.author_id, p.created_at, p.resolved_at, p.record_id, "
                                 "p.title, p.body, ") +
                         queries::detail::kAuthor +
                         " FROM problems p JOIN solutions s ON s.id = p.accepted_solution_id JOIN people a ON a.id = "
                         "s.author_id WHERE p.status = 'resolved' AND p.resolved_at >= ? AND p.resolved_at < ? "
                         "ORDER BY p.resolved_at DESC, p.id DESC",
                     {from, to});
    while (q->next()) {
      Row r{q->int64(0), q->int64(1), q->int64(2), q->int64(3), q->int64(4), q->optional_int64(5), q->text(6),
            q->text(7), queries::detail::summary_at(*q, 8)};
      // Only problems the viewer may see count, and the ranking may use only what they may see.
      if (!scope.sees(r.space_id, r.record_id.value_or(0), Kind::kProblem)) continue;
      rows.push_back(std::move(r));
      if (static_cast<int>(rows.size()) >= max_problems) break;
    }
  }
  std::map<std::string, std::pair<AccuracyPeriod, int>> months;
  double candidates = 0;
  for (const Row& row : rows) {
    Query query;
    query.title = row.title;
    query.text = row.body;
    query.tags = text::topics(row.title + "\n" + row.body);
    query.as_of = row.created_at;
    query.asker = row.author;
    query.scope = &scope;
    query.limit = 0;
    const std::vector<Ranked> ranked = index_.rank(query, weights_);
    std::optional<int64_t> rank;
    for (std::size_t k = 0; k < ranked.size(); ++k) {
      if (ranked[k].person == row.solver.id) rank = static_cast<int64_t>(k) + 1;
    }
    ++report.problems;
    candidates += static_cast<double>(ranked.size());
    const double rr = rank ? 1.0 / static_cast<double>(*rank) : 0;
    report.mrr += rr;
    report.hit_at_1 += rank && *rank <= 1 ? 1 : 0;
    report.hit_at_3 += rank && *rank <= 3 ? 1 : 0;
    report.hit_at_10 += rank && *rank <= 10 ? 1 : 0;
    const std::string month = clock::rfc3339(row.resolved_at).substr(0, 7);
    auto& [period, count] = months[month];
    period.month = month;
    ++period.problems;
    period.hit_at_3 += rank && *rank <= 3 ? 1 : 0;
    period.mrr += rr;
    if (report.items.size() < 50) {
      report.items.push_back({row.id, row.title, row.resolved_at, row.solver, rank,
                              static_cast<int64_t>(ranked.size())});
    }
  }
  if (report.problems > 0) {
    const auto n = static_cast<double>(report.problems);
    report.mrr /= n;
    report.hit_at_1 /= n;
    report.hit_at_3 /= n;
    report.hit_at_10 /= n;
    report.candidates = candidates / n;
  }
  for (auto& [month, entry] : months) {
    AccuracyPeriod p = entry.first;
    p.hit_at_3 /= static_cast<double>(p.problems);
    p.mrr /= static_cast<double>(p.problems);
    report.months.push_back(p);
  }
  return report;
}

Result<void> Suggester::handle(const events::Event& event) {
  if (event.kind() != events::Kind::kProblemCreated || !event.object_id) return {};
  if (!service_.ready()) return fail(ErrorCode::kUnavailable, "the expertise index is still being built");
  const int64_t problem_id = *event.object_id;
  struct Problem {
    int64_t space_id, author;
    std::optional<int64_t> record_id;
    std::string title, body;
  };
  auto ranked = store::read(store_, [&](store::Connection& c) -> Result<std::pair<Problem, std::vector<ExpertSuggestion>>> {
    auto rows = c.query("SELECT p.space_id, p.author_id, p.record_id, p.title, p.body, a.role, a.unit_id FROM problems p "
                        "JOIN people a ON a.id = p.author_id WHERE p.id = ?",
                        {problem_id});
    if (!rows->next()) return std::pair<Problem, std::vector<ExpertSuggestion>>{};
    Problem p{rows->int64(0), rows->int64(1), rows->optional_int64(2), rows->text(3), rows->text(4)};
    const Viewer author{p.author, parse_role(rows->text(5)).value_or(Role::kGuest), rows->optional_int64(6)};
    rows.reset();
    SuggestRequest request{.title = p.title,
                           .text = p.body,
                           .subject_type = "problem",
                           .subject_id = problem_id,
                           .subject_space_id = p.space_id,
                           .subject_record_id = p.record_id,
                           .limit = kSuggestionsPerProblem};
    auto suggestions = service_.suggest(c, author, request);
    return std::pair{p, std::move(suggestions)};
  });
  if (!ranked) return std::unexpected(ranked.error());
  auto& [problem, suggestions] = *ranked;
  if (suggestions.empty()) return {};
  // This view appends to the log (problem.experts_suggested): that write is as durable as a
  // request's, or a crash could lose an event other nodes' live views had already acted on.
  store::DurableWrites durable;
  auto stored = store::transact(store_, [&](store::Connection& c) -> Result<bool> {
    if (c.query_int("SELECT 1 FROM expert_suggestions WHERE problem_id = ?", {problem_id})) return false;  // done before
    const int64_t now = clock::now_seconds();
    events::ExpertsSuggested payload;
    int position = 0;
    for (const ExpertSuggestion& s : suggestions) {
      const int64_t today = c.query_int("SELECT COUNT(*) FROM expert_suggestions WHERE person_id = ? AND notified = 1 "
                                        "AND created_at > ?",
                                        {s.person.id, now - 86400})
                                .value_or(0);
      const bool notify = today < daily_cap_;
      c.execute("INSERT INTO expert_suggestions (problem_id, person_id, position, score, notified, created_at) VALUES "
                "(?, ?, ?, ?, ?, ?)",
                {problem_id, s.person.id, ++position, s.score, notify ? 1 : 0, now});
      payload.people.push_back(s.person.id);
      if (notify) payload.notified.push_back(s.person.id);
    }
    events::append(c, {.actor_id = problem.author,
                       .object_id = problem_id,
                       .space_id = problem.space_id,
                       .audience = "space",
                       .payload = std::move(payload)});
    return true;
  });
  if (!stored) return std::unexpected(stored.error());
  return {};
}

}  // namespace weft::expertise
