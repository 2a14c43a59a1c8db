// The expertise index, ranker, reasons and offline evaluation (expertise/), on hand-built histories
// whose right answers are worked out here.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "expertise/evaluation.h"
#include "expertise/index.h"
#include "expertise/reasons.h"
#include "expertise/text.h"

namespace weft::expertise {
namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kNow = 1790000000;

// People of the history.
constexpr int64_t kAna = 1, kBen = 2, kCy = 3, kDee = 4, kEve = 5, kAsker = 9;
constexpr int64_t kOpenSpace = 1, kSecretSpace = 2;

Evidence solved(int64_t person, int64_t problem, const std::string& title, int64_t days_ago, bool accepted,
                int64_t space = kOpenSpace) {
  Evidence e;
  e.person = person;
  e.kind = accepted ? Kind::kAcceptedSolution : Kind::kSolution;
  e.at = kNow - days_ago * kDay;
  e.space_id = space;
  e.counterpart = kAsker;
  e.ref_type = "problem";
  e.ref_id = problem;
  e.title = title;
  e.text = title + "\nWhat we did about " + title;
  return e;
}

Evidence skill(int64_t person, const std::string& name, int endorsements) {
  Evidence e;
  e.person = person;
  e.kind = Kind::kSkill;
  e.ref_type = "person";
  e.ref_id = person;
  e.title = name;
  e.text = name;
  e.tags = {name};
  e.strength = 1 + endorsements;
  return e;
}

// Ana solved two supplier-contract problems (accepted), Ben proposed a solution to one, Cy solved
// a customs problem, Dee lists contracts as a skill, and Eve solved one in a secret space.
void fill(Index& index) {
  index.replace("problem:1", {solved(kAna, 1, "Supplier contract renewal is late", 40, true),
                              solved(kBen, 1, "Supplier contract renewal is late", 39, false)});
  index.replace("problem:2", {solved(kAna, 2, "Renewal terms of a supplier contract", 10, true)});
  index.replace("problem:3", {solved(kCy, 3, "Customs clearance takes a week", 5, true)});
  index.replace("problem:4", {solved(kEve, 4, "Supplier contract with a secret partner", 3, true, kSecretSpace),
                              solved(kAna, 4, "Supplier contract with a secret partner", 2, false, kSecretSpace)});
  index.replace("skills:4", {skill(kDee, "contracts", 5)});
}

Query ask(const std::string& text, const Scope* scope = nullptr) {
  Query q;
  q.title = text;
  q.as_of = kNow;
  q.asker = kAsker;
  q.scope = scope;
  q.limit = 10;
  return q;
}

Scope open_only() {
  Scope s;
  s.spaces = {0, 1, 0};  // space 1 readable, space 2 not
  return s;
}

std::vector<int64_t> people(const std::vector<Ranked>& ranked) {
  std::vector<int64_t> out;
  for (const auto& r : ranked) out.push_back(r.person);
  return out;
}

TEST(ExpertiseText, FoldsCaseStopWordsAndEndings) {
  EXPECT_EQ(terms_of("The Supplier CONTRACTS were renewed, and renewing them is planned"),
            (std::vector<std::string>{"supplier", "contract", "renew", "renew", "plan"}));
  EXPECT_EQ(terms_of("a of 2024 x"), std::vector<std::string>{});
  EXPECT_EQ(term_of("policies"), "policy");
  EXPECT_EQ(term_of("process"), "process");
}

TEST(ExpertiseRanking, ThePersonWhoSolvedSuchProblemsComesFirstThenWhoTried) {
  Index index;
  fill(index);
  const Scope scope = open_only();
  auto ranked = index.rank(ask("supplier contract renewal", &scope), weights_named("weft"));
  ASSERT_GE(ranked.size(), 2u);
  EXPECT_EQ(ranked[0].person, kAna);  // two accepted solutions on it
  auto order = people(ranked);
  auto ben = std::find(order.begin(), order.end(), kBen);
  auto dee = std::find(order.begin(), order.end(), kDee);
  ASSERT_NE(ben, order.end());
  ASSERT_NE(dee, order.end());  // "contracts" as a skill, endorsed
  EXPECT_EQ(std::find(order.begin(), order.end(), kCy), order.end()) << "customs says nothing about contracts";
}

TEST(ExpertiseRanking, EvidenceTheAskerMayNotSeeNeitherRanksNorIsCited) {
  Index index;
  fill(index);
  const Scope scope = open_only();
  auto ranked = index.rank(ask("secret partner supplier contract", &scope), weights_named("weft"));
  auto order = people(ranked);
  EXPECT_EQ(std::find(order.begin(), order.end(), kEve), order.end());
  for (const auto& r : ranked) {
    for (const auto& cited : r.evidence) {
      EXPECT_FALSE(cited.ref_type == "problem" && cited.ref_id == 4) << "problem 4 lives in a secret space";
    }
  }
  // A member of the secret space sees Eve, who solved exactly that.
  Scope member = open_only();
  member.spaces[kSecretSpace] = 1;
  ranked = index.rank(ask("secret partner supplier contract", &member), weights_named("weft"));
  order = people(ranked);
  EXPECT_NE(std::find(order.begin(), order.end(), kEve), order.end());
}

TEST(ExpertiseRanking, AGuestIsToldOfSkillsAndTheirSpacesOnlyNotWhatLiesOutside) {
  // Fay worked on record 7 in its public conversation (outside any space); Gus on record 8 inside
  // space 1; Hal lists the subject as a skill. A guest of space 1 listed on no record sees only
  // the skill; listed on record 8, Gus too; a member sees all three.
  constexpr int64_t kFay = 6, kGus = 7, kHal = 8;
  auto worked = [](int64_t person, int64_t record, int64_t space) {
    Evidence e;
    e.person = person;
    e.kind = Kind::kRecordWork;
    e.at = kNow - kDay;
    e.space_id = space;
    e.record_id = record;
    e.ref_type = "record";
    e.ref_id = record;
    e.title = "Harbour crane lease";
    e.text = "Harbour crane lease\nCalled the lessor about the crane";
    return e;
  };
  Index index;
  index.replace("post:1", {worked(kFay, 7, 0)});
  index.replace("post:2", {worked(kGus, 8, kOpenSpace)});
  index.replace("skills:8", {skill(kHal, "crane", 0)});
  auto sorted = [](std::vector<int64_t> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  Scope guest = open_only();
  guest.outside_spaces = false;
  guest.readable_records.emplace();
  EXPECT_EQ(people(index.rank(ask("harbour crane", &guest), weights_named("weft"))), std::vector<int64_t>{kHal});
  guest.readable_records->insert(8);
  EXPECT_EQ(sorted(people(index.rank(ask("harbour crane", &guest), weights_named("weft")))),
            (std::vector<int64_t>{kGus, kHal}));
  const Scope member = open_only();
  EXPECT_EQ(sorted(people(index.rank(ask("harbour crane", &member), weights_named("weft")))),
            (std::vector<int64_t>{kFay, kGus, kHal}));
}

TEST(ExpertiseRanking, OnlyEvidenceDatedBeforeTheQuestionCounts) {
  Index index;
  fill(index);
  Query q = ask("customs clearance");
  q.as_of = kNow - 6 * kDay;  // before Cy's solution
  auto order = people(index.rank(q, weights_named("weft")));
  EXPECT_EQ(std::find(order.begin(), order.end(), kCy), order.end());
  q.as_of = kNow;
  order = people(index.rank(q, weights_named("weft")));
  ASSERT_FALSE(order.empty());
  EXPECT_EQ(order[0], kCy);
}

TEST(ExpertiseRanking, SayingNotMeLowersThePersonForSimilarProblems) {
  Index index;
  fill(index);
  const Scope scope = open_only();
  auto before = index.rank(ask("supplier contract renewal", &scope), weights_named("weft"));
  Evidence declined = solved(kAna, 7, "Supplier contract renewal for a new vendor", 1, false);
  declined.kind = Kind::kDeclined;
  index.replace("feedback:1", {declined});
  auto after = index.rank(ask("supplier contract renewal", &scope), weights_named("weft"));
  auto text_of = [](const std::vector<Ranked>& ranked, int64_t person) {
    for (const auto& r : ranked) if (r.person == person) return r.text;
    return 0.0;
  };
  EXPECT_LT(text_of(after, kAna), text_of(before, kAna));
}

TEST(ExpertiseIndex, ReplacingAnItemIsIdempotentAndRemovalForgetsIt) {
  Index index;
  fill(index);
  const Stats first = index.stats();
  for (int k = 0; k < 3000; ++k) {  // enough replacements to compact the index more than once
    index.replace("problem:3", {solved(kCy, 3, "Customs clearance takes a week", 5, true)});
  }
  EXPECT_EQ(index.stats().documents, first.documents);
  EXPECT_EQ(index.stats().postings, first.postings);
  EXPECT_EQ(people(index.rank(ask("customs clearance"), weights_named("weft")))[0], kCy);
  index.remove("problem:3");
  auto order = people(index.rank(ask("customs clearance"), weights_named("weft")));
  EXPECT_EQ(std::find(order.begin(), order.end(), kCy), order.end());
}

TEST(ExpertiseReasons, CiteTheNewestEvidenceOfEachKindWithALink) {
  Index index;
  fill(index);
  const Scope scope = open_only();
  auto ranked = index.rank(ask("supplier contract renewal", &scope), weights_named("weft"));
  ASSERT_EQ(ranked[0].person, kAna);
  auto reasons = reasons_for(ranked[0], 0);
  ASSERT_FALSE(reasons.empty());
  EXPECT_EQ(reasons[0].kind, "accepted_solutions");
  EXPECT_EQ(reasons[0].detail, "Solved 2 problems like this (latest: “Renewal terms of a supplier contract”)");
  EXPECT_EQ(reasons[0].ref, "/problems/2");
  // Ana answered a problem of the asker's before.
  EXPECT_EQ(reasons.back().kind, "helped_you");

  for (const auto& r : ranked) {
    if (r.person != kDee) continue;
    auto dee = reasons_for(r, 3);
    ASSERT_FALSE(dee.empty());
    EXPECT_EQ(dee[0].kind, "skill");
    EXPECT_EQ(dee[0].detail, "Endorsed for contracts by 5 people");
    EXPECT_EQ(dee[0].ref, "/people/4");
    EXPECT_EQ(dee.back().detail, "Close to you: follows 3 people you follow");
  }
}

TEST(ExpertiseReasons, ClosenessAloneIsNoReason) {
  Ranked nobody;
  nobody.person = 8;
  EXPECT_TRUE(reasons_for(nobody, 12).empty());
}

// Two people, each answering one subject; questions alternate between the subjects.
std::string alternating_history() {
  std::ostringstream out;
  out << R"({"type":"person","id":"alpha-fan","name":"A"})" << "\n";
  out << R"({"type":"person","id":"beta-fan","name":"B"})" << "\n";
  for (int k = 0; k < 40; ++k) {
    const bool alpha = k % 2 == 0;
    const std::string day = std::to_string(10 + k / 2);
    const std::string hour = alpha ? "08" : "14";
    const std::string q = "q" + std::to_string(k);
    out << R"({"type":"question","id":")" << q << R"(","author":"asker)" << k
        << R"(","title":")" << (alpha ? "Tuning the alpha reactor valves" : "Painting beta bridge girders")
        << R"(","body":"How?","tags":[")" << (alpha ? "alpha" : "beta") << R"("],"created_at":"2025-03-)" << day
        << "T" << hour << R"(:00:00Z"})" << "\n";
    out << R"({"type":"answer","id":"a)" << k << R"(","question_id":")" << q << R"(","author":")"
        << (alpha ? "alpha-fan" : "beta-fan") << R"(","body":"Like this.","accepted":true,"created_at":"2025-03-)"
        << day << "T" << hour << R"(:30:00Z"})" << "\n";
  }
  return out.str();
}

