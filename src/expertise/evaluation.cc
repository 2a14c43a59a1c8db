#include "expertise/evaluation.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cmath>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "core/clock.h"
#include "expertise/index.h"
#include "expertise/text.h"

namespace weft::expertise {
namespace {

namespace bj = boost::json;

std::string string_of(const bj::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().get_string()) : std::string();
}

std::string line_error(int64_t line, const std::string& what) {
  return "line " + std::to_string(line) + ": " + what;
}

struct Reader {
  History h;
  std::unordered_map<std::string, int> person_index;
  std::unordered_map<std::string, int> question_index;
  struct PendingAnswer {
    std::string question;
    HistoryAnswer answer;
    int64_t line;
  };
  std::vector<PendingAnswer> pending;

  int person(const std::string& id) {
    auto [it, added] = person_index.try_emplace(id, static_cast<int>(h.people.size()));
    if (added) {
      h.people.push_back(id);
      h.skills.emplace_back();
    }
    return it->second;
  }
};

}  // namespace

Result<History> read_history(std::istream& in) {
  Reader r;
  std::string line;
  int64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    bj::error_code ec;
    bj::value value = bj::parse(line, ec);
    if (ec || !value.is_object()) return invalid("input", line_error(number, "not a JSON object"));
    const bj::object& o = value.get_object();
    const std::string type = string_of(o, "type");
    const std::string id = string_of(o, "id");
    auto time_of = [&](std::string_view key) -> std::optional<int64_t> {
      return clock::parse_rfc3339(string_of(o, key));
    };
    if (type == "person") {
      if (id.empty()) return invalid("input", line_error(number, "a person needs an \"id\""));
      const int p = r.person(id);
      if (auto it = o.find("skills"); it != o.end() && it->value().is_array()) {
        for (const auto& skill : it->value().get_array()) {
          if (skill.is_string()) r.h.skills[static_cast<std::size_t>(p)].emplace_back(skill.get_string());
        }
      }
    } else if (type == "question") {
      const std::string author = string_of(o, "author");
      auto at = time_of("created_at");
      if (id.empty() || author.empty() || !at) {
        return invalid("input", line_error(number, "a question needs \"id\", \"author\" and an RFC 3339 \"created_at\""));
      }
      if (r.question_index.contains(id)) return invalid("input", line_error(number, "question " + id + " given twice"));
      HistoryQuestion q;
      q.id = id;
      q.author = r.person(author);
      q.title = string_of(o, "title");
      q.body = string_of(o, "body");
      q.created_at = *at;
      if (auto it = o.find("tags"); it != o.end() && it->value().is_array()) {
        for (const auto& tag : it->value().get_array()) {
          if (tag.is_string()) q.tags.push_back(std::string(tag.get_string()));
        }
      }
      r.question_index[id] = static_cast<int>(r.h.questions.size());
      r.h.questions.push_back(std::move(q));
    } else if (type == "answer") {
      const std::string question = string_of(o, "question_id");
      const std::string author = string_of(o, "author");
      auto at = time_of("created_at");
      if (question.empty() || author.empty() || !at) {
        return invalid("input", line_error(number, "an answer needs \"question_id\", \"author\" and an RFC 3339 \"created_at\""));
      }
      HistoryAnswer a;
      a.author = r.person(author);
      a.body = string_of(o, "body");
      a.created_at = *at;
      if (auto it = o.find("accepted"); it != o.end() && it->value().is_bool()) a.accepted = it->value().get_bool();
      r.pending.push_back({question, std::move(a), number});
    }
  }
  // Answers may come before their questions in the file.
  for (auto& p : r.pending) {
    auto q = r.question_index.find(p.question);
    if (q == r.question_index.end()) continue;
    p.answer.question = q->second;
    if (p.answer.accepted) r.h.questions[static_cast<std::size_t>(q->second)].accepted_author = p.answer.author;
    r.h.answers.push_back(std::move(p.answer));
  }
  return std::move(r.h);
}

