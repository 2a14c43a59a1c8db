// The demo's spaces: projects, problems and communities of every visibility, with members from
// the creator's unit and beyond, outside guests, and work that ends somewhere — problems with
// accepted solutions, ideas across the stages, proposals decided by stances — including chains
// that run from a problem through an idea and a proposal to adoption.
#include "actions/people.h"
#include "actions/posts.h"
#include "actions/spaces.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "demo/demo.h"
#include "demo/generator.h"
#include "events/event_log.h"

namespace weft::demo {
namespace {

const std::vector<const char*> kSubjects = {
    "Supplier onboarding", "Q3 forecast", "Expense audit", "Customer escalations", "Checkout latency",
    "Warehouse returns", "Partner portal", "Hiring pipeline", "Mobile release", "Data retention",
    "Renewal playbook", "Incident reviews", "Carbon reporting", "Pricing change", "Knowledge base"};
const std::vector<const char*> kKindWords = {"project", "task force", "working group", "guild"};
const std::vector<const char*> kProblems = {
    "Invoices from two suppliers are rejected by the ERP",
    "Forecast for the northern region is 12% off every month",
    "Customers wait three days for a first answer",
    "Releases slip because the test environment is shared",
    "Expense statements are approved without receipts",
    "Returns are not restocked for two weeks",
    "The partner portal times out at month end"};
const std::vector<const char*> kSolutions = {
    "Add a validation step before the export.", "Move the report to a daily schedule.",
    "Give the on-call rotation a second person.", "Ask the supplier for a corrected template.",
    "Automate the reminder and escalate after 48 hours.", "Split the environment per team."};
const std::vector<const char*> kIdeas = {
    "Self-service status page for customers", "A shared playbook for escalations",
    "Pair new hires with a buddy from another unit", "Weekly 15-minute forecast review",
    "Automatic receipt capture on mobile", "One intake form for all supplier disputes"};

struct Sql {
  store::Connection& c;
  int64_t insert(std::string_view sql, store::Params params) {
    return c.insert_returning_id(sql, params);
  }
};

}  // namespace

Result<SpaceSummary> generate_spaces(store::Store& store, Random& random,
                                     const std::vector<DemoPerson>& people,
                                     const std::string& password_hash, const SpaceOptions& options) {
  SpaceSummary summary;
  if (people.size() < 5 || options.spaces <= 0) return summary;
  std::unordered_map<int64_t, std::vector<std::size_t>> by_unit;
  for (std::size_t i = 0; i < people.size(); ++i) by_unit[people[i].unit].push_back(i);
  const int64_t now = clock::now_seconds();
  const int64_t day = 24 * 3600;
  constexpr int kBatch = 500;
  std::vector<int64_t> guests;

  // Outside guests: partners and customers, one per 200 people.
  auto made = store::transact(store, [&](store::Connection& c) -> Result<bool> {
    const int count = std::max<int>(3, static_cast<int>(people.size() / 200));
    for (int g = 0; g < count; ++g) {
      actions::NewPerson guest{.name = std::string("Partner Contact ") + std::to_string(g + 1),
                               .email = "guest" + std::to_string(g + 1) + "@partner.example",
                               .role = Role::kGuest,
                               .title = g % 2 ? "Account Manager, Northwind Supply" : "Customer Lead, Contoso"};
      WEFT_ASSIGN_OR_RETURN(int64_t id, actions::insert_person(c, std::nullopt, guest, password_hash));
      guests.push_back(id);
    }
    summary.guests = count;
    return true;
  });
  if (!made) return std::unexpected(made.error());

  for (int start = 0; start < options.spaces; start += kBatch) {
    auto batch = store::transact(store, [&](store::Connection& c) -> Result<bool> {
      Sql sql{c};
      for (int s = start; s < std::min(options.spaces, start + kBatch); ++s) {
        std::size_t creator = s < 3 ? 1 : random.zipf(people.size(), 0.8);
        double roll = random.unit();
        std::string visibility = roll < 0.5 ? "public" : roll < 0.85 ? "private" : "secret";
        if (s == 0) visibility = "private";
        roll = random.unit();
        std::string kind = roll < 0.5 ? "project" : roll < 0.8 ? "problem" : "community";
        std::string name = std::string(kSubjects[random.below(kSubjects.size())]) + " " +
                           kKindWords[random.below(kKindWords.size())];
        int64_t created = now - static_cast<int64_t>(random.below(300)) * day;
        actions::NewSpace space{name, "Where we work on " + name + " together.", kind, visibility};
        int64_t space_id = actions::insert_space(c, people[creator].id, space, created);
        ++summary.spaces;
        // Members: mostly the creator's unit, some from anywhere; the demo member joins the first spaces.
        std::vector<std::size_t> members{creator};
        const auto& mates = by_unit[people[creator].unit];
        int count = 4 + static_cast<int>(std::pow(random.unit(), 2.0) * 40);
        for (int m = 0; m < count; ++m) {
          std::size_t who = random.chance(0.75) ? mates[random.below(mates.size())] : random.below(people.size());
          if (std::find(members.begin(), members.end(), who) == members.end()) members.push_back(who);
        }
        if (s < 3 && std::find(members.begin(), members.end(), 1) == members.end()) members.push_back(1);
        for (std::size_t k = 1; k < members.size(); ++k) {
          actions::insert_member(c, people[creator].id, space_id, people[members[k]].id,
                                 k < 3 ? "owner" : "member", created);
        }
        summary.memberships += static_cast<int64_t>(members.size());
        if (random.chance(0.1) || s == 0) {
          int64_t guest = guests[random.below(guests.size())];
          actions::insert_member(c, people[creator].id, space_id, guest, "guest", created);
          ++summary.memberships;
        }
        auto member = [&] { return members[random.below(members.size())]; };
        auto viewer_of = [&](std::size_t i) { return Viewer{people[i].id, Role::kMember, people[i].unit}; };
        // A few posts in the space.
        int posts = static_cast<int>(random.below(4));
        for (int k = 0; k < posts; ++k) {
          std::size_t who = member();
          actions::insert_post(c, viewer_of(who),
                               {.author_id = people[who].id,
                                .body = std::string("Update for the ") + name + ": next steps are in the doc.",
                                .audience = "space", .unit_id = people[who].unit, .space_id = space_id});
        }
        // Problems, most resolved.
        int problems = static_cast<int>(random.below(kind == "problem" ? 6 : 3));
        std::vector<int64_t> problem_ids;
        for (int k = 0; k < problems; ++k) {
          std::size_t author = member();
          // Nothing happens after now: a problem raised in the space's first month, or lately.
          int64_t opened = std::min(created + static_cast<int64_t>(random.below(30)) * day,
                                    std::max(created, now - day));
          std::string title = kProblems[random.below(kProblems.size())];
          int64_t problem = sql.insert(
              "INSERT INTO problems (space_id, author_id, title, body, created_at) VALUES (?, ?, ?, ?, ?)",
              {space_id, people[author].id, title, "What we see, and what we tried so far.", opened});
          events::append(c, {.actor_id = people[author].id,
                             .object_id = problem,
                             .space_id = space_id,
                             .audience = "space",
                             .payload = events::ProblemCreated{}});
          problem_ids.push_back(problem);
          ++summary.problems;
          int solutions = 1 + static_cast<int>(random.below(4));
          int64_t accepted = 0;
          int64_t accepted_author = 0;
          for (int n = 0; n < solutions; ++n) {
            std::size_t who = member();
            int64_t solution = sql.insert(
                "INSERT INTO solutions (problem_id, author_id, body, votes, created_at) VALUES (?, ?, ?, ?, ?)",
                {problem, people[who].id, kSolutions[random.below(kSolutions.size())],
                 static_cast<int64_t>(random.below(8)), opened + (n + 1) * 3600});
            c.execute("UPDATE problems SET solution_count = solution_count + 1 WHERE id = ?", {problem});
            events::append(c, {.actor_id = people[who].id,
                               .object_id = problem,
                               .space_id = space_id,
                               .audience = "space",
                               .payload = events::SolutionAdded{solution, people[author].id}});
            if (n == 0) {
              accepted = solution;
              accepted_author = people[who].id;
            }
          }
          if (random.chance(0.75)) {
            int64_t resolved = opened + 3600 + static_cast<int64_t>(random.unit() * 10 * day);
            c.execute("UPDATE problems SET status = 'resolved', accepted_solution_id = ?, resolved_at = ? WHERE id = ?",
                      {accepted, std::min(resolved, now), problem});
            events::append(c, {.actor_id = people[author].id,
                               .object_id = problem,
                               .space_id = space_id,
                               .audience = "space",
                               .payload = events::SolutionAccepted{accepted, accepted_author}});
          }
        }
        // Ideas across the stages; some come from an open problem and run to a decision.
        int ideas = static_cast<int>(random.below(4));
        static const char* kStages[] = {"new", "under_review", "accepted", "implemented", "declined"};
        for (int k = 0; k < ideas; ++k) {
          std::size_t author = member();
          std::optional<int64_t> from;
          if (!problem_ids.empty() && random.chance(0.4)) from = problem_ids[random.below(problem_ids.size())];
          std::string stage = kStages[random.zipf(5, 0.3)];
          std::string title = kIdeas[random.below(kIdeas.size())];
          int64_t pitched = std::min(created + static_cast<int64_t>(random.below(60)) * day,
                                     std::max(created, now - 3 * day));
          int64_t idea = sql.insert(
              "INSERT INTO ideas (space_id, author_id, title, body, from_problem_id, stage, created_at, "
              "stage_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              {space_id, people[author].id, title, "Why it would help, and a first step.", from, stage,
               pitched, pitched + day});
          c.execute("INSERT INTO idea_stages (idea_id, stage, note, by_id, at) VALUES (?, 'new', 'Pitched.', ?, ?)",
                    {idea, people[author].id, pitched});
          if (stage != "new") {
            c.execute("INSERT INTO idea_stages (idea_id, stage, note, by_id, at) VALUES (?, ?, ?, ?, ?)",
                      {idea, stage, "Discussed in the weekly review.", people[creator].id, pitched + day});
          }
          events::append(c, {.actor_id = people[author].id,
                             .object_id = idea,
                             .space_id = space_id,
                             .audience = "space",
                             .payload = events::IdeaCreated{from}});
          ++summary.ideas;
          int votes = static_cast<int>(random.below(members.size() + 1));
          int64_t score = 0;
          for (int v = 0; v < votes; ++v) {
            int value = random.chance(0.8) ? 1 : -1;
            if (c.execute("INSERT INTO idea_votes (idea_id, person_id, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                          {idea, people[member()].id, value}) > 0) {
              score += value;
            }
          }
          c.execute("UPDATE ideas SET score = ? WHERE id = ?", {score, idea});
          // A proposal decides the accepted and implemented ones (and a few open ones).
          if ((stage == "accepted" || stage == "implemented" || random.chance(0.15))) {
            bool open = stage != "accepted" && stage != "implemented" && random.chance(0.5);
            // Opened two days after the idea and decided a week after it — never later than
            // now: a decision is in the past, an open proposal closes in the coming two weeks.
            const int64_t opened = std::min(pitched + 2 * day, now - 2 * day);
            int64_t closes = open ? now + (1 + static_cast<int64_t>(random.below(14))) * day
                                  : std::min(pitched + 7 * day, now - day);
            const int64_t stance_at = open ? std::min(pitched + 3 * day, now) : opened + (closes - opened) / 2;
            int64_t proposal = sql.insert(
                "INSERT INTO proposals (space_id, author_id, title, body, from_idea_id, closes_at, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                {space_id, people[author].id, "Adopt: " + title, "Proposed in the space after review.", idea,
                 closes, opened});
            events::append(c, {.actor_id = people[author].id,
                               .object_id = proposal,
                               .space_id = space_id,
                               .audience = "space",
                               .payload = events::ProposalOpened{closes}});
            int64_t tally[4] = {0, 0, 0, 0};
            static const char* kStances[] = {"agree", "abstain", "disagree", "block"};
            for (std::size_t who : members) {
              if (!random.chance(0.6)) continue;
              double r = random.unit();
              int stance = r < 0.7 ? 0 : r < 0.82 ? 1 : r < 0.97 ? 2 : 3;
              if (stage == "accepted" || stage == "implemented") stance = r < 0.85 ? 0 : 1;
              c.execute("INSERT INTO stances (proposal_id, person_id, stance, reason, updated_at) "
                        "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                        {proposal, people[who].id, kStances[stance], stance == 0 ? "Worth trying." : "",
                         stance_at});
              ++tally[stance];
              ++summary.stances;
            }
            c.execute("UPDATE proposals SET agree = ?, abstain = ?, disagree = ?, block = ? WHERE id = ?",
                      {tally[0], tally[1], tally[2], tally[3], proposal});
            ++summary.proposals;
            if (!open) {
              std::string decision = tally[0] > tally[2] && tally[3] == 0 ? "adopted" : "rejected";
              if (stage == "accepted" || stage == "implemented") decision = "adopted";
              // Adopted decisions are to be looked at again a quarter later.
              std::optional<int64_t> review_at;
              if (decision == "adopted") review_at = closes + 90 * day;
              c.execute("UPDATE proposals SET status = 'closed', outcome = ?, decision = ?, closed_at = ?, review_at = ? "
                        "WHERE id = ?",
                        {decision == "adopted" ? "We go ahead; owners named in the doc." : "Not now; revisit next quarter.",
                         decision, closes, review_at, proposal});
              events::append(c, {.object_id = proposal,
                                 .space_id = space_id,
                                 .audience = "space",
                                 .payload = events::ProposalClosed{decision, people[author].id, review_at}});
              if (stage == "implemented" && from) {
                c.execute("UPDATE problems SET status = 'resolved', resolved_at = COALESCE(resolved_at, ?) WHERE id = ?",
                          {std::min(now, closes + 14 * day), *from});
                ++summary.chains;
              }
            }
          }
        }
      }
      return true;
    });
    if (!batch) return std::unexpected(batch.error());
    if (options.progress) {
      options.progress(std::min(options.spaces, start + kBatch), options.spaces, "spaces");
    }
  }
  return summary;
}

}  // namespace weft::demo
