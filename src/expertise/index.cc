#include "expertise/index.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <stdexcept>

#include "expertise/text.h"

namespace weft::expertise {
namespace {

constexpr const char* kKindNames[kKindCount] = {
    "accepted_solution", "solution", "problem", "idea_adopted", "idea", "proposal_decided",
    "proposal", "record_work", "skill", "helped", "declined"};

constexpr int64_t kRecentSeconds = 180 * 86400;
constexpr std::size_t kCitedPerPerson = 12;

double fade(double half_life_days, int64_t as_of, int64_t at) {
  if (half_life_days <= 0 || as_of == std::numeric_limits<int64_t>::max()) return 1;
  const double age_days = static_cast<double>(std::max<int64_t>(0, as_of - at)) / 86400.0;
  return std::exp2(-age_days / half_life_days);
}
double decay(const Weights& w, int64_t as_of, int64_t at) { return fade(w.half_life_days, as_of, at); }
// A skill on a profile is true until it is removed: it does not fade.
double decay(const Weights& w, int64_t as_of, const Evidence& e) {
  return e.kind == Kind::kSkill ? 1 : decay(w, as_of, e.at);
}

bool is_solution(Kind k) { return k == Kind::kSolution || k == Kind::kAcceptedSolution; }

// How much a piece of evidence says beyond its kind: a skill endorsed by many more than one listed.
double strength_factor(double strength) { return strength > 1 ? 1 + std::log(strength) : 1; }

}  // namespace

const char* kind_name(Kind kind) { return kKindNames[static_cast<int>(kind)]; }

std::vector<std::string> ranker_names() { return {"weft", "bm25", "popularity"}; }

Weights weights_named(const std::string& name) {
  Weights w;
  auto kind = [&](Kind k) -> double& { return w.kind[static_cast<int>(k)]; };
  auto activity = [&](Kind k) -> double& { return w.activity_kind[static_cast<int>(k)]; };
  if (name == "bm25") {
    // Text relevance of the problems a person answered and their answers, nothing else.
    kind(Kind::kSolution) = kind(Kind::kAcceptedSolution) = 1;
    w.half_life_days = 0;
    w.title_boost = 1;
    return w;
  }
  if (name == "popularity") {
    // How many solutions a person has written, whatever the problem.
    activity(Kind::kSolution) = activity(Kind::kAcceptedSolution) = 1;
    w.half_life_days = 0;
    w.text = 0;
    w.activity = 1;
    return w;
  }
  if (name != "weft") throw std::invalid_argument("unknown ranker: " + name);
  // Tuned by coordinate ascent on the validation folds (the fifth of each history before its test
  // set) of the three development histories; docs/design/expertise.md records the search.
  kind(Kind::kAcceptedSolution) = 1.5;
  kind(Kind::kSolution) = 1;
  kind(Kind::kProblem) = 0;
  kind(Kind::kIdeaAdopted) = 1.2;
  kind(Kind::kIdea) = 0.5;
  kind(Kind::kProposalDecided) = 1;
  kind(Kind::kProposal) = 0.4;
  kind(Kind::kRecordWork) = 0.5;
  kind(Kind::kSkill) = 0.8;
  kind(Kind::kHelped) = 1.5;
  kind(Kind::kDeclined) = -1;
  activity(Kind::kAcceptedSolution) = 4;
  activity(Kind::kSolution) = 0.3;
  activity(Kind::kIdeaAdopted) = 2;
  activity(Kind::kProposalDecided) = 1;
  activity(Kind::kRecordWork) = 0.2;
  activity(Kind::kHelped) = 2;
  w.half_life_days = 365;
  w.activity_half_life_days = 365;
  w.text = 0.1;
  w.profile = 1;
  w.activity = 0.3;
  w.tags = 0.05;
  w.proximity = 0.1;
  w.last_seen = 0.4;
  w.social = 0.1;
  return w;
}

bool set_weight(Weights& w, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos) return false;
  const std::string name = assignment.substr(0, eq);
  double value = 0;
  try {
    std::size_t used = 0;
    value = std::stod(assignment.substr(eq + 1), &used);
    if (used != assignment.size() - eq - 1) return false;
  } catch (const std::exception&) {
    return false;
  }
  const std::pair<const char*, double*> fields[] = {
      {"k1", &w.k1},         {"b", &w.b}, {"activity_half_life_days", &w.activity_half_life_days},
      {"title_boost", &w.title_boost}, {"half_life_days", &w.half_life_days},
      {"text", &w.text},     {"activity", &w.activity},
      {"tags", &w.tags},     {"proximity", &w.proximity},
      {"social", &w.social}, {"profile", &w.profile},
      {"last_seen", &w.last_seen}, {"last_seen_days", &w.last_seen_days}};
  for (auto [field, target] : fields) {
    if (name == field) {
      *target = value;
      return true;
    }
  }
  if (name == "multiply") {
    w.multiply = value != 0;
    return true;
  }
  if (name == "top_documents") {
    w.top_documents = static_cast<int>(value);
    return true;
  }
  for (int k = 0; k < kKindCount; ++k) {
    if (name == std::string("kind.") + kKindNames[k]) {
      w.kind[k] = value;
      return true;
    }
    if (name == std::string("activity.") + kKindNames[k]) {
      w.activity_kind[k] = value;
      return true;
    }
  }
  return false;
}

