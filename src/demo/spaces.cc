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
#include "demo/text.h"
#include "events/event_log.h"

namespace weft::demo {
namespace {

const std::vector<const char*> kKindWords = {"project", "task force", "working group", "guild"};
const std::vector<const char*> kDescriptions = {
    "We gather here around {subject}: problems, ideas and the decisions we take on them.",
    "Everything about {subject} in one place. Ask here before you e-mail.",
    "The working space for {subject}. Decisions are made in proposals, not in chat.",
    "{subject}: what we are stuck on, what we try, and what we decided."};

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
      // Guests' names come after every member's in the sequence of names, so they are unique too.
      static const char* kGuestTitles[] = {"Account Manager, Northwind Supply", "Customer Lead, Contoso",
                                           "Logistics Partner, Tailspin Freight", "Project Sponsor, Woodgrove Bank"};
      Name name = name_at(people.size() + static_cast<std::size_t>(g));
      actions::NewPerson guest{.name = name.full(),
                               .email = "guest" + std::to_string(g + 1) + "@partner.example",
                               .role = Role::kGuest,
                               .title = kGuestTitles[g % 4]};
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
        // The demo member owns one space (the first) and belongs to the next two.
        std::size_t creator = s == 0 ? 1 : random.zipf(people.size(), 0.8);
        if (s > 0 && creator == 1) creator = 2 + random.below(people.size() - 2);
        double roll = random.unit();
        std::string visibility = roll < 0.5 ? "public" : roll < 0.85 ? "private" : "secret";
        if (s == 0) visibility = "private";
        roll = random.unit();
        std::string kind = roll < 0.5 ? "project" : roll < 0.8 ? "problem" : "community";
        // The space gathers around one story of its creator's division; its first problem is it.
        // Each problem and idea of a space tells a different story (while there are stories left).
        std::vector<std::size_t> told_here;
        auto fresh_story = [&] {
          std::size_t pick = story_for(random, people[creator].division);
          for (int tries = 0; tries < 8 && std::ranges::find(told_here, pick) != told_here.end(); ++tries) {
            pick = story_for(random, people[creator].division);
          }
          for (std::size_t next = 0; next < stories().size() && std::ranges::find(told_here, pick) != told_here.end();
               ++next) {
            pick = (pick + 1) % stories().size();
          }
          told_here.push_back(pick);
          return pick;
        };
        const Story& theme = stories()[fresh_story()];
        Binding theme_words(random);
        StoryText told = tell(theme, theme_words);
        std::string name = told.subject + " " + kKindWords[random.below(kKindWords.size())];
        name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
        std::string description = kDescriptions[random.below(kDescriptions.size())];
        description.replace(description.find("{subject}"), 9, told.subject);
        description[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(description[0])));
        // At least three days ago: what happens in the space (a problem opened a day before now,
        // an idea pitched three days before, its proposal two) then comes after the space and
        // before now.
        int64_t created = now - std::max<int64_t>(3, static_cast<int64_t>(random.below(300))) * day;
        actions::NewSpace space{name, description, kind, visibility};
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
          const bool owner = k < 3 && !(members[k] == 1 && s != 0);
          actions::insert_member(c, people[creator].id, space_id, people[members[k]].id,
                                 owner ? "owner" : "member", created);
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
                                .body = space_update(random),
                                .audience = "space", .unit_id = people[who].unit, .space_id = space_id});
        }
        // Problems, most resolved.
        int problems = static_cast<int>(random.below(kind == "problem" ? 6 : 3));
        std::vector<int64_t> problem_ids;
        std::vector<StoryText> problem_stories;
        struct Solved {
          int64_t id, solver;
          int64_t at;
          std::string title, problem, solution;
        };
        std::vector<Solved> solved;
        struct Decided {
          int64_t id;
          std::string title, decision;
        };
        std::vector<Decided> decided;
        for (int k = 0; k < problems; ++k) {
          std::size_t author = member();
          // Nothing happens after now: a problem raised in the space's first month, or lately.
          int64_t opened = std::min(created + static_cast<int64_t>(random.below(30)) * day,
                                    std::max(created, now - day));
          StoryText story = told;
          if (k > 0) {
            Binding words(random);
            story = tell(stories()[fresh_story()], words);
          }
          int64_t problem = sql.insert(
              "INSERT INTO problems (space_id, author_id, title, body, created_at) VALUES (?, ?, ?, ?, ?)",
              {space_id, people[author].id, story.problem_title, story.problem_body, opened});
          events::append(c, {.actor_id = people[author].id,
                             .object_id = problem,
                             .space_id = space_id,
                             .audience = "space",
                             .payload = events::ProblemCreated{}});
          problem_ids.push_back(problem);
          problem_stories.push_back(story);
          ++summary.problems;
          int solutions = 1 + static_cast<int>(random.below(story.solutions.size()));
          int64_t accepted = 0;
          int64_t accepted_author = 0;
          for (int n = 0; n < solutions; ++n) {
            std::size_t who = member();
            const auto wanted = static_cast<std::size_t>(random.below(8));
            int64_t solution = sql.insert(
                "INSERT INTO solutions (problem_id, author_id, body, votes, created_at) VALUES (?, ?, ?, 0, ?)",
                {problem, people[who].id, story.solutions[static_cast<std::size_t>(n)], opened + (n + 1) * 3600});
            // Its votes are members' votes, one each (the members in turn from one the solution's
            // id picks: no draw of the generator, so the rest of the demo stays as it was).
            int64_t votes = 0;
            for (std::size_t v = 0; v < std::min(wanted, members.size()); ++v) {
              const std::size_t voter = members[(static_cast<std::size_t>(solution) + v) % members.size()];
              votes += c.execute("INSERT INTO solution_votes (solution_id, person_id, value) VALUES (?, ?, 1) "
                                 "ON CONFLICT DO NOTHING",
                                 {solution, people[voter].id});
            }
            c.execute("UPDATE solutions SET votes = ? WHERE id = ?", {votes, solution});
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
            solved.push_back({problem, accepted_author, std::min(resolved, now), story.problem_title, story.problem_body,
                              story.solutions[0]});
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
        std::vector<bool> answered(problem_ids.size(), false);  // one idea per problem
        for (int k = 0; k < ideas; ++k) {
          std::size_t author = member();
          std::optional<int64_t> from;
          // An idea answers a problem of the space (and tells the same story), or stands alone.
          StoryText story;
          std::size_t which = random.below(std::max<std::size_t>(problem_ids.size(), 1));
          if (!problem_ids.empty() && random.chance(0.4) && !answered[which]) {
            from = problem_ids[which];
            story = problem_stories[which];
            answered[which] = true;
          } else {
            Binding words(random);
            story = tell(stories()[fresh_story()], words);
          }
          std::string stage = kStages[random.zipf(5, 0.3)];
          const std::string& title = story.idea_title;
          int64_t pitched = std::min(created + static_cast<int64_t>(random.below(60)) * day,
                                     std::max(created, now - 3 * day));
          int64_t idea = sql.insert(
              "INSERT INTO ideas (space_id, author_id, title, body, from_problem_id, stage, created_at, "
              "stage_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              {space_id, people[author].id, title, story.idea_body, from, stage,
               pitched, pitched + day});
          c.execute("INSERT INTO idea_stages (idea_id, stage, note, by_id, at) VALUES (?, 'new', 'Pitched.', ?, ?)",
                    {idea, people[author].id, pitched});
          if (stage != "new") {
            c.execute("INSERT INTO idea_stages (idea_id, stage, note, by_id, at) VALUES (?, ?, ?, ?, ?)",
                      {idea, stage, stage_note(random, stage), people[creator].id, pitched + day});
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
                {space_id, people[author].id, story.proposal_title, story.proposal_body, idea,
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
                        {proposal, people[who].id, kStances[stance], stance_reason(random, stance),
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
              if (decision == "adopted" && stage != "accepted" && stage != "implemented") {
                // A proposal adopted on an idea still in review accepts the idea.
                c.execute("UPDATE ideas SET stage = 'accepted', stage_changed_at = ? WHERE id = ?", {closes, idea});
                c.execute("INSERT INTO idea_stages (idea_id, stage, note, by_id, at) VALUES (?, 'accepted', ?, ?, ?)",
                          {idea, "Adopted by the proposal.", people[creator].id, closes});
              }
              // Adopted decisions are to be looked at again a quarter later.
              std::optional<int64_t> review_at;
              if (decision == "adopted") review_at = closes + 90 * day;
              c.execute("UPDATE proposals SET status = 'closed', outcome = ?, decision = ?, closed_at = ?, review_at = ? "
                        "WHERE id = ?",
                        {decision == "adopted" ? story.adopted : story.rejected,
                         decision, closes, review_at, proposal});
              events::append(c, {.object_id = proposal,
                                 .space_id = space_id,
                                 .audience = "space",
                                 .payload = events::ProposalClosed{decision, people[author].id, review_at}});
              decided.push_back({proposal, story.proposal_title, decision});
              if (stage == "implemented" && from) {
                c.execute("UPDATE problems SET status = 'resolved', resolved_at = COALESCE(resolved_at, ?) WHERE id = ?",
                          {std::min(now, closes + 14 * day), *from});
                ++summary.chains;
              }
            }
          }
        }
        // Pages: most spaces keep a handbook of what they solved and decided, revised by their
        // members over time, and write up some solved problems under it.
        if (s == 0 || random.chance(0.6)) {
          auto save = [&](std::optional<int64_t> page, int64_t author, const std::string& title, const std::string& body,
                          std::optional<int64_t> parent, int64_t at, const std::string& what,
                          std::optional<int64_t> solved_problem) -> int64_t {
            int64_t id = page.value_or(0);
            std::optional<int64_t> base;
            if (!page) {
              id = sql.insert("INSERT INTO pages (space_id, parent_id, title, body, created_by, updated_by, created_at, "
                              "updated_at, source_type, source_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              {space_id, parent, title, body, author, author, at, at,
                               solved_problem ? std::optional<std::string>("problem") : std::nullopt, solved_problem});
              ++summary.pages;
            } else {
              base = c.query_int("SELECT revision_id FROM pages WHERE id = ?", {id});
            }
            int64_t revision = sql.insert(
                "INSERT INTO page_revisions (page_id, author_id, title, body, summary, base_id, merged, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, 0, ?)",
                {id, author, title, body, what, base, at});
            ++summary.page_revisions;
            c.execute("UPDATE pages SET title = ?, body = ?, revision_id = ?, revision_count = revision_count + 1, "
                      "updated_by = ?, updated_at = ? WHERE id = ?",
                      {title, body, revision, author, at, id});
            c.execute("INSERT INTO page_watches (page_id, person_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                      {id, author, at});
            if (page) {
              events::append(c, {.actor_id = author, .object_id = id, .space_id = space_id, .audience = "space",
                                 .payload = events::PageEdited{revision, *base, 0}});
            } else {
              events::append(c, {.actor_id = author, .object_id = id, .space_id = space_id, .audience = "space",
                                 .payload = events::PageCreated{parent, revision}});
            }
            return id;
          };
          const std::string title = name + " handbook";
          std::string body = "## What this space is for\n\n" + description + "\n";
          std::string solved_part, decided_part;
          for (const auto& item : solved) {
            solved_part += "- [" + item.title + "](/problems/" + std::to_string(item.id) + "): " +
                           item.solution.substr(0, item.solution.find('.') + 1) + "\n";
          }
          for (const auto& item : decided) {
            decided_part += "- [" + item.title + "](/proposals/" + std::to_string(item.id) + "): " + item.decision + "\n";
          }
          int64_t at = std::min(created + 2 * day, now - day);
          const int64_t handbook = save(std::nullopt, people[creator].id, title, body, std::nullopt, at,
                                        "Created the page.", std::nullopt);
          if (!solved_part.empty()) {
            body += "\n## Problems we solved\n\n" + solved_part;
            at = std::min(at + 5 * day, now - day / 2);
            save(handbook, people[member()].id, title, body, std::nullopt, at, "Listed the problems we solved.",
                 std::nullopt);
          }
          if (!decided_part.empty()) {
            body += "\n## What we decided\n\n" + decided_part;
            at = std::min(at + 5 * day, now - day / 2);
            save(handbook, people[member()].id, title, body, std::nullopt, at, "Added our decisions.", std::nullopt);
          }
          for (const auto& item : solved) {
            if (!random.chance(0.35)) continue;
            const std::string md = "## The problem\n\n" + item.problem + "\n\n## What solved it\n\n" + item.solution +
                                   "\n\n_Written up from [the problem](/problems/" + std::to_string(item.id) + ")._\n";
            save(std::nullopt, item.solver, item.title, md, handbook, std::min(item.at + day, now),
                 "Written up from the problem.", item.id);
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
