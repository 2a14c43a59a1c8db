// The demo's words: people's names (unique for any size of organization), work stories that hold
// together from a problem to a decision, and conversation text assembled from phrases with slots
// ({supplier}, {region}, {customer}, …) so that a feed does not repeat itself. Internal to demo/.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "demo/generator.h"

namespace weft::demo {

// Fills "{slot}" placeholders. A binding keeps the value it chose for each slot, so every text of
// one story speaks of the same supplier, region and figures.
class Binding {
 public:
  explicit Binding(Random& random) : random_(&random) {}
  std::string fill(std::string_view pattern);
  const std::string& value(const std::string& slot);

 private:
  Random* random_;
  std::unordered_map<std::string, std::string> values_;
};

// One piece of work as it unfolds: the problem, the solutions offered (the first is the one that
// is accepted), the idea that answers it, the proposal that decides the idea and its outcomes.
struct Story {
  std::size_t division;  // whose work it is (index into the demo's divisions)
  const char* subject;   // names a space gathered around it
  const char* problem_title;
  const char* problem_body;
  std::vector<const char*> solutions;
  const char* idea_title;
  const char* idea_body;
  const char* proposal_title;
  const char* proposal_body;
  const char* adopted;
  const char* rejected;
};
const std::vector<Story>& stories();
// Stories of one division first, then the rest (a space picks mostly from its own).
std::size_t story_for(Random& random, std::size_t division);

// A story as told in one space: its texts filled once.
struct StoryText {
  std::string subject, problem_title, problem_body;
  std::vector<std::string> solutions;
  std::string idea_title, idea_body, proposal_title, proposal_body, adopted, rejected;
};
StoryText tell(const Story& story, Binding& binding);

// Conversation text.
std::string post_text(Random& random);
std::string reply_text(Random& random);
std::string space_update(Random& random);
std::string stage_note(Random& random, const std::string& stage);
std::string stance_reason(Random& random, int stance);  // 0 agree, 1 abstain, 2 disagree, 3 block

// The index-th person's name: every index below names_available() gives a different name.
struct Name {
  std::string first, last, middle;  // middle: an initial such as "J.", or empty
  std::string full() const { return middle.empty() ? first + " " + last : first + " " + middle + " " + last; }
};
Name name_at(std::size_t index);
std::size_t names_available();

}  // namespace weft::demo
