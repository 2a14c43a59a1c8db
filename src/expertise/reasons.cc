#include "expertise/reasons.h"

#include <algorithm>
#include <map>
#include <string>

namespace weft::expertise {
namespace {

constexpr std::size_t kMaxReasons = 4;

std::string plural(std::size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string ref_of(const Cited& c) {
  static const std::map<std::string, std::string> kPaths = {
      {"problem", "/problems/"}, {"idea", "/ideas/"},   {"proposal", "/proposals/"},
      {"record", "/records/"},   {"person", "/people/"},       {"page", "/pages/"}};
  auto path = kPaths.find(c.ref_type);
  return path == kPaths.end() ? std::string() : path->second + std::to_string(c.ref_id);
}

std::string quoted(const std::string& title) {
  std::string t = title.size() > 80 ? title.substr(0, 77) + "…" : title;
  return "“" + t + "”";
}

}  // namespace

std::vector<ExpertReason> reasons_for(const Ranked& ranked, int shared_follows) {
  // The cited evidence by kind, each list newest first.
  std::map<Kind, std::vector<const Cited*>> by_kind;
  std::map<std::string, int> accepted_tags;
  double relevance[kKindCount] = {};
  for (const Cited& c : ranked.evidence) {
    by_kind[c.kind].push_back(&c);
    relevance[static_cast<int>(c.kind)] += c.relevance;
    if (c.kind == Kind::kAcceptedSolution) {
      for (const auto& tag : c.tags) ++accepted_tags[tag];
    }
  }
  for (auto& [kind, list] : by_kind) {
    std::stable_sort(list.begin(), list.end(), [](const Cited* a, const Cited* b) { return a->at > b->at; });
  }
  struct Candidate {
    double weight;
    ExpertReason reason;
  };
  std::vector<Candidate> out;
  // "Solved 3 problems like this (latest: “…”)": distinct items cited, the newest named and linked.
  auto add = [&](Kind kind, const char* reason_kind, const std::string& verb, const std::string& one,
                 const std::string& many, const std::string& suffix) {
    auto found = by_kind.find(kind);
    if (found == by_kind.end()) return;
    const auto& list = found->second;
    std::vector<int64_t> items;
    for (const Cited* c : list) {
      if (std::find(items.begin(), items.end(), c->ref_id) == items.end()) items.push_back(c->ref_id);
    }
    const Cited& latest = *list.front();
    std::string detail = verb + " " + plural(items.size(), one, many) + suffix + " (latest: " + quoted(latest.title) + ")";
    std::optional<std::string> ref;
    if (std::string r = ref_of(latest); !r.empty()) ref = r;
    out.push_back({relevance[static_cast<int>(kind)] + 1e-6, {reason_kind, detail, ref}});
  };
  add(Kind::kAcceptedSolution, "accepted_solutions", "Solved", "problem", "problems", " like this");
  add(Kind::kHelped, "helped", "Helped with", "similar problem", "similar problems", ", said those who asked");
  add(Kind::kSolution, "solutions", "Proposed solutions to", "similar problem", "similar problems", "");
  add(Kind::kIdeaAdopted, "ideas_adopted", "Had", "idea", "ideas", " on this adopted");
  add(Kind::kProposalDecided, "proposals_decided", "Led", "adopted proposal", "adopted proposals", " on this");
  add(Kind::kIdea, "ideas", "Pitched", "related idea", "related ideas", "");
  add(Kind::kProposal, "proposals", "Opened", "related proposal", "related proposals", "");
  add(Kind::kRecordWork, "records", "Worked on", "related record", "related records", "");
  add(Kind::kPageWritten, "pages", "Wrote", "related page", "related pages", "");
  if (auto skills = by_kind.find(Kind::kSkill); skills != by_kind.end()) {
    for (const Cited* c : skills->second) {
      const auto endorsements = static_cast<int>(c->strength) - 1;
      std::string detail = endorsements > 0 ? "Endorsed for " + c->title + " by " + plural(endorsements, "person", "people")
                                            : "Lists " + c->title + " as a skill";
      out.push_back({c->relevance, {"skill", detail, std::optional<std::string>(ref_of(*c))}});
    }
  }
  if (auto topics = by_kind.find(Kind::kTopicPosts); topics != by_kind.end()) {
    // "Posted 12 times about #customs": the topic's posts in every space the asker may read.
    std::map<std::string, std::pair<double, double>> per_topic;  // relevance, posts
    for (const Cited* c : topics->second) {
      per_topic[c->title].first += c->relevance;
      per_topic[c->title].second += c->strength;
    }
    auto best = std::max_element(per_topic.begin(), per_topic.end(),
                                 [](const auto& a, const auto& b) { return a.second.first < b.second.first; });
    const auto posts = static_cast<std::size_t>(best->second.second);
    out.push_back({best->second.first + 1e-6,
                   {"posts", "Posted " + (posts == 1 ? std::string("once") : std::to_string(posts) + " times") +
                                 " about #" + best->first,
                    "/topics/" + best->first}});
  }
  if (!accepted_tags.empty()) {
    auto best = std::max_element(accepted_tags.begin(), accepted_tags.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    out.push_back({0.5, {"topic", plural(static_cast<std::size_t>(best->second), "accepted solution", "accepted solutions") +
                                      " on #" + best->first,
                         "/topics/" + best->first}});
  }
  std::stable_sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) { return a.weight > b.weight; });
  std::vector<ExpertReason> reasons;
  for (auto& c : out) {
    if (reasons.size() + 1 >= kMaxReasons) break;  // room for closeness below
    reasons.push_back(std::move(c.reason));
  }
  if (reasons.empty()) return reasons;  // closeness alone is no reason to ask someone
  if (ranked.helped_asker > 0) {
    reasons.push_back({"helped_you", "Solved " + plural(static_cast<std::size_t>(ranked.helped_asker), "problem", "problems") +
                                         " of yours before",
                       std::nullopt});
  } else if (shared_follows > 0) {
    reasons.push_back({"close_to_you",
                       "Close to you: follows " + plural(static_cast<std::size_t>(shared_follows), "person", "people") +
                           " you follow",
                       "/people/" + std::to_string(ranked.person)});
  }
  return reasons;
}

}  // namespace weft::expertise
