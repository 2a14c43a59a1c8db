// The demo's records from other systems — CRM opportunities, expense statements, support tickets,
// forecasts and purchase orders — each owned by someone of the division that works on it, followed
// by a few colleagues, with conversations on them; and the demo member's last day, which gives the
// member a realistic handful of notifications to start from.
#include <boost/json/serialize.hpp>

#include "actions/people.h"
#include "actions/posts.h"
#include "actions/records.h"
#include "core/clock.h"
#include "demo/generator.h"
#include "demo/text.h"
#include "events/event_log.h"

namespace weft::demo {
namespace {

struct RecordKind {
  const char* system;
  const char* type;
  std::size_t division;  // whose people own and discuss it
  const char* title;
  const char* url;  // "{id}" is the external id
  std::vector<const char*> talk;  // what people say on it
};

const std::vector<RecordKind>& record_kinds() {
  static const std::vector<RecordKind> all = {
      {"salesforce", "opportunity", 1, "{customer} — {product} renewal ({big} seats)",
       "https://crm.example.com/opportunity/{id}",
       {"Who agreed the discount on this one? I cannot find it in the order form.",
        "{customer} wants the renewal split across two budgets.",
        "Legal has the redlines; waiting on {customer}'s procurement.",
        "Forecast category moved to commit after {weekday}'s call.",
        "Their champion is leaving; we need a second contact."}},
      {"sap", "expense_statement", 3, "Expense statement — {city} offsite, {quarter}",
       "https://erp.example.com/expenses/{id}",
       {"Two lines have no receipt; can you attach them?",
        "The hotel was booked at the old rate, please check.",
        "Approved except the taxi line, which is above the limit.",
        "Is the team dinner under training or under events?"}},
      {"zendesk", "ticket", 5, "{product} sign-in fails for {customer}",
       "https://support.example.com/tickets/{id}",
       {"Reproduced on our side; it only happens with their single sign-on.",
        "{customer} says it started after {weekday}'s release.",
        "Workaround sent; waiting for a fix from the platform team.",
        "Can someone from engineering join the call with {customer}?"}},
      {"anaplan", "forecast", 3, "{quarter} revenue forecast — {region}",
       "https://planning.example.com/forecasts/{id}",
       {"This figure is {pct} below what sales committed. Which one is right?",
        "The pipeline snapshot was taken before the {customer} deal closed.",
        "Updated after the review; variance is within range now.",
        "Can we see the same figure by product?"}},
      {"sap", "purchase_order", 4, "Purchase order — {supplier}, {big} units",
       "https://erp.example.com/purchase-orders/{id}",
       {"{supplier} confirmed delivery for {weekday}.",
        "Price differs from the contract by {pct}; holding approval.",
        "Partial delivery arrived; the rest ships in {days}.",
        "Who can approve this while the controller is away?"}},
  };
  return all;
}

std::string substitute_id(std::string text, const std::string& id) {
  if (auto at = text.find("{id}"); at != std::string::npos) text.replace(at, 4, id);
  return text;
}

}  // namespace

Result<RecordSummary> generate_records(store::Store& store, Random& random, const std::vector<DemoPerson>& people,
                                       const RecordOptions& options) {
  RecordSummary summary;
  if (people.size() < 5 || options.records <= 0) return summary;
  std::vector<std::vector<std::size_t>> by_division(division_count());
  for (std::size_t i = 2; i < people.size(); ++i) by_division[people[i].division].push_back(i);
  const Viewer admin{people[0].id, Role::kAdmin, people[0].unit};
  const int64_t now = clock::now_seconds();
  const int64_t day = 24 * 3600;
  auto done = store::transact(store, [&](store::Connection& c) -> Result<bool> {
    for (int r = 0; r < options.records; ++r) {
      const RecordKind& kind = record_kinds()[static_cast<std::size_t>(r) % record_kinds().size()];
      const auto& team = by_division[kind.division].empty() ? by_division[0] : by_division[kind.division];
      if (team.empty()) break;
      std::size_t owner = team[random.below(team.size())];
      Binding words(random);
      const std::string external_id = std::to_string(40000 + r * 7);
      boost::json::object fields;
      if (kind.type == std::string_view("opportunity")) {
        fields = {{"stage", random.chance(0.5) ? "Negotiation" : "Proposal"},
                  {"amount", static_cast<int64_t>(20 + random.below(400)) * 1000},
                  {"close_quarter", words.value("quarter")}};
      } else if (kind.type == std::string_view("expense_statement")) {
        fields = {{"total", static_cast<int64_t>(300 + random.below(4000))}, {"currency", "EUR"},
                  {"status", "submitted"}};
      } else if (kind.type == std::string_view("ticket")) {
        fields = {{"priority", random.chance(0.5) ? "high" : "normal"}, {"status", "open"}};
      } else if (kind.type == std::string_view("forecast")) {
        fields = {{"figure", static_cast<int64_t>(1 + random.below(9)) * 1000000}, {"variance", words.value("pct")}};
      } else {
        fields = {{"amount", static_cast<int64_t>(5 + random.below(90)) * 1000}, {"status", "awaiting approval"}};
      }
      actions::RecordInput input{.system = kind.system,
                                 .type = kind.type,
                                 .external_id = external_id,
                                 .title = words.fill(kind.title),
                                 .url_given = true,
                                 .url = substitute_id(kind.url, external_id),
                                 .fields = boost::json::serialize(fields),
                                 .owner_id = std::optional<int64_t>(people[owner].id)};
      WEFT_ASSIGN_OR_RETURN(auto made, actions::upsert_record_in(c, {.caller = admin}, input));
      const int64_t record = made.id;
      const int64_t created = now - static_cast<int64_t>(5 + random.below(60)) * day;
      c.execute("UPDATE records SET created_at = ?, updated_at = ? WHERE id = ?", {created, created, record});
      ++summary.records;
      // Followers: the owner, a few colleagues, and the demo member on the first two.
      std::vector<std::size_t> followers{owner};
      for (int f = 0; f < 2 + static_cast<int>(random.below(4)); ++f) followers.push_back(team[random.below(team.size())]);
      if (r < 2) followers.push_back(1);
      for (std::size_t who : followers) {
        if (c.execute("INSERT INTO record_follows (record_id, person_id, created_at) VALUES (?, ?, ?) "
                      "ON CONFLICT DO NOTHING",
                      {record, people[who].id, created}) > 0) {
          c.execute("UPDATE records SET follower_count = follower_count + 1 WHERE id = ?", {record});
        }
      }
      // Conversations on it, between its created time and yesterday.
      int threads = 1 + static_cast<int>(random.below(3));
      for (int t = 0; t < threads; ++t) {
        std::size_t author = followers[random.below(followers.size())];
        if (author == 1 && r >= 2) author = owner;
        const int64_t at = created + static_cast<int64_t>(random.unit() * static_cast<double>(now - day - created));
        Binding said(random);
        int64_t root = actions::insert_post(
            c, Viewer{people[author].id, Role::kMember, people[author].unit},
            {.author_id = people[author].id, .body = said.fill(kind.talk[random.below(kind.talk.size())]),
             .audience = "public", .unit_id = people[author].unit, .record_id = record, .created_at = at});
        ++summary.posts;
        int replies = static_cast<int>(random.below(4));
        for (int k = 0; k < replies; ++k) {
          std::size_t who = team[random.below(team.size())];
          actions::insert_post(c, Viewer{people[who].id, Role::kMember, people[who].unit},
                               {.author_id = people[who].id, .body = reply_text(random), .reply_to = root,
                                .created_at = std::min(now - 3600, at + (k + 1) * 3 * 3600)});
          ++summary.posts;
        }
      }
    }
    return true;
  });
  if (!done) return std::unexpected(done.error());
  if (options.progress) options.progress(summary.records, options.records, "records");
  return summary;
}

Result<int64_t> generate_member_day(store::Store& store, Random& random, const std::vector<DemoPerson>& people) {
  if (people.size() < 8) return 0;
  const int64_t now = clock::now_seconds();
  const int64_t member = people[1].id;
  auto colleague = [&](std::size_t avoid = 1) {
    for (;;) {
      std::size_t who = 2 + random.below(people.size() - 2);
      if (who != avoid) return who;
    }
  };
  auto viewer_of = [&](std::size_t i) { return Viewer{people[i].id, Role::kMember, people[i].unit}; };
  return store::transact(store, [&](store::Connection& c) -> Result<int64_t> {
    const int64_t before = events::last_id(c);
    // Replies and reactions on the member's latest post.
    auto latest = c.query_int("SELECT id FROM posts WHERE author_id = ? AND reply_to IS NULL AND reshare_of IS NULL "
                              "AND audience = 'public' AND space_id IS NULL ORDER BY id DESC LIMIT 1",
                              {member});
    if (latest) {
      for (int k = 0; k < 2; ++k) {
        std::size_t who = colleague();
        actions::insert_post(c, viewer_of(who),
                             {.author_id = people[who].id, .body = reply_text(random), .reply_to = *latest,
                              .created_at = now - (5 - k) * 3600});
      }
      for (int k = 0; k < 3; ++k) {
        actions::insert_reaction(c, *latest, people[colleague()].id, k == 0 ? 0 : 1, now - (4 - k) * 3600);
      }
    }
    // A colleague mentions the member; another starts following them.
    std::string handle = c.query_text("SELECT handle FROM people WHERE id = ?", {member}).value_or("");
    std::size_t who = colleague();
    actions::insert_post(c, viewer_of(who),
                         {.author_id = people[who].id,
                          .body = "@" + handle + " could you look at the connection pool settings before the release? "
                                                 "You fixed the same thing last spring.",
                          .audience = "public", .unit_id = people[who].unit, .created_at = now - 3 * 3600});
    for (int tries = 0; tries < 20; ++tries) {
      if (actions::insert_follow(c, people[colleague()].id, member)) break;
    }
    // Something changed on a record the member follows.
    auto followed = c.query_int("SELECT record_id FROM record_follows WHERE person_id = ? ORDER BY record_id LIMIT 1",
                                {member});
    if (followed) {
      auto system = c.query_text("SELECT system FROM records WHERE id = ?", {*followed}).value_or("");
      auto type = c.query_text("SELECT type FROM records WHERE id = ?", {*followed}).value_or("");
      auto external = c.query_text("SELECT external_id FROM records WHERE id = ?", {*followed}).value_or("");
      auto fields = c.query_text("SELECT fields FROM records WHERE id = ?", {*followed}).value_or("{}");
      actions::RecordInput change{.system = system, .type = type, .external_id = external,
                                  .title = c.query_text("SELECT title FROM records WHERE id = ?", {*followed}).value_or(""),
                                  .fields = fields.substr(0, fields.size() - 1) +
                                            (fields.size() > 2 ? "," : "") + "\"reviewed\":true}"};
      WEFT_ASSIGN_OR_RETURN(auto changed,
                            actions::upsert_record_in(c, {.caller = Viewer{people[0].id, Role::kAdmin, people[0].unit}},
                                                      change));
      (void)changed;
    }
    // In the space the member owns: their new problem gets a first solution, and a colleague opens
    // a proposal that waits for the member's stance.
    auto space = c.query_int("SELECT id FROM spaces WHERE created_by = ? ORDER BY id LIMIT 1", {member});
    auto mate = space ? c.query_int("SELECT person_id FROM space_members WHERE space_id = ? AND person_id <> ? "
                                    "AND role <> 'guest' ORDER BY person_id LIMIT 1",
                                    {*space, member})
                      : std::nullopt;
    if (space && mate) {
      // A story the space has not told yet.
      StoryText story;
      for (std::size_t k = 0; k < stories().size(); ++k) {
        Binding words(random);
        story = tell(stories()[(story_for(random, people[1].division) + k) % stories().size()], words);
        if (!c.query_int("SELECT 1 FROM problems WHERE space_id = ? AND title = ?", {*space, story.problem_title})) break;
      }
      const int64_t opened = now - 26 * 3600;
      int64_t problem = c.insert_returning_id(
          "INSERT INTO problems (space_id, author_id, title, body, created_at) VALUES (?, ?, ?, ?, ?)",
          {*space, member, story.problem_title, story.problem_body, opened});
      events::append(c, {.actor_id = member, .object_id = problem, .space_id = *space, .audience = "space",
                         .payload = events::ProblemCreated{}});
      int64_t solution = c.insert_returning_id(
          "INSERT INTO solutions (problem_id, author_id, body, votes, created_at) VALUES (?, ?, ?, 0, ?)",
          {problem, *mate, story.solutions.front(), now - 2 * 3600});
      c.execute("UPDATE problems SET solution_count = solution_count + 1 WHERE id = ?", {problem});
      events::append(c, {.actor_id = *mate, .object_id = problem, .space_id = *space, .audience = "space",
                         .payload = events::SolutionAdded{solution, member}});
      const int64_t closes = now + 3 * 24 * 3600;
      int64_t proposal = c.insert_returning_id(
          "INSERT INTO proposals (space_id, author_id, title, body, closes_at, created_at) VALUES (?, ?, ?, ?, ?, ?)",
          {*space, *mate, story.proposal_title, story.proposal_body, closes, now - 3600});
      events::append(c, {.actor_id = *mate, .object_id = proposal, .space_id = *space, .audience = "space",
                         .payload = events::ProposalOpened{closes}});
    }
    return events::last_id(c) - before;
  });
}

}  // namespace weft::demo
