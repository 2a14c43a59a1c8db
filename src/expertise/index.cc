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
    "proposal", "record_work", "skill", "helped", "declined", "page_written", "topic_posts"};

constexpr int64_t kRecentSeconds = 180 * 86400;
constexpr std::size_t kCitedPerPerson = 12;

double fade(double half_life_days, int64_t as_of, int64_t at) {
  if (half_life_days <= 0 || as_of == std::numeric_limits<int64_t>::max()) return 1;
  // In doubles: any two times may be given (a history's evidence may be dated at the epoch's start).
  const double age_days = std::max(0.0, static_cast<double>(as_of) - static_cast<double>(at)) / 86400.0;
  return std::exp2(-age_days / half_life_days);
}
double decay(const Weights& w, int64_t as_of, int64_t at) { return fade(w.half_life_days, as_of, at); }


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
    w.activity_half_life_days = 0;
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
  // Not in the development histories (they have no pages): weighted like work on a record, a
  // person's own account of something, below answers that were accepted.
  kind(Kind::kPageWritten) = 0.5;
  kind(Kind::kSkill) = 0.8;
  // Not in the development histories either (they have no posts beyond questions and answers):
  // talking about a topic says less than being endorsed for it or having written about it at
  // length; on the histories a person's own questions said nothing (kProblem 0 above). Its
  // strength is the number of posts, so a topic posted about 20 times counts about 4 times as
  // much as one post (1 + ln 20).
  kind(Kind::kTopicPosts) = 0.3;
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