uint32_t Index::term_id(const std::string& term) {
  auto [it, added] = term_ids_.try_emplace(term, static_cast<uint32_t>(postings_.size()));
  if (added) {
    postings_.emplace_back();
    document_frequency_.push_back(0);
  }
  return it->second;
}

uint32_t Index::tag_id(const std::string& tag) {
  auto [it, added] = tag_ids_.try_emplace(tag, static_cast<uint32_t>(tag_postings_.size()));
  if (added) {
    tag_postings_.emplace_back();
    tag_names_.push_back(tag);
  }
  return it->second;
}

void Index::add_locked(Evidence evidence, std::vector<uint32_t>& ids) {
  const auto doc = static_cast<uint32_t>(docs_.size());
  Doc d;
  std::unordered_map<uint32_t, uint32_t> tf;
  for (const std::string& term : terms_of(evidence.text)) ++tf[term_id(term)];
  for (const std::string& tag : evidence.tags) {
    const uint32_t id = tag_id(tag);
    if (std::find(d.tags.begin(), d.tags.end(), id) != d.tags.end()) continue;
    d.tags.push_back(id);
    tag_postings_[id].push_back(doc);
  }
  for (auto [term, count] : tf) {
    postings_[term].push_back({doc, count});
    ++document_frequency_[term];
    d.terms.push_back(term);
    d.length += count;
  }
  evidence.text.clear();
  evidence.text.shrink_to_fit();
  by_person_[evidence.person].push_back(doc);
  d.evidence = std::move(evidence);
  d.alive = true;
  ++live_;
  total_length_ += d.length;
  docs_.push_back(std::move(d));
  ids.push_back(doc);
}

void Index::remove_locked(uint32_t doc) {
  Doc& d = docs_[doc];
  if (!d.alive) return;
  d.alive = false;
  --live_;
  total_length_ -= d.length;
  for (uint32_t term : d.terms) --document_frequency_[term];
  dead_postings_ += static_cast<int64_t>(d.terms.size() + d.tags.size());
  auto& mine = by_person_[d.evidence.person];
  std::erase(mine, doc);
  if (mine.empty()) by_person_.erase(d.evidence.person);
}

void Index::replace(const std::string& key, std::vector<Evidence> evidence) {
  std::unique_lock lock(mutex_);
  auto found = by_key_.find(key);
  if (found != by_key_.end()) {
    for (uint32_t doc : found->second) remove_locked(doc);
    by_key_.erase(found);
  }
  if (!evidence.empty()) {
    std::vector<uint32_t> ids;
    for (Evidence& e : evidence) add_locked(std::move(e), ids);
    by_key_[key] = std::move(ids);
  }
  if (static_cast<int64_t>(docs_.size()) > 1024 && static_cast<int64_t>(docs_.size()) > 2 * live_) compact_locked();
}

