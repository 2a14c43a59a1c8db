#include "expertise/evidence.h"

#include <algorithm>
#include <map>

#include "core/text.h"
#include "expertise/topic_posters.h"

namespace weft::expertise {
namespace {

std::vector<std::string> topics_of(const std::string& title, const std::string& body) {
  return text::topics(title + "\n" + body);
}

std::string key(const char* kind, int64_t id) { return std::string(kind) + ":" + std::to_string(id); }

struct ProblemRow {
  int64_t id = 0, space_id = 0, author = 0, created_at = 0;
  std::optional<int64_t> record_id, accepted;
  std::string title, body;
};
struct SolutionRow {
  int64_t id = 0, author = 0, created_at = 0;
  std::string body;
};

constexpr const char* kProblemColumns =
    "SELECT id, space_id, author_id, title, body, record_id, accepted_solution_id, created_at FROM problems";
constexpr const char* kSolutionColumns = "SELECT id, problem_id, author_id, body, created_at FROM solutions";

ProblemRow read_problem(store::Rows& r) {
  return {r.int64(0), r.int64(1), r.int64(2), r.int64(7), r.optional_int64(5), r.optional_int64(6), r.text(3),
          r.text(4)};
}

// A problem says its author raised it; each solution, that its author knows about it (more so once
// accepted). A solution's text is the problem's with the solution's own words.
std::vector<Evidence> problem_evidence(const ProblemRow& p, const std::vector<SolutionRow>& solutions) {
  std::vector<Evidence> out;
  const auto tags = topics_of(p.title, p.body);
  Evidence raised;
  raised.person = p.author;
  raised.kind = Kind::kProblem;
  raised.at = p.created_at;
  raised.space_id = p.space_id;
  raised.record_id = p.record_id.value_or(0);
  raised.ref_type = "problem";
  raised.ref_id = p.id;
  raised.title = p.title;
  raised.text = p.title + "\n" + p.body;
  raised.tags = tags;
  out.push_back(raised);
  for (const SolutionRow& s : solutions) {
    Evidence e = raised;
    e.person = s.author;
    e.kind = p.accepted && *p.accepted == s.id ? Kind::kAcceptedSolution : Kind::kSolution;
    e.at = s.created_at;
    e.counterpart = p.author;
    e.text = p.title + "\n" + p.body + "\n" + s.body;
    out.push_back(std::move(e));
  }
  return out;
}

// An idea or a proposal, read as id, space_id, author_id, title, body, outcome, created_at, and
// the time of the outcome: its author's evidence, stronger once it was adopted (then dated so).
std::vector<Evidence> authored_evidence(store::Rows& r, const char* ref_type, bool adopted, Kind plain,
                                        Kind outcome) {
  Evidence e;
  e.person = r.int64(2);
  e.kind = adopted ? outcome : plain;
  e.at = adopted ? r.optional_int64(7).value_or(r.int64(6)) : r.int64(6);
  e.space_id = r.int64(1);
  e.ref_type = ref_type;
  e.ref_id = r.int64(0);
  e.title = r.text(3);
  const std::string body = r.text(4);
  e.text = e.title + "\n" + body;
  e.tags = topics_of(e.title, body);
  return {std::move(e)};
}

std::vector<Evidence> idea_evidence(store::Rows& r) {
  const std::string stage = r.text(5);
  return authored_evidence(r, "idea", stage == "accepted" || stage == "implemented", Kind::kIdea,
                           Kind::kIdeaAdopted);
}

std::vector<Evidence> proposal_evidence(store::Rows& r) {
  return authored_evidence(r, "proposal", r.optional_text(5).value_or("") == "adopted", Kind::kProposal,
                           Kind::kProposalDecided);
}

std::vector<Evidence> record_post_evidence(store::Rows& r) {
  // id, author_id, body, space_id, record_id, created_at, record title
  Evidence e;
  e.person = r.int64(1);
  e.kind = Kind::kRecordWork;
  e.at = r.int64(5);
  e.space_id = r.optional_int64(3).value_or(0);
  e.record_id = r.int64(4);
  e.ref_type = "record";
  e.ref_id = e.record_id;
  e.title = r.text(6);
  const std::string body = r.text(2);
  e.text = e.title + "\n" + body;
  e.tags = text::topics(body);
  return {std::move(e)};
}

// A page: each person who wrote a revision of it, at their latest, with the page as it stands.
std::vector<Evidence> page_evidence(store::Connection& c, int64_t id) {
  // A page written up from a problem on a record is evidence behind that record's gate.
  auto page = c.query("SELECT g.space_id, g.title, g.body, pr.record_id FROM pages g LEFT JOIN problems pr ON "
                      "g.source_type = 'problem' AND pr.id = g.source_id WHERE g.id = ?",
                      {id});
  if (!page->next()) return {};
  const int64_t space = page->int64(0);
  const std::string title = page->text(1);
  const std::string body = page->text(2);
  const int64_t record = page->optional_int64(3).value_or(0);
  page.reset();
  std::vector<Evidence> out;
  auto writers = c.query("SELECT author_id, MAX(created_at) FROM page_revisions WHERE page_id = ? GROUP BY author_id "
                         "ORDER BY author_id",
                         {id});
  while (writers->next()) {
    Evidence e;
    e.person = writers->int64(0);
    e.kind = Kind::kPageWritten;
    e.at = writers->int64(1);
    e.space_id = space;
    e.record_id = record;
    e.ref_type = "page";
    e.ref_id = id;
    e.title = title;
    e.text = title + "\n" + body;
    e.tags = text::topics(body);
    out.push_back(std::move(e));
  }
  return out;
}

Evidence skill_evidence(int64_t person, const std::string& name, int64_t endorsements) {
  Evidence e;
  e.person = person;
  e.kind = Kind::kSkill;
  e.at = 0;
  e.ref_type = "person";
  e.ref_id = person;
  e.title = name;
  e.text = name;
  e.tags = {text::lowercase_ascii(name)};
  e.strength = 1 + static_cast<double>(endorsements);
  return e;
}

// What a person posts about: one piece of evidence per topic and space, as strong as its posts.
Evidence topic_evidence(int64_t person, const TopicCount& t) {
  Evidence e;
  e.person = person;
  e.kind = Kind::kTopicPosts;
  e.at = t.last_at;
  e.space_id = t.space_id;
  e.ref_type = "topic";
  e.title = t.topic;
  e.text = t.topic;
  e.tags = {t.topic};
  e.strength = static_cast<double>(t.posts);
  return e;
}

std::vector<Evidence> topics_evidence(store::Connection& c, int64_t person) {
  std::vector<Evidence> out;
  for (const TopicCount& t : count_topics(c, person)) {
    if (t.posts >= kTopicEvidenceMinPosts) out.push_back(topic_evidence(person, t));
  }
  return out;
}

constexpr const char* kIdeaColumns =
    "SELECT id, space_id, author_id, title, body, stage, created_at, stage_changed_at FROM ideas";
constexpr const char* kProposalColumns =
    "SELECT id, space_id, author_id, title, body, decision, created_at, closed_at FROM proposals";
constexpr const char* kRecordPostColumns = "SELECT p.id, p.author_id, p.body, p.space_id, p.record_id, p.created_at, r.title";
// Posts everyone who may read the record's conversation reads: not deleted, not hidden by a
// moderator (then its author's alone), and not for followers or a unit only.
constexpr const char* kRecordPostFilter =
    " AND p.deleted_at IS NULL AND p.hidden_at IS NULL AND p.audience IN ('public', 'space')";
// All of them: from the records, each with its posts by the posts_record index (CROSS JOIN keeps
// SQLite from scanning every post for the few on records).
constexpr const char* kRecordPostsFrom = " FROM records r CROSS JOIN posts p WHERE p.record_id = r.id";
// One of them, by its id.
constexpr const char* kRecordPostFrom = " FROM posts p JOIN records r ON r.id = p.record_id WHERE p.id = ?";
constexpr const char* kSkillColumns =
    "SELECT ps.person_id, s.name, ps.endorsements FROM person_skills ps JOIN skills s ON s.id = ps.skill_id";
// The feedback and the text of what it is about (a problem or a record).
constexpr const char* kFeedbackColumns =
    "SELECT f.id, f.person_id, f.verdict, f.subject_type, f.subject_id, f.created_at, "
    "COALESCE(pr.title, r.title, ''), COALESCE(pr.body, r.search_text, ''), COALESCE(pr.space_id, 0), "
    "COALESCE(pr.record_id, r.id, 0) FROM expertise_feedback f "
    "LEFT JOIN problems pr ON f.subject_type = 'problem' AND pr.id = f.subject_id "
    "LEFT JOIN records r ON f.subject_type = 'record' AND r.id = f.subject_id";

std::vector<Evidence> feedback_evidence(store::Rows& r) {
  Evidence e;
  e.person = r.int64(1);
  e.kind = r.text(2) == "helped" ? Kind::kHelped : Kind::kDeclined;
  e.at = r.int64(5);
  e.ref_type = r.text(3);
  e.ref_id = r.int64(4);
  e.title = r.text(6);
  const std::string body = r.text(7);
  e.text = e.title + "\n" + body;
  e.space_id = r.int64(8);
  e.record_id = r.int64(9);
  e.tags = topics_of(e.title, body);
  return {std::move(e)};
}

}  // namespace

std::vector<std::string> keys_of(std::span<const events::Event> events) {
  using events::Kind;
  std::vector<std::string> keys;
  for (const events::Event& event : events) {
    if (!event.object_id) continue;
    const int64_t id = *event.object_id;
    switch (event.kind()) {
      case Kind::kProblemCreated:
      case Kind::kProblemResolved:
      case Kind::kProblemReopened:
      case Kind::kSolutionAdded:
      case Kind::kSolutionAccepted: keys.push_back(key("problem", id)); break;
      case Kind::kIdeaCreated:
      case Kind::kIdeaStageChanged: keys.push_back(key("idea", id)); break;
      case Kind::kProposalOpened:
      case Kind::kProposalClosed: keys.push_back(key("proposal", id)); break;
      case Kind::kPersonCreated:
      case Kind::kPersonUpdated:
      case Kind::kSkillEndorsed:
      case Kind::kSkillEndorsementWithdrawn: keys.push_back(key("skills", id)); break;
      case Kind::kPageCreated:
      case Kind::kPageEdited:
      case Kind::kPageRestored: keys.push_back(key("page", id)); break;
      case Kind::kRecordUpserted:
        // A record's title is in the evidence of its conversation and of feedback on it.
        if (const auto* p = event.as<events::RecordUpserted>();
            p && !p->created && std::find(p->changed.begin(), p->changed.end(), "title") != p->changed.end()) {
          keys.push_back(key("record", id));
        }
        break;
      case Kind::kExpertiseFeedbackGiven:
        if (const auto* p = event.as<events::ExpertiseFeedbackGiven>()) keys.push_back(key("feedback", p->feedback_id));
        break;
      default:
        if (changes_a_post(event.kind())) keys.push_back(key("post", id));
        break;
    }
  }
  std::vector<std::string> unique;
  for (auto& k : keys) {
    if (std::find(unique.begin(), unique.end(), k) == unique.end()) unique.push_back(std::move(k));
  }
  return unique;
}

std::vector<std::string> expand(store::Connection& c, std::vector<std::string> keys) {
  std::vector<int64_t> posts, records;
  std::vector<std::string> out;
  for (std::string& k : keys) {
    if (k.starts_with("record:")) {
      records.push_back(std::stoll(k.substr(7)));
      continue;
    }
    if (k.starts_with("post:")) posts.push_back(std::stoll(k.substr(5)));
    out.push_back(std::move(k));
  }
  auto add = [&out](std::string k) {
    if (std::find(out.begin(), out.end(), k) == out.end()) out.push_back(std::move(k));
  };
  for (int64_t author : authors_of(c, std::move(posts))) add(key("topics", author));
  // A record's conversation and feedback on it (posts on records count for no topic).
  for (int64_t record : records) {
    auto rows = c.query("SELECT id FROM posts WHERE record_id = ? ORDER BY id", {record});
    while (rows->next()) add(key("post", rows->int64(0)));
    rows = c.query("SELECT id FROM expertise_feedback WHERE subject_type = 'record' AND subject_id = ? ORDER BY id",
                   {record});
    while (rows->next()) add(key("feedback", rows->int64(0)));
  }
  return out;
}

std::vector<Evidence> evidence_of(store::Connection& c, const std::string& k) {
  const auto colon = k.find(':');
  if (colon == std::string::npos) return {};
  const std::string kind = k.substr(0, colon);
  const int64_t id = std::stoll(k.substr(colon + 1));
  if (kind == "problem") {
    auto rows = c.query(std::string(kProblemColumns) + " WHERE id = ?", {id});
    if (!rows->next()) return {};
    ProblemRow p = read_problem(*rows);
    rows.reset();
    std::vector<SolutionRow> solutions;
    auto s = c.query(std::string(kSolutionColumns) + " WHERE problem_id = ? ORDER BY id", {id});
    while (s->next()) solutions.push_back({s->int64(0), s->int64(2), s->int64(4), s->text(3)});
    return problem_evidence(p, solutions);
  }
  auto one = [&](const std::string& sql, auto build) -> std::vector<Evidence> {
    auto rows = c.query(sql, {id});
    if (!rows->next()) return {};
    return build(*rows);
  };
  if (kind == "idea") return one(std::string(kIdeaColumns) + " WHERE id = ?", idea_evidence);
  if (kind == "proposal") return one(std::string(kProposalColumns) + " WHERE id = ?", proposal_evidence);
  if (kind == "post") {
    return one(std::string(kRecordPostColumns) + kRecordPostFrom + kRecordPostFilter, record_post_evidence);
  }
  if (kind == "feedback") return one(std::string(kFeedbackColumns) + " WHERE f.id = ?", feedback_evidence);
  if (kind == "topics") return topics_evidence(c, id);
  if (kind == "page") return page_evidence(c, id);
  if (kind == "skills") {
    std::vector<Evidence> out;
    auto rows = c.query(std::string(kSkillColumns) + " WHERE ps.person_id = ? ORDER BY ps.position", {id});
    while (rows->next()) out.push_back(skill_evidence(id, rows->text(1), rows->int64(2)));
    return out;
  }
  return {};
}

void load_all(store::Connection& c, const std::function<void(Keyed&&)>& sink,
              const std::function<void(int64_t, int64_t)>& progress) {
  const int64_t total = c.query_int("SELECT (SELECT COUNT(*) FROM problems) + (SELECT COUNT(*) FROM ideas) + "
                                    "(SELECT COUNT(*) FROM proposals) + (SELECT COUNT(*) FROM people)")
                            .value_or(0);
  int64_t done = 0;
  auto tick = [&] {
    if (progress && (++done % 1000 == 0 || done == total)) progress(done, total);
  };
  {
    // Solutions grouped by problem, then each problem with its own.
    std::map<int64_t, std::vector<SolutionRow>> solutions;
    auto s = c.query(std::string(kSolutionColumns) + " ORDER BY problem_id, id");
    while (s->next()) solutions[s->int64(1)].push_back({s->int64(0), s->int64(2), s->int64(4), s->text(3)});
    s.reset();
    auto rows = c.query(std::string(kProblemColumns) + " ORDER BY id");
    static const std::vector<SolutionRow> kNone;
    while (rows->next()) {
      ProblemRow p = read_problem(*rows);
      auto found = solutions.find(p.id);
      sink({key("problem", p.id), problem_evidence(p, found == solutions.end() ? kNone : found->second)});
      tick();
    }
  }
  auto each = [&](const std::string& sql, const char* kind, auto build, bool counted) {
    auto rows = c.query(sql);
    while (rows->next()) {
      const int64_t id = rows->int64(0);
      sink({key(kind, id), build(*rows)});
      if (counted) tick();
    }
  };
  each(std::string(kIdeaColumns) + " ORDER BY id", "idea", idea_evidence, true);
  each(std::string(kProposalColumns) + " ORDER BY id", "proposal", proposal_evidence, true);
  each(std::string(kRecordPostColumns) + kRecordPostsFrom + kRecordPostFilter + " ORDER BY p.id", "post",
       record_post_evidence, false);
  each(std::string(kFeedbackColumns) + " ORDER BY f.id", "feedback", feedback_evidence, false);
  {
    std::vector<int64_t> pages;
    auto rows = c.query("SELECT id FROM pages ORDER BY id");
    while (rows->next()) pages.push_back(rows->int64(0));
    rows.reset();
    for (int64_t id : pages) sink({key("page", id), page_evidence(c, id)});
  }
  // Rows ordered by person (column 0), each person's evidence under one key.
  auto per_person = [&](const std::string& sql, const char* kind, auto build) {
    auto rows = c.query(sql);
    int64_t person = 0;
    std::vector<Evidence> evidence;
    auto flush = [&] {
      if (person != 0 && !evidence.empty()) sink({key(kind, person), std::move(evidence)});
      evidence.clear();
    };
    while (rows->next()) {
      if (rows->int64(0) != person) {
        flush();
        person = rows->int64(0);
      }
      evidence.push_back(build(person, *rows));
    }
    flush();
  };
  per_person(std::string(kSkillColumns) + " ORDER BY ps.person_id, ps.position", "skills",
             [](int64_t person, store::Rows& r) { return skill_evidence(person, r.text(1), r.int64(2)); });
  {
    // What people post about, as the topic_posters view counted it; then, from the posts
    // themselves, the authors of posts the view has not handled yet. The view's checkpoint is read
    // first: a read is not one snapshot, and rows the view writes after it only add authors to
    // count again, where a checkpoint read after the rows could pass over authors whose rows were
    // read stale.
    const auto counted = c.query_int("SELECT last_id FROM event_checkpoints WHERE name = 'topic_posters'");
    per_person("SELECT person_id, topic, space_id, posts, last_at FROM topic_posters WHERE posts >= " +
                   std::to_string(kTopicEvidenceMinPosts) + " ORDER BY person_id, topic, space_id",
               "topics", [](int64_t person, store::Rows& r) {
                 return topic_evidence(person, {r.text(1), r.int64(2), r.int64(3), r.int64(4)});
               });
    if (counted) {
      std::vector<int64_t> behind;
      auto late = c.query("SELECT DISTINCT p.author_id FROM events e JOIN posts p ON p.id = e.object_id "
                          "WHERE e.id > ? AND e.verb IN (" + post_verbs_sql() + ") ORDER BY p.author_id",
                          {*counted});
      while (late->next()) behind.push_back(late->int64(0));
      late.reset();
      for (int64_t id : behind) sink({key("topics", id), topics_evidence(c, id)});
    }
  }
  if (progress) progress(total, total);
}

}  // namespace weft::expertise
