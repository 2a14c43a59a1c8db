// The expertise index: evidence of what people have done, and the ranker that reads it.
//
// Each piece of evidence is a short document about one thing a person did — a solution they
// proposed (accepted or not), a problem they raised, an idea adopted, a proposal decided, a record
// they worked on, a skill others endorsed — with its time, where it lives (a space, a record), the
// item it cites and the words that say what it was about. The ranker follows Balog's document-
// centric "Model 2": a problem is scored against every piece of evidence with BM25, and a person's
// relevance is the sum over their evidence, weighted by the kind of evidence (an accepted solution
// says more than a post) and by its age. That is combined with the person's recent activity, the
// overlap of topics, and how close they are to the asker (docs/design/expertise.md has the
// measurements behind each weight).
//
// The index knows nothing of the store: the server's "expertise" subscriber feeds it from the
// activity log (expertise/service.h) and `weft eval-expertise` feeds it a question-and-answer
// history (expertise/evaluation.h) — the same ranker either way. Evidence is grouped under a key
// (the item it came from: "problem:12"), replaced whole when the item changes, so feeding the same
// item twice changes nothing.
//
// Thread-safe: many rankings may run at once; replacing evidence waits for them and blocks them.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace weft::expertise {

// clang-format off
enum class Kind : uint8_t {
  kAcceptedSolution,  // their solution was accepted (text: the problem and the solution)
  kSolution,          // they proposed a solution (an answer)
  kProblem,           // they raised the problem
  kIdeaAdopted,       // their idea was accepted or implemented
  kIdea,              // they pitched an idea
  kProposalDecided,   // their proposal was adopted
  kProposal,          // they opened a proposal
  kRecordWork,        // they posted in a record's conversation
  kSkill,             // a skill on their profile (strength: 1 + endorsements)
  kHelped,            // an asker said they helped with this
  kDeclined,          // they said "not me" to this (counts against similar problems)
  kPageWritten,       // they wrote (part of) a knowledge page (text: the page as it stands)
  kTopicPosts,        // they post about a topic (text: the topic; strength: how many posts)
};
// clang-format on
inline constexpr int kKindCount = 13;
const char* kind_name(Kind kind);

struct Evidence {
  int64_t person = 0;
  Kind kind = Kind::kSolution;
  int64_t at = 0;           // seconds since the epoch
  int64_t space_id = 0;     // 0: outside any space
  int64_t record_id = 0;    // 0: on no record
  int64_t counterpart = 0;  // whom it helped (the problem's author); 0: nobody
  std::string ref_type;     // what it cites: problem, idea, proposal, record, person, topic
  int64_t ref_id = 0;
  std::string title;        // the title of what it cites
  std::string text;         // what it is about
  std::vector<std::string> tags;  // topics, lowercase, without '#'
  double strength = 1;      // how much it says (a skill: 1 + its endorsements; a topic: its posts)
};

// Which evidence the asker may see: spaces they may read, records whose access list hides them.
struct Scope {
  bool every_space = false;            // an admin's view, or the offline evaluation
  std::vector<uint8_t> spaces;         // spaces[id] != 0: may read space id
  // Evidence outside any space other than skills (public posts, records' conversations): everyone
  // but guests.
  bool outside_spaces = true;
  std::unordered_set<int64_t> hidden_records;
  // When set (a guest), the only records whose evidence counts: those the asker may see.
  std::optional<std::unordered_set<int64_t>> readable_records;
  bool sees(int64_t space_id, int64_t record_id, Kind kind) const {
    if (space_id == 0) {
      if (!outside_spaces && kind != Kind::kSkill) return false;
    } else if (!every_space &&
               (space_id >= static_cast<int64_t>(spaces.size()) || spaces[static_cast<std::size_t>(space_id)] == 0)) {
      return false;
    }
    if (record_id == 0) return true;
    return readable_records ? readable_records->contains(record_id) : !hidden_records.contains(record_id);
  }
};

struct Query {
  std::string title;               // its words count `title_boost` times
  std::string text;
  std::vector<std::string> tags;   // lowercase, without '#'
  int64_t as_of = std::numeric_limits<int64_t>::max();  // only evidence dated before
  int64_t asker = 0;               // proximity is measured from them; not ranked unless rank_asker
  bool rank_asker = false;         // a problem's page may suggest its viewer (who may say "not me")
  const Scope* scope = nullptr;    // nullptr: all evidence
  // Who may be ranked (nullptr: anyone). With rank_everyone, every such person with evidence
  // before as_of is ranked, matched or not (the offline evaluation); otherwise only people whose
  // evidence matches the problem's words or topics are (every suggestion has a reason).
  std::function<bool(int64_t)> candidate;
  bool rank_everyone = false;
  // Social closeness the caller measured (the server: people followed by those the asker follows).
  std::unordered_map<int64_t, double> close;
  int limit = 10;                  // 0: everyone ranked
};