void Index::compact_locked() {
  std::vector<uint32_t> renumber(docs_.size(), UINT32_MAX);
  std::vector<Doc> kept;
  kept.reserve(static_cast<std::size_t>(live_));
  for (uint32_t doc = 0; doc < docs_.size(); ++doc) {
    if (!docs_[doc].alive) continue;
    renumber[doc] = static_cast<uint32_t>(kept.size());
    kept.push_back(std::move(docs_[doc]));
  }
  docs_ = std::move(kept);
  for (auto& list : postings_) {
    std::erase_if(list, [&](const Posting& p) { return renumber[p.doc] == UINT32_MAX; });
    for (Posting& p : list) p.doc = renumber[p.doc];
  }
  for (auto& list : tag_postings_) {
    std::erase_if(list, [&](uint32_t doc) { return renumber[doc] == UINT32_MAX; });
    for (uint32_t& doc : list) doc = renumber[doc];
  }
  for (auto& [key, ids] : by_key_) {
    for (uint32_t& doc : ids) doc = renumber[doc];
  }
  for (auto& [person, ids] : by_person_) {
    for (uint32_t& doc : ids) doc = renumber[doc];
  }
  dead_postings_ = 0;
}

void Index::clear() {
  std::unique_lock lock(mutex_);
  docs_.clear();
  by_key_.clear();
  by_person_.clear();
  term_ids_.clear();
  postings_.clear();
  document_frequency_.clear();
  tag_ids_.clear();
  tag_postings_.clear();
  tag_names_.clear();
  live_ = dead_postings_ = total_length_ = 0;
}

Stats Index::stats() const {
  std::shared_lock lock(mutex_);
  Stats s;
  s.documents = live_;
  s.people = static_cast<int64_t>(by_person_.size());
  s.terms = static_cast<int64_t>(term_ids_.size());
  int64_t bytes = static_cast<int64_t>(docs_.capacity() * sizeof(Doc));
  for (const Doc& d : docs_) {
    s.postings += static_cast<int64_t>(d.alive ? d.terms.size() : 0);
    bytes += static_cast<int64_t>(d.terms.capacity() * 4 + d.tags.capacity() * 4 + d.evidence.title.capacity() +
                                  d.evidence.ref_type.capacity());
    for (const auto& tag : d.evidence.tags) bytes += static_cast<int64_t>(sizeof(std::string) + tag.capacity());
  }
  for (const auto& list : postings_) bytes += static_cast<int64_t>(list.capacity() * sizeof(Posting) + 24);
  for (const auto& list : tag_postings_) bytes += static_cast<int64_t>(list.capacity() * 4 + 24);
  for (const auto& [term, id] : term_ids_) bytes += static_cast<int64_t>(term.capacity() + 48);
  for (const auto& [key, ids] : by_key_) bytes += static_cast<int64_t>(key.capacity() + ids.capacity() * 4 + 64);
  for (const auto& [person, ids] : by_person_) bytes += static_cast<int64_t>(ids.capacity() * 4 + 48);
  s.bytes = bytes;
  return s;
}

