// The offline evaluation of the expertise ranker (`weft eval-expertise`): a question-and-answer
// history, one JSON object a line (person, question, answer with `accepted`), is replayed in time
// order into an expertise Index as problems, solutions and accepted solutions. For each of the
// last questions (by time) that have an accepted answer, every person who answered anything before
// the question is ranked with only the evidence dated before it, and the rank of the accepted
// answerer is scored. The same Index and ranker as the server, fed the same kinds of evidence.
// Single-threaded; pure apart from reading its input stream.
#pragma once

#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "core/error.h"

namespace weft::expertise {

struct HistoryQuestion {
  std::string id;
  int author = -1;  // index into History::people
  std::string title;
  std::string body;
  std::vector<std::string> tags;
  int64_t created_at = 0;
  int accepted_author = -1;  // the accepted answer's author, -1: none accepted
};

struct HistoryAnswer {
  int question = -1;  // index into History::questions
  int author = -1;
  std::string body;
  int64_t created_at = 0;
  bool accepted = false;
};

struct History {
  std::vector<std::string> people;  // their ids as given
  std::vector<std::vector<std::string>> skills;
  std::vector<HistoryQuestion> questions;
  std::vector<HistoryAnswer> answers;
};

// Reads the lines; an error names the line and what is wrong with it. Unknown types are skipped;
// answers to unknown questions and people named only in questions or answers are accepted.
Result<History> read_history(std::istream& in);

struct EvaluationOptions {
  double test_fraction = 0.2;
  std::string ranker = "weft";
  std::vector<std::string> settings;  // "name=value" changes to the ranker's weights
  // Score an earlier fold of the same size instead of the test set (1: the one just before it), to
  // tune without looking at the test set.
  int fold = 0;
};

struct EvaluationResult {
  std::string ranker;
  double mrr = 0;
  double p_at_1 = 0;   // the accepted answerer ranked first
  double p_at_5 = 0;   // ... among the first five
  double ndcg_at_10 = 0;
  int64_t questions = 0;
  double candidates = 0;     // mean number of people ranked per question
  int64_t not_candidates = 0;  // questions whose accepted answerer had answered nothing before (scored 0)
};

Result<EvaluationResult> evaluate(const History& history, const EvaluationOptions& options,
                                  const std::function<void(int64_t done, int64_t total)>& progress = {});

}  // namespace weft::expertise