TEST(ExpertiseEvaluation, TheRankerFindsWhoAnswersEachSubject) {
  std::istringstream in(alternating_history());
  auto history = read_history(in);
  ASSERT_TRUE(history) << history.error().message;
  EXPECT_EQ(history->questions.size(), 40u);
  EvaluationOptions options;
  auto weft = evaluate(*history, options);
  ASSERT_TRUE(weft) << weft.error().message;
  EXPECT_EQ(weft->questions, 8);  // the last fifth of 40 answered questions
  EXPECT_DOUBLE_EQ(weft->candidates, 2);
  EXPECT_DOUBLE_EQ(weft->mrr, 1);
  EXPECT_DOUBLE_EQ(weft->p_at_1, 1);
  EXPECT_DOUBLE_EQ(weft->ndcg_at_10, 1);
  // Popularity cannot tell them apart: both answered as often.
  options.ranker = "popularity";
  auto popular = evaluate(*history, options);
  ASSERT_TRUE(popular);
  EXPECT_LT(popular->mrr, 1);
}

TEST(ExpertiseEvaluation, BadInputNamesTheLine) {
  std::istringstream in(R"({"type":"person","id":"p1"})" "\n" R"({"type":"question","id":"q1","author":"p1"})" "\n");
  auto history = read_history(in);
  ASSERT_FALSE(history);
  EXPECT_NE(history.error().message.find("line 2"), std::string::npos) << history.error().message;
  std::istringstream junk("not json\n");
  EXPECT_FALSE(read_history(junk));
  std::istringstream fine(alternating_history());
  auto ok = read_history(fine);
  ASSERT_TRUE(ok);
  EvaluationOptions bad;
  bad.test_fraction = 1.5;
  EXPECT_FALSE(evaluate(*ok, bad));
  bad.test_fraction = 0.2;
  bad.ranker = "nonsense";
  EXPECT_FALSE(evaluate(*ok, bad));
  bad.ranker = "weft";
  bad.settings = {"no_such_weight=1"};
  EXPECT_FALSE(evaluate(*ok, bad));
}

}  // namespace
}  // namespace weft::expertise