Result<EvaluationResult> evaluate(const History& h, const EvaluationOptions& options,
                                  const std::function<void(int64_t, int64_t)>& progress) {
  if (!(options.test_fraction > 0 && options.test_fraction < 1)) {
    return invalid("test_fraction", "--test-fraction must be between 0 and 1 (exclusive)");
  }
  Weights weights;
  try {
    weights = weights_named(options.ranker);
  } catch (const std::invalid_argument&) {
    return invalid("ranker", "unknown ranker \"" + options.ranker + "\"");
  }
  for (const std::string& setting : options.settings) {
    if (!set_weight(weights, setting)) return invalid("set", "unknown setting \"" + setting + "\"");
  }

  // The test set: the last questions by time that have an accepted answer.
  std::vector<int> answered;
  for (int q = 0; q < static_cast<int>(h.questions.size()); ++q) {
    if (h.questions[static_cast<std::size_t>(q)].accepted_author >= 0) answered.push_back(q);
  }
  auto by_time = [&](int a, int b) {
    const auto& qa = h.questions[static_cast<std::size_t>(a)];
    const auto& qb = h.questions[static_cast<std::size_t>(b)];
    return qa.created_at != qb.created_at ? qa.created_at < qb.created_at : a < b;
  };
  std::sort(answered.begin(), answered.end(), by_time);
  const auto test_count = static_cast<std::size_t>(std::ceil(static_cast<double>(answered.size()) * options.test_fraction));
  std::unordered_set<int> scored;
  {
    std::size_t end = answered.size();
    for (int k = 0; k < options.fold; ++k) end = end >= test_count ? end - test_count : 0;
    const std::size_t begin = end >= test_count ? end - test_count : 0;
    for (std::size_t k = begin; k < end; ++k) scored.insert(answered[k]);
  }

  // The replay: questions and answers in time order (a question before answers of the same second).
  struct Step {
    int64_t at;
    int order;  // 0 question, 1 answer
    int index;
  };
  std::vector<Step> steps;
  for (int q = 0; q < static_cast<int>(h.questions.size()); ++q) steps.push_back({h.questions[static_cast<std::size_t>(q)].created_at, 0, q});
  for (int a = 0; a < static_cast<int>(h.answers.size()); ++a) steps.push_back({h.answers[static_cast<std::size_t>(a)].created_at, 1, a});
  std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) {
    return a.at != b.at ? a.at < b.at : a.order < b.order;
  });

  Index index;
  // Declared skills are evidence from the start.
  for (int p = 0; p < static_cast<int>(h.people.size()); ++p) {
    std::vector<Evidence> skills;
    for (const std::string& skill : h.skills[static_cast<std::size_t>(p)]) {
      Evidence e;
      e.person = p + 1;
      e.kind = Kind::kSkill;
      e.at = 0;  // known from the start
      e.ref_type = "person";
      e.ref_id = p + 1;
      e.title = skill;
      e.text = skill;
      skills.push_back(std::move(e));
    }
    if (!skills.empty()) index.replace("skills:" + std::to_string(p), std::move(skills));
  }

  EvaluationResult result;
  result.ranker = options.ranker;
  std::unordered_set<int64_t> answered_before;
  double candidates_total = 0;
  int64_t done = 0;
  for (const Step& step : steps) {
    if (step.order == 0) {
      const HistoryQuestion& q = h.questions[static_cast<std::size_t>(step.index)];
      if (scored.contains(step.index)) {
        Query query;
        query.title = q.title;
        query.text = q.body;
        for (const auto& tag : q.tags) query.tags.push_back(tag);
        query.as_of = q.created_at;
        query.asker = q.author + 1;
        query.rank_asker = true;  // everyone who answered before, the asker included
        query.candidate = [&](int64_t person) { return answered_before.contains(person); };
        query.rank_everyone = true;
        query.limit = 0;
        const std::vector<Ranked> ranked = index.rank(query, weights);
        candidates_total += static_cast<double>(ranked.size());
        const int64_t solver = q.accepted_author + 1;
        std::size_t rank = 0;
        for (std::size_t k = 0; k < ranked.size(); ++k) {
          if (ranked[k].person == solver) rank = k + 1;
        }
        if (rank == 0) {
          ++result.not_candidates;
        } else {
          result.mrr += 1.0 / static_cast<double>(rank);
          result.p_at_1 += rank == 1 ? 1 : 0;
          result.p_at_5 += rank <= 5 ? 1 : 0;
          result.ndcg_at_10 += rank <= 10 ? 1.0 / std::log2(static_cast<double>(rank) + 1) : 0;
        }
        ++result.questions;
        if (progress) progress(++done, static_cast<int64_t>(scored.size()));
      }
      Evidence asked;
      asked.person = q.author + 1;
      asked.kind = Kind::kProblem;
      asked.at = q.created_at;
      asked.ref_type = "problem";
      asked.ref_id = step.index + 1;
      asked.title = q.title;
      asked.text = q.title + "\n" + q.body;
      asked.tags = q.tags;
      index.replace("problem:" + std::to_string(step.index), {std::move(asked)});
    } else {
      const HistoryAnswer& a = h.answers[static_cast<std::size_t>(step.index)];
      const HistoryQuestion& q = h.questions[static_cast<std::size_t>(a.question)];
      Evidence e;
      e.person = a.author + 1;
      e.kind = a.accepted ? Kind::kAcceptedSolution : Kind::kSolution;
      e.at = a.created_at;
      e.counterpart = q.author + 1;
      e.ref_type = "problem";
      e.ref_id = a.question + 1;
      e.title = q.title;
      e.text = q.title + "\n" + q.body + "\n" + a.body;
      e.tags = q.tags;
      index.replace("solution:" + std::to_string(step.index), {std::move(e)});
      answered_before.insert(a.author + 1);
    }
  }
  if (result.questions > 0) {
    const auto n = static_cast<double>(result.questions);
    result.mrr /= n;
    result.p_at_1 /= n;
    result.p_at_5 /= n;
    result.ndcg_at_10 /= n;
    result.candidates = candidates_total / n;
  }
  return result;
}

}  // namespace weft::expertise