std::vector<Ranked> Index::rank(const Query& query, const Weights& w) const {
  std::shared_lock lock(mutex_);
  const bool dated = query.as_of != std::numeric_limits<int64_t>::max();

  // Who may be ranked, asked once per person.
  std::unordered_map<int64_t, bool> allowed;
  auto may_rank = [&](int64_t person) {
    if (person == query.asker && query.asker != 0) return false;
    if (!query.candidate) return true;
    auto [it, added] = allowed.try_emplace(person, false);
    if (added) it->second = query.candidate(person);
    return it->second;
  };
  auto usable = [&](const Doc& d) {
    if (!d.alive || d.evidence.at >= query.as_of) return false;
    return query.scope == nullptr || query.scope->sees(d.evidence.space_id, d.evidence.record_id);
  };

  // The query's terms, with the title's counted title_boost times.
  std::unordered_map<uint32_t, double> query_terms;
  auto add_terms = [&](const std::string& text, double weight) {
    for (const std::string& term : terms_of(text)) {
      auto it = term_ids_.find(term);
      if (it != term_ids_.end()) query_terms[it->second] += weight;
    }
  };
  add_terms(query.title, w.title_boost);
  add_terms(query.text, 1);

  std::unordered_map<uint32_t, double> doc_score;
  // For the profile part: per person, the query terms' frequencies summed over their evidence.
  std::unordered_map<int64_t, std::vector<std::pair<uint32_t, double>>> profile_tf;
  std::unordered_map<uint32_t, double> term_idf;
  if ((w.text != 0 || w.profile != 0) && live_ > 0) {
    const double n = static_cast<double>(live_);
    const double average_length = std::max(1.0, static_cast<double>(total_length_) / n);
    for (auto [term, query_weight] : query_terms) {
      const double df = document_frequency_[term];
      if (df <= 0) continue;
      const double idf = std::log(1 + (n - df + 0.5) / (df + 0.5));
      // Repeating a word in a long question says less each time.
      const double qw = 1 + std::log(query_weight);
      term_idf[term] = qw * idf;
      for (const Posting& p : postings_[term]) {
        const Doc& d = docs_[p.doc];
        if (!usable(d) || !may_rank(d.evidence.person)) continue;
        if (w.profile != 0 && w.kind[static_cast<int>(d.evidence.kind)] > 0) {
          auto& tfs = profile_tf[d.evidence.person];
          if (tfs.empty() || tfs.back().first != term) tfs.emplace_back(term, 0);
          tfs.back().second += p.tf;
        }
        const double tf = p.tf;
        const double norm = w.k1 * (1 - w.b + w.b * d.length / average_length);
        doc_score[p.doc] += qw * idf * tf * (w.k1 + 1) / (tf + norm);
      }
    }
  }

  struct Person {
    std::vector<std::pair<double, uint32_t>> matched;  // (relevance, doc)
    std::unordered_map<uint32_t, std::vector<uint32_t>> tags_by_doc;
    Ranked ranked;
  };
  std::unordered_map<int64_t, Person> people;
  for (auto [doc, score] : doc_score) {
    const Doc& d = docs_[doc];
    const double relevance = score * w.kind[static_cast<int>(d.evidence.kind)] *
                             strength_factor(d.evidence.strength) * decay(w, query.as_of, d.evidence);
    if (relevance == 0) continue;
    people[d.evidence.person].matched.emplace_back(relevance, doc);
  }

  // Topics the problem names, found on a person's evidence.
  if (w.tags != 0) {
    for (const std::string& tag : query.tags) {
      auto it = tag_ids_.find(tag);
      if (it == tag_ids_.end()) continue;
      for (uint32_t doc : tag_postings_[it->second]) {
        const Doc& d = docs_[doc];
        const double kind_weight = w.kind[static_cast<int>(d.evidence.kind)];
        if (kind_weight <= 0 || !usable(d) || !may_rank(d.evidence.person)) continue;
        Person& person = people[d.evidence.person];
        person.ranked.tags += kind_weight * decay(w, query.as_of, d.evidence);
        person.tags_by_doc[doc].push_back(it->second);
      }
    }
  }

  if (query.rank_everyone) {
    for (const auto& [person, docs] : by_person_) {
      if (!may_rank(person)) continue;
      bool any = false;
      for (uint32_t doc : docs) any = any || usable(docs_[doc]);
      if (any) people.try_emplace(person);
    }
  }
  for (const auto& [person, tfs] : profile_tf) people.try_emplace(person);
  for (const auto& [person, closeness] : query.close) {
    if (closeness > 0 && people.contains(person)) people[person].ranked.social = closeness;
  }

  // The parts of each person's score.
  for (auto& [id, person] : people) {
    Ranked& r = person.ranked;
    r.person = id;
    auto& matched = person.matched;
    std::sort(matched.begin(), matched.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    int counted = 0;
    for (auto [relevance, doc] : matched) {
      if (relevance > 0 && w.top_documents > 0 && counted >= w.top_documents) continue;
      if (relevance > 0) ++counted;
      r.text += relevance;
    }
    auto mine = by_person_.find(id);
    if (mine == by_person_.end()) continue;
    double profile_length = 0;
    int64_t last_solution = std::numeric_limits<int64_t>::min();
    for (uint32_t doc : mine->second) {
      const Doc& d = docs_[doc];
      if (!usable(d)) continue;
      if (w.kind[static_cast<int>(d.evidence.kind)] > 0) profile_length += d.length;
      if (is_solution(d.evidence.kind)) last_solution = std::max(last_solution, d.evidence.at);
      r.activity += w.activity_kind[static_cast<int>(d.evidence.kind)] *
                    expertise::fade(w.activity_half_life_days, query.as_of, d.evidence.at);
      const double fade = decay(w, query.as_of, d.evidence.at);
      if (is_solution(d.evidence.kind)) {
        if (query.asker != 0 && d.evidence.counterpart == query.asker) {
          ++r.helped_asker;
          r.proximity += (d.evidence.kind == Kind::kAcceptedSolution ? 1.5 : 1) * fade;
        }
        if (!dated || query.as_of - d.evidence.at <= kRecentSeconds) ++r.recent_solutions;
      }
    }
    if (last_solution != std::numeric_limits<int64_t>::min()) {
      r.last_seen = fade(w.last_seen_days, query.as_of, last_solution);
    }
    // All of a person's evidence as one document (Balog's "Model 1"), its length normalized against
    // the typical person's: relevance that does not grow with the sheer number of documents.
    if (auto tfs = profile_tf.find(id); tfs != profile_tf.end() && profile_length > 0) {
      const double average = std::max(1.0, static_cast<double>(total_length_) /
                                                std::max<double>(1, static_cast<double>(by_person_.size())));
      for (auto [term, tf] : tfs->second) {
        const double norm = w.k1 * (1 - w.b + w.b * profile_length / average);
        r.profile += term_idf[term] * tf * (w.k1 + 1) / (tf + norm);
      }
    }
  }

  double top_text = 0, top_activity = 0, top_tags = 0, top_proximity = 0, top_social = 0, top_profile = 0;
  for (const auto& [id, person] : people) {
    top_text = std::max(top_text, person.ranked.text);
    top_activity = std::max(top_activity, person.ranked.activity);
    top_tags = std::max(top_tags, person.ranked.tags);
    top_proximity = std::max(top_proximity, person.ranked.proximity);
    top_social = std::max(top_social, person.ranked.social);
    top_profile = std::max(top_profile, person.ranked.profile);
  }
  const double total_weight = std::max(1e-9, std::abs(w.text) + std::abs(w.activity) + std::abs(w.tags) +
                                                 std::abs(w.proximity) + std::abs(w.social) +
                                                 std::abs(w.profile) + std::abs(w.last_seen));
  std::vector<Ranked> out;
  out.reserve(people.size());
  for (auto& [id, person] : people) {
    Ranked& r = person.ranked;
    const double parts[] = {top_text > 0 ? std::max(0.0, r.text) / top_text : 0,
                            top_activity > 0 ? std::log1p(r.activity) / std::log1p(top_activity) : 0,
                            top_tags > 0 ? r.tags / top_tags : 0,
                            top_proximity > 0 ? r.proximity / top_proximity : 0,
                            top_social > 0 ? r.social / top_social : 0,
                            top_profile > 0 ? r.profile / top_profile : 0,
                            r.last_seen};
    const double part_weights[] = {w.text, w.activity, w.tags, w.proximity, w.social, w.profile, w.last_seen};
    double score = 0;
    if (w.multiply) {
      // A product of (0.05 + part)^weight: each part matters relative to the others, and a person
      // weak in one is not rescued by being strong in another.
      score = 1;
      for (int k = 0; k < 7; ++k) score *= std::pow(0.05 + parts[k], part_weights[k]);
      score = std::pow(score, 1 / total_weight);
    } else {
      for (int k = 0; k < 7; ++k) score += part_weights[k] * parts[k];
      score /= total_weight;
    }
    r.score = score;
    out.push_back(std::move(r));
  }
  std::sort(out.begin(), out.end(), [](const Ranked& a, const Ranked& b) {
    return a.score != b.score ? a.score > b.score : a.person < b.person;
  });
  if (query.limit > 0 && out.size() > static_cast<std::size_t>(query.limit)) out.resize(static_cast<std::size_t>(query.limit));

  // What each ranked person's evidence cites, most relevant first.
  for (Ranked& r : out) {
    Person& person = people[r.person];
    std::vector<std::pair<double, uint32_t>> cited = person.matched;
    for (const auto& [doc, tags] : person.tags_by_doc) {
      if (std::none_of(cited.begin(), cited.end(), [&](const auto& c) { return c.second == doc; })) {
        cited.emplace_back(0, doc);
      }
    }
    std::stable_sort(cited.begin(), cited.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    if (cited.size() > kCitedPerPerson) cited.resize(kCitedPerPerson);
    for (auto [relevance, doc] : cited) {
      const Evidence& e = docs_[doc].evidence;
      Cited c{e.kind, e.ref_type, e.ref_id, e.title, e.at, relevance, {}, e.strength};
      if (auto tags = person.tags_by_doc.find(doc); tags != person.tags_by_doc.end()) {
        for (uint32_t id : tags->second) c.tags.push_back(tag_names_[id]);
      }
      r.evidence.push_back(std::move(c));
    }
  }
  return out;
}

}  // namespace weft::expertise