// The ranker's settings. Named sets: "weft" (the default, tuned on real histories), and the plain
// baselines "bm25" (text relevance only) and "popularity" (number of solutions only).
struct Weights {
  double k1 = 1.2;
  double b = 0.75;
  double title_boost = 2;
  double half_life_days = 365;       // age at which evidence counts half; 0: never fades
  double activity_half_life_days = 365;  // the same for recent activity
  double kind[kKindCount] = {};      // text relevance per kind of evidence
  double activity_kind[kKindCount] = {};  // recent activity per kind
  int top_documents = 0;             // a person's relevance sums their best N documents; 0: all
  double text = 1;                   // the weights of the normalized parts of the score
  double activity = 0;
  double tags = 0;
  double proximity = 0;
  double social = 0;
  double profile = 0;                // relevance of all a person's evidence taken as one document
  double last_seen = 0;              // how recently they last solved anything
  double last_seen_days = 7;         // ... fading by half over this many days
  bool multiply = false;             // combine the parts as a product of powers instead of a sum
};
Weights weights_named(const std::string& name);  // throws std::invalid_argument for an unknown name
std::vector<std::string> ranker_names();
// Changes one setting by name ("text=0.8", "kind.solution=0.5"); false for an unknown name or value.
bool set_weight(Weights& weights, const std::string& assignment);

// One piece of evidence behind a ranking, for reasons.
struct Cited {
  Kind kind;
  std::string ref_type;
  int64_t ref_id = 0;
  std::string title;
  int64_t at = 0;
  double relevance = 0;           // its share of the person's text score
  std::vector<std::string> tags;  // its topics that the query named
  double strength = 1;
};

struct Ranked {
  int64_t person = 0;
  double score = 0;  // 0..1 relative to the best candidate's parts
  double text = 0, activity = 0, tags = 0, proximity = 0, social = 0, profile = 0, last_seen = 0;  // raw parts
  std::vector<Cited> evidence;  // the matched evidence, most relevant first (at most 12)
  int helped_asker = 0;         // solutions to the asker's own problems
  int recent_solutions = 0;     // solutions in the last 180 days before as_of
};

struct Stats {
  int64_t documents = 0;   // live
  int64_t people = 0;
  int64_t terms = 0;
  int64_t postings = 0;
  int64_t bytes = 0;       // an estimate of the memory held
};

class Index {
 public:
  void replace(const std::string& key, std::vector<Evidence> evidence);
  void remove(const std::string& key) { replace(key, {}); }
  void clear();
  // Gives back what the arrays reserved beyond their size (after a full build: growth by doubling
  // leaves up to half of each unused).
  void shrink_to_fit();
  Stats stats() const;

  // People ranked for the query, best first.
  std::vector<Ranked> rank(const Query& query, const Weights& weights) const;

 private:
  struct Posting {
    uint32_t doc;
    uint32_t tf;
  };
  // What a ranking needs of a document sits in arrays of its own (hot, compact); the rest of its
  // evidence, for reasons, in docs_.
  struct Doc {
    Evidence evidence;            // its text emptied once indexed
    std::vector<uint32_t> terms;  // distinct term ids, to undo its counts when it goes
    std::vector<uint32_t> tags;   // tag ids
  };

  uint32_t term_id(const std::string& term);
  uint32_t tag_id(const std::string& tag);
  uint32_t person_slot(int64_t person);
  void add_locked(Evidence evidence, std::vector<uint32_t>& ids);
  void remove_locked(uint32_t doc);
  void compact_locked();  // drops dead documents from every list once they outnumber the live
  bool usable(uint32_t doc, const Query& query) const {
    const Hot& h = hot_[doc];
    if (!h.alive || h.at >= query.as_of) return false;
    return query.scope == nullptr || query.scope->sees(h.space, h.record, static_cast<Kind>(h.kind));
  }

  mutable std::shared_mutex mutex_;
  std::vector<Doc> docs_;
  // Read for every posting a ranking walks: one cache line or less per document.
  struct Hot {
    int64_t at = 0;
    int64_t space = 0;
    int64_t record = 0;
    uint32_t person = 0;  // a slot in person_ids_
    uint32_t length = 0;
    float strength = 1;   // strength_factor of the evidence's strength
    uint8_t kind = 0;
    uint8_t alive = 0;
  };
  std::vector<Hot> hot_;
  std::vector<int64_t> counterpart_;
  std::unordered_map<std::string, std::vector<uint32_t>> by_key_;
  std::unordered_map<int64_t, uint32_t> person_slots_;
  std::vector<int64_t> person_ids_;
  std::vector<std::vector<uint32_t>> person_docs_;  // live documents of each person slot
  int64_t people_ = 0;                              // slots with live documents
  std::unordered_map<std::string, uint32_t> term_ids_;
  std::vector<std::vector<Posting>> postings_;  // by term id; dead documents are skipped
  std::vector<uint32_t> document_frequency_;    // live documents per term
  std::unordered_map<std::string, uint32_t> tag_ids_;
  std::vector<std::vector<uint32_t>> tag_postings_;
  std::vector<std::string> tag_names_;
  int64_t live_ = 0;
  int64_t total_length_ = 0;
};

}  // namespace weft::expertise