uint32_t Index::person_slot(int64_t person) {
  auto [it, added] = person_slots_.try_emplace(person, static_cast<uint32_t>(person_ids_.size()));
  if (added) {
    person_ids_.push_back(person);
    person_docs_.emplace_back();
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
  uint32_t length = 0;
  for (auto [term, count] : tf) {
    postings_[term].push_back({doc, count});
    ++document_frequency_[term];
    d.terms.push_back(term);
    length += count;
  }
  evidence.text.clear();
  evidence.text.shrink_to_fit();
  const uint32_t slot = person_slot(evidence.person);
  if (person_docs_[slot].empty()) ++people_;
  person_docs_[slot].push_back(doc);
  hot_.push_back({evidence.at, evidence.space_id, evidence.record_id, slot, length,
                  static_cast<float>(strength_factor(evidence.strength)), static_cast<uint8_t>(evidence.kind), 1});
  counterpart_.push_back(evidence.counterpart);
  d.evidence = std::move(evidence);
  ++live_;
  total_length_ += length;
  docs_.push_back(std::move(d));
  ids.push_back(doc);
}

void Index::remove_locked(uint32_t doc) {
  if (!hot_[doc].alive) return;
  hot_[doc].alive = 0;
  --live_;
  total_length_ -= hot_[doc].length;
  for (uint32_t term : docs_[doc].terms) --document_frequency_[term];
  auto& mine = person_docs_[hot_[doc].person];
  std::erase(mine, doc);
  if (mine.empty()) --people_;
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
  uint32_t next = 0;
  for (uint32_t doc = 0; doc < docs_.size(); ++doc) {
    if (!hot_[doc].alive) continue;
    renumber[doc] = next;
    if (next != doc) {
      docs_[next] = std::move(docs_[doc]);
      hot_[next] = hot_[doc];
      counterpart_[next] = counterpart_[doc];
    }
    ++next;
  }
  docs_.resize(next);
  hot_.resize(next);
  counterpart_.resize(next);
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
  for (auto& ids : person_docs_) {
    for (uint32_t& doc : ids) doc = renumber[doc];
  }
}

void Index::shrink_to_fit() {
  std::unique_lock lock(mutex_);
  // The per-document arrays keep room to grow to the size at which dead documents are compacted
  // away (twice the live ones): otherwise the first piece of evidence added after the build
  // would move every document to a larger array under the lock (about 0.6 s at 100,000 people,
  // while the live bus and every query waited). Room never written is never made resident.
  const std::size_t room = 2 * docs_.size() + 1024;
  auto fit = [room](auto& array) {
    if (array.capacity() > room) array.shrink_to_fit();
    array.reserve(room);
  };
  fit(docs_);
  fit(hot_);
  fit(counterpart_);
  for (auto& list : postings_) list.shrink_to_fit();
  for (auto& list : tag_postings_) list.shrink_to_fit();
  for (auto& list : person_docs_) list.shrink_to_fit();
}

void Index::clear() {
  std::unique_lock lock(mutex_);
  docs_.clear();
  hot_.clear();
  counterpart_.clear();
  by_key_.clear();
  person_slots_.clear();
  person_ids_.clear();
  person_docs_.clear();
  people_ = 0;
  term_ids_.clear();
  postings_.clear();
  document_frequency_.clear();
  tag_ids_.clear();
  tag_postings_.clear();
  tag_names_.clear();
  live_ = total_length_ = 0;
}

Stats Index::stats() const {
  std::shared_lock lock(mutex_);
  Stats s;
  s.documents = live_;
  s.people = people_;
  s.terms = static_cast<int64_t>(term_ids_.size());
  // The per-document arrays as far as they are used: the room reserved past them is not resident.
  int64_t bytes = static_cast<int64_t>(docs_.size() * sizeof(Doc));
  bytes += static_cast<int64_t>(hot_.size() * sizeof(Hot) + counterpart_.size() * 8);
  for (std::size_t doc = 0; doc < docs_.size(); ++doc) {
    const Doc& d = docs_[doc];
    if (hot_[doc].alive) s.postings += static_cast<int64_t>(d.terms.size());
    bytes += static_cast<int64_t>(d.terms.capacity() * 4 + d.tags.capacity() * 4);
    if (d.evidence.title.capacity() > 15) bytes += static_cast<int64_t>(d.evidence.title.capacity());
    bytes += static_cast<int64_t>(d.evidence.tags.capacity() * sizeof(std::string));
  }
  for (const auto& list : postings_) {
    bytes += static_cast<int64_t>(list.capacity() * sizeof(Posting) + 24);
  }
  for (const auto& list : tag_postings_) bytes += static_cast<int64_t>(list.capacity() * 4 + 24);
  for (const auto& [term, id] : term_ids_) bytes += static_cast<int64_t>(term.capacity() + 48);
  for (const auto& [key, ids] : by_key_) bytes += static_cast<int64_t>(key.capacity() + ids.capacity() * 4 + 64);
  for (const auto& ids : person_docs_) bytes += static_cast<int64_t>(ids.capacity() * 4 + 24 + 8 + 16);
  s.bytes = bytes;
  return s;
}

namespace {

// Per-thread working memory of rank(), sized to the index and cleared only where it was touched.
struct Scratch {
  std::vector<float> doc_score;      // by document
  std::vector<uint32_t> touched_docs;
  std::vector<float> term_tf;        // by person slot: the current term's frequency in their evidence
  std::vector<uint32_t> term_people;
  std::vector<uint32_t> local;       // by person slot: 1 + their place in `people`; 0: not touched
  std::vector<int8_t> allowed;       // by person slot: -1 not asked yet (only with a candidate filter)
  struct Person {
    uint32_t slot = 0;
    double text = 0, tags = 0, profile = 0, activity = 0, proximity = 0, last_seen = 0, social = 0;
    double first = 0;  // the parts known from the postings alone, for the first cut
    int helped = 0, recent = 0;
  };
  std::vector<Person> people;
  struct ProfileEntry {
    uint32_t person;  // a place in `people`
    double weight;    // the term's idf, times its weight in the query
    double tf;
  };
  std::vector<ProfileEntry> profile;
};

// The people kept after the first cut (on the parts the postings give) for the full score; a
// full ranking (the evaluation) keeps everyone.
constexpr std::size_t kFirstCut = 500;
constexpr std::size_t kPrefetchAhead = 16;  // postings

}  // namespace

std::vector<Ranked> Index::rank(const Query& query, const Weights& w) const {
  std::shared_lock lock(mutex_);
  thread_local Scratch scratch;
  Scratch& s = scratch;
  if (s.doc_score.size() < docs_.size()) s.doc_score.resize(docs_.size(), 0);
  if (s.term_tf.size() < person_ids_.size()) {
    s.term_tf.resize(person_ids_.size(), 0);
    s.local.resize(person_ids_.size(), 0);
    s.allowed.resize(person_ids_.size(), -1);
  }
  const bool dated = query.as_of != std::numeric_limits<int64_t>::max();
  const auto asker = person_slots_.find(query.asker);
  const uint32_t asker_slot =
      query.asker != 0 && !query.rank_asker && asker != person_slots_.end() ? asker->second : UINT32_MAX;
  const auto skill = static_cast<uint8_t>(Kind::kSkill);
  auto fading = [&](const Hot& h) { return h.kind == skill ? 1.0 : decay(w, query.as_of, h.at); };

  auto may_rank = [&](uint32_t slot) {
    if (slot == asker_slot) return false;
    if (!query.candidate) return true;
    int8_t& allowed = s.allowed[slot];
    if (allowed < 0) allowed = query.candidate(person_ids_[slot]) ? 1 : 0;
    return allowed == 1;
  };
  auto touch = [&](uint32_t slot) -> Scratch::Person& {
    uint32_t& place = s.local[slot];
    if (place == 0) {
      s.people.push_back({.slot = slot});
      place = static_cast<uint32_t>(s.people.size());
    }
    return s.people[place - 1];
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

  // Text: BM25 of each usable document (Model 2), and each person's term frequencies (Model 1).
  if ((w.text != 0 || w.profile != 0) && live_ > 0) {
    const double n = static_cast<double>(live_);
    const double average_length = std::max(1.0, static_cast<double>(total_length_) / n);
    for (auto [term, query_weight] : query_terms) {
      const double df = document_frequency_[term];
      if (df <= 0) continue;
      const double idf = std::log(1 + (n - df + 0.5) / (df + 0.5));
      // Repeating a word in a long question says less each time.
      const double weight = (1 + std::log(query_weight)) * idf;
      const std::vector<Posting>& list = postings_[term];
      for (std::size_t i = 0; i < list.size(); ++i) {
        // A posting's document sits anywhere in hot_: asked for a few postings ahead, its cache
        // line is on its way while this one is scored (a walk of thousands of postings was
        // mostly waiting on memory).
        if (i + kPrefetchAhead < list.size()) {
          __builtin_prefetch(&hot_[list[i + kPrefetchAhead].doc]);
          __builtin_prefetch(&s.doc_score[list[i + kPrefetchAhead].doc], 1);
        }
        const Posting& p = list[i];
        if (!usable(p.doc, query)) continue;
        const Hot& h = hot_[p.doc];
        if (!may_rank(h.person)) continue;
        const double tf = p.tf;
        const double norm = w.k1 * (1 - w.b + w.b * h.length / average_length);
        if (s.doc_score[p.doc] == 0) s.touched_docs.push_back(p.doc);
        s.doc_score[p.doc] += static_cast<float>(weight * tf * (w.k1 + 1) / (tf + norm));
        if (w.profile != 0 && w.kind[h.kind] > 0) {
          if (s.term_tf[h.person] == 0) s.term_people.push_back(h.person);
          s.term_tf[h.person] += static_cast<float>(tf);
        }
      }
      for (uint32_t slot : s.term_people) {
        touch(slot);
        s.profile.push_back({s.local[slot] - 1, weight, s.term_tf[slot]});
        s.term_tf[slot] = 0;
      }
      s.term_people.clear();
    }
  }
  for (std::size_t i = 0; i < s.touched_docs.size(); ++i) {
    if (i + kPrefetchAhead < s.touched_docs.size()) {
      __builtin_prefetch(&hot_[s.touched_docs[i + kPrefetchAhead]]);
      __builtin_prefetch(&s.doc_score[s.touched_docs[i + kPrefetchAhead]]);
    }
    const uint32_t doc = s.touched_docs[i];
    const Hot& h = hot_[doc];
    if (w.kind[h.kind] == 0) continue;  // no fading computed for a kind that does not count
    const double relevance = s.doc_score[doc] * w.kind[h.kind] * h.strength * fading(h);
    if (relevance != 0) touch(h.person).text += relevance;
  }

  // Topics the problem names, found on a person's evidence.
  std::vector<uint32_t> query_tags;
  for (const std::string& tag : query.tags) {
    if (auto it = tag_ids_.find(tag); it != tag_ids_.end()) query_tags.push_back(it->second);
  }
  if (w.tags != 0) {
    for (uint32_t tag : query_tags) {
      const std::vector<uint32_t>& list = tag_postings_[tag];
      for (std::size_t i = 0; i < list.size(); ++i) {
        if (i + kPrefetchAhead < list.size()) __builtin_prefetch(&hot_[list[i + kPrefetchAhead]]);
        const uint32_t doc = list[i];
        const Hot& h = hot_[doc];
        const double kind_weight = w.kind[h.kind];
        if (kind_weight <= 0 || !usable(doc, query) || !may_rank(h.person)) continue;
        touch(h.person).tags += kind_weight * fading(h);
      }
    }
  }
  if (query.rank_everyone) {
    for (uint32_t slot = 0; slot < person_ids_.size(); ++slot) {
      if (person_docs_[slot].empty() || !may_rank(slot)) continue;
      for (uint32_t doc : person_docs_[slot]) {
        if (usable(doc, query)) {
          touch(slot);
          break;
        }
      }
    }
  }

  // All of a person's evidence as one document (Balog's "Model 1"): its length needs a pass over
  // the person's documents, so the first cut uses the term frequencies alone (an upper bound).
  for (const auto& entry : s.profile) s.people[entry.person].profile += entry.weight * entry.tf;
  std::vector<uint32_t> kept;  // places in s.people
  kept.reserve(s.people.size());
  for (uint32_t k = 0; k < s.people.size(); ++k) kept.push_back(k);
  if (!query.rank_everyone && kept.size() > kFirstCut) {
    double top_text = 0, top_tags = 0, top_profile = 0;
    for (const auto& p : s.people) {
      top_text = std::max(top_text, p.text);
      top_tags = std::max(top_tags, p.tags);
      top_profile = std::max(top_profile, p.profile);
    }
    for (auto& p : s.people) {
      p.first = (top_text > 0 ? w.text * std::max(0.0, p.text) / top_text : 0) +
                (top_tags > 0 ? w.tags * p.tags / top_tags : 0) +
                (top_profile > 0 ? w.profile * p.profile / top_profile : 0) + w.social * (query.close.contains(person_ids_[p.slot]) ? 1 : 0);
    }
    std::nth_element(kept.begin(), kept.begin() + kFirstCut, kept.end(),
                     [&](uint32_t a, uint32_t b) { return s.people[a].first > s.people[b].first; });
    kept.resize(kFirstCut);
  }
  for (auto& p : s.people) p.profile = 0;

  // The other parts, for each person kept: activity, closeness to the asker, last seen, and the
  // length of all their evidence for the profile part.
  const double average_profile =
      std::max(1.0, static_cast<double>(total_length_) / std::max<double>(1, static_cast<double>(people_)));
  std::vector<double> profile_length(s.people.size(), -1);  // -1: cut
  for (std::size_t k = 0; k < kept.size(); ++k) {
    const uint32_t place = kept[k];
    Scratch::Person& p = s.people[place];
    double length = 0;
    int64_t last_solution = std::numeric_limits<int64_t>::min();
    // Most people have a few documents, anywhere in hot_: while one person's are read, where the
    // person four ahead keeps their list is asked for, that list two ahead, and the next person's
    // documents themselves.
    if (k + 4 < kept.size()) __builtin_prefetch(&person_docs_[s.people[kept[k + 4]].slot]);
    if (k + 2 < kept.size()) {
      const std::vector<uint32_t>& after = person_docs_[s.people[kept[k + 2]].slot];
      if (!after.empty()) __builtin_prefetch(after.data());
    }
    if (k + 1 < kept.size()) {
      const std::vector<uint32_t>& next = person_docs_[s.people[kept[k + 1]].slot];
      for (std::size_t i = 0; i < std::min(next.size(), kPrefetchAhead); ++i) __builtin_prefetch(&hot_[next[i]]);
    }
    const std::vector<uint32_t>& docs = person_docs_[p.slot];
    for (std::size_t i = 0; i < docs.size(); ++i) {
      if (i + kPrefetchAhead < docs.size()) __builtin_prefetch(&hot_[docs[i + kPrefetchAhead]]);
      const uint32_t doc = docs[i];
      if (!usable(doc, query)) continue;
      const Hot& h = hot_[doc];
      const auto kind = static_cast<Kind>(h.kind);
      if (w.kind[h.kind] > 0) length += h.length;
      if (w.activity_kind[h.kind] != 0) {
        p.activity += w.activity_kind[h.kind] * fade(w.activity_half_life_days, query.as_of, h.at);
      }
      if (is_solution(kind)) {
        last_solution = std::max(last_solution, h.at);
        if (query.asker != 0 && counterpart_[doc] == query.asker) {
          ++p.helped;
          p.proximity += (kind == Kind::kAcceptedSolution ? 1.5 : 1) * decay(w, query.as_of, h.at);
        }
        if (!dated || static_cast<double>(query.as_of) - static_cast<double>(h.at) <= kRecentSeconds) ++p.recent;
      }
    }
    profile_length[place] = length;
    if (last_solution != std::numeric_limits<int64_t>::min()) {
      p.last_seen = fade(w.last_seen_days, query.as_of, last_solution);
    }
    if (auto close = query.close.find(person_ids_[p.slot]); close != query.close.end()) p.social = close->second;
  }
  for (const auto& entry : s.profile) {
    const double length = profile_length[entry.person];
    if (length <= 0) continue;
    const double norm = w.k1 * (1 - w.b + w.b * length / average_profile);
    s.people[entry.person].profile += entry.weight * entry.tf * (w.k1 + 1) / (entry.tf + norm);
  }

  double top[7] = {};
  for (uint32_t place : kept) {
    const Scratch::Person& p = s.people[place];
    const double parts[7] = {p.text, p.activity, p.tags, p.proximity, p.social, p.profile, p.last_seen};
    for (int k = 0; k < 7; ++k) top[k] = std::max(top[k], parts[k]);
  }
  const double part_weights[7] = {w.text, w.activity, w.tags, w.proximity, w.social, w.profile, w.last_seen};
  double total_weight = 0;
  for (double x : part_weights) total_weight += std::abs(x);
  total_weight = std::max(total_weight, 1e-9);
  struct Scored {
    double score;
    uint32_t place;
  };
  std::vector<Scored> scored;
  scored.reserve(kept.size());
  for (uint32_t place : kept) {
    const Scratch::Person& p = s.people[place];
    const double parts[7] = {top[0] > 0 ? std::max(0.0, p.text) / top[0] : 0,
                             top[1] > 0 ? std::log1p(p.activity) / std::log1p(top[1]) : 0,
                             top[2] > 0 ? p.tags / top[2] : 0,
                             top[3] > 0 ? p.proximity / top[3] : 0,
                             top[4] > 0 ? p.social / top[4] : 0,
                             top[5] > 0 ? p.profile / top[5] : 0,
                             p.last_seen};
    double score = 0;
    if (w.multiply) {
      // A product of (0.05 + part)^weight: a person weak in one part is not rescued by another.
      score = 1;
      for (int k = 0; k < 7; ++k) score *= std::pow(0.05 + parts[k], part_weights[k]);
      score = std::pow(score, 1 / total_weight);
    } else {
      for (int k = 0; k < 7; ++k) score += part_weights[k] * parts[k];
      score /= total_weight;
    }
    scored.push_back({score, place});
  }
  auto better = [&](const Scored& a, const Scored& b) {
    const int64_t pa = person_ids_[s.people[a.place].slot], pb = person_ids_[s.people[b.place].slot];
    return a.score != b.score ? a.score > b.score : pa < pb;
  };
  std::size_t keep = scored.size();
  if (query.limit > 0 && keep > static_cast<std::size_t>(query.limit)) {
    keep = static_cast<std::size_t>(query.limit);
    std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(keep), scored.end(), better);
    scored.resize(keep);
  } else {
    std::sort(scored.begin(), scored.end(), better);
  }

  // The ranked people, with the evidence each was matched on, most relevant first.
  std::vector<Ranked> out;
  out.reserve(scored.size());
  const bool cite = query.limit > 0;  // a full ranking (the evaluation) needs no reasons
  for (const Scored& entry : scored) {
    const Scratch::Person& p = s.people[entry.place];
    Ranked r;
    r.person = person_ids_[p.slot];
    r.score = entry.score;
    r.text = p.text;
    r.activity = p.activity;
    r.tags = p.tags;
    r.proximity = p.proximity;
    r.social = p.social;
    r.profile = p.profile;
    r.last_seen = p.last_seen;
    r.helped_asker = p.helped;
    r.recent_solutions = p.recent;
    if (cite) {
      std::vector<std::pair<double, uint32_t>> cited;
      for (uint32_t doc : person_docs_[p.slot]) {
        if (!usable(doc, query)) continue;
        const Hot& h = hot_[doc];
        const double relevance = s.doc_score[doc] != 0 ? s.doc_score[doc] * w.kind[h.kind] * h.strength * fading(h) : 0;
        bool tagged = false;
        if (w.kind[h.kind] > 0) {
          for (uint32_t tag : docs_[doc].tags) {
            tagged = tagged || std::find(query_tags.begin(), query_tags.end(), tag) != query_tags.end();
          }
        }
        if (relevance != 0 || tagged) cited.emplace_back(relevance, doc);
      }
      std::stable_sort(cited.begin(), cited.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
      if (cited.size() > kCitedPerPerson) cited.resize(kCitedPerPerson);
      for (auto [relevance, doc] : cited) {
        const Evidence& e = docs_[doc].evidence;
        Cited c{e.kind, e.ref_type, e.ref_id, e.title, e.at, relevance, {}, e.strength};
        for (uint32_t tag : docs_[doc].tags) {
          if (std::find(query_tags.begin(), query_tags.end(), tag) != query_tags.end()) c.tags.push_back(tag_names_[tag]);
        }
        r.evidence.push_back(std::move(c));
      }
    }
    out.push_back(std::move(r));
  }

  // Leave the working memory clean for the next ranking on this thread.
  for (uint32_t doc : s.touched_docs) s.doc_score[doc] = 0;
  s.touched_docs.clear();
  for (const auto& p : s.people) s.local[p.slot] = 0;
  s.people.clear();
  s.profile.clear();
  if (query.candidate) std::fill(s.allowed.begin(), s.allowed.end(), -1);
  return out;
}

}  // namespace weft::expertise
