#include "demo/demo.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <unordered_map>
#include <vector>

#include "actions/people.h"
#include "actions/units.h"
#include "audit/audit.h"
#include "expertise/topic_posters.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "demo/generator.h"
#include "demo/text.h"
#include "events/event_log.h"
#include "events/subscriber.h"
#include "pages/links.h"
#include "search/search.h"

namespace weft::demo {
namespace {

struct Division {
  const char* name;
  std::vector<const char*> departments;
  std::vector<const char*> titles;
  std::vector<const char*> skills;  // most popular first
};

const std::vector<Division>& divisions() {
  static const std::vector<Division> all = {
      {"Engineering",
       {"Platform", "Payments", "Mobile", "Data", "Security", "Developer Tools", "Search", "Infrastructure"},
       {"Software Engineer", "Senior Software Engineer", "Staff Engineer", "Engineering Manager",
        "Site Reliability Engineer", "Principal Engineer"},
       {"Kubernetes", "Go", "PostgreSQL", "C++", "Python", "TypeScript", "Rust", "Kafka",
        "Terraform", "gRPC", "Observability", "Distributed Systems", "React", "Swift", "Kotlin",
        "Threat Modeling", "Incident Response"}},
      {"Sales",
       {"Enterprise Sales", "Mid-Market", "Sales Operations", "Partnerships", "Public Sector"},
       {"Account Executive", "Sales Development Rep", "Regional Sales Director", "Solutions Engineer",
        "Sales Operations Analyst"},
       {"Negotiation", "Salesforce", "Forecasting", "Pipeline Management", "Contract Law Basics",
        "Solution Selling", "Territory Planning", "Channel Partnerships", "RFP Writing"}},
      {"Marketing",
       {"Brand", "Demand Generation", "Product Marketing", "Communications", "Events"},
       {"Marketing Manager", "Content Strategist", "Product Marketing Manager", "Designer",
        "Communications Lead"},
       {"Copywriting", "SEO", "Brand Strategy", "Market Research", "Figma", "Event Planning",
        "Analytics", "Public Relations", "Video Production"}},
      {"Finance",
       {"Accounting", "FP&A", "Procurement", "Treasury", "Tax"},
       {"Financial Analyst", "Controller", "Accountant", "Procurement Specialist", "Treasury Manager"},
       {"Financial Modeling", "Excel", "IFRS", "Budgeting", "Expense Audits", "Supplier Contracts",
        "SAP", "Tax Compliance", "Cash Management"}},
      {"Operations",
       {"Supply Chain", "Logistics", "Facilities", "Quality", "Vendor Management"},
       {"Operations Manager", "Logistics Coordinator", "Quality Engineer", "Supply Planner",
        "Vendor Manager"},
       {"Lean", "Six Sigma", "Supplier Disputes", "Inventory Planning", "ERP", "Root Cause Analysis",
        "Customs", "Process Mapping"}},
      {"Customer Success",
       {"Support", "Onboarding", "Customer Advocacy", "Technical Account Management"},
       {"Support Engineer", "Customer Success Manager", "Onboarding Specialist",
        "Technical Account Manager", "Support Lead"},
       {"Zendesk", "Customer Escalations", "Troubleshooting", "Knowledge Base Writing", "Renewals",
        "Customer Training", "SQL"}},
      {"People",
       {"Recruiting", "People Partners", "Learning", "Total Rewards"},
       {"Recruiter", "People Partner", "Learning Designer", "Compensation Analyst", "HR Generalist"},
       {"Interviewing", "Coaching", "Employment Law", "Compensation Design", "Workshop Facilitation",
        "Onboarding Programs", "Conflict Resolution"}},
      {"Legal",
       {"Commercial", "Privacy", "Compliance"},
       {"Counsel", "Paralegal", "Privacy Officer", "Compliance Analyst"},
       {"Contract Review", "GDPR", "Export Control", "Litigation", "Policy Writing", "Risk Assessment"}},
      {"Research",
       {"Applied Research", "User Research", "Data Science"},
       {"Research Scientist", "User Researcher", "Data Scientist", "Research Lead"},
       {"Machine Learning", "Statistics", "Experiment Design", "Interviewing Users", "R",
        "Causal Inference", "Survey Design", "NLP"}},
  };
  return all;
}

const std::vector<const char*> kCommonSkills = {
    "Communication", "Project Management", "Public Speaking", "Mentoring", "Writing",
    "Stakeholder Management", "Spanish", "German", "Agile", "Facilitation", "Japanese",
    "Accessibility"};

const std::vector<const char*> kTeamNames = {"North", "South", "East", "West", "Core", "Growth",
                                             "Atlas", "Beacon", "Cedar", "Delta", "Ember", "Fjord"};

// Lower-case ASCII for an e-mail address: accented letters lose their accent, others are dropped.
std::string ascii_lower(const std::string& text) {
  static const std::vector<std::pair<std::string_view, char>> kFolded = {
      {"á", 'a'}, {"à", 'a'}, {"ä", 'a'}, {"å", 'a'}, {"ã", 'a'}, {"é", 'e'}, {"è", 'e'}, {"ë", 'e'},
      {"í", 'i'}, {"ï", 'i'}, {"ó", 'o'}, {"ö", 'o'}, {"ø", 'o'}, {"õ", 'o'}, {"ú", 'u'}, {"ü", 'u'},
      {"ñ", 'n'}, {"ć", 'c'}, {"č", 'c'}, {"ł", 'l'}, {"ś", 's'}, {"š", 's'}, {"ž", 'z'}, {"ß", 's'}};
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (std::isalpha(c)) out += static_cast<char>(std::tolower(c));
      ++i;
      continue;
    }
    std::size_t length = (c >= 0xF0) ? 4 : (c >= 0xE0) ? 3 : 2;
    std::string_view letter(text.data() + i, std::min(length, text.size() - i));
    for (const auto& [from, to] : kFolded) {
      if (letter == from) out += to;
    }
    i += length;
  }
  return out;
}

}  // namespace

std::size_t division_count() { return divisions().size(); }
const std::vector<const char*>& division_skills(std::size_t division) {
  return divisions()[division].skills;
}

Result<Summary> generate(store::Store& store, const Options& options) {
  auto existing = store::read(store, [](store::Connection& c) -> Result<int64_t> {
    return c.query_int("SELECT COUNT(*) FROM people").value_or(0);
  });
  if (!existing) return std::unexpected(existing.error());
  if (*existing > 0) {
    return fail(ErrorCode::kConflict, "the store already holds people; demo needs an empty store");
  }
  auto progress = [&](int64_t done, int64_t total, const std::string& what) {
    if (options.progress) options.progress(done, total, what);
  };
  Random random(options.seed);
  Summary summary;
  const int people_target = std::max(options.people, 2);
  const std::string password_hash = crypto::hash_password(kPassword);

  // Units: a root, divisions, departments, and teams; about one unit per 200 people, 30..500.
  const auto& all_divisions = divisions();
  const int unit_budget = std::clamp(people_target / 200, 30, 500);
  std::vector<std::vector<int64_t>> leaf_units(all_divisions.size());
  int64_t root_unit = 0;
  auto units_done = store::transact(store, [&](store::Connection& c) -> Result<bool> {
    root_unit = actions::insert_unit(c, std::nullopt, "Weft Demo Co.", std::nullopt);
    int created = 1;
    for (std::size_t d = 0; d < all_divisions.size(); ++d) {
      int64_t division = actions::insert_unit(c, std::nullopt, all_divisions[d].name, root_unit);
      ++created;
      leaf_units[d].push_back(division);
    }
    // Departments then teams, round-robin across divisions, until the budget is spent.
    std::vector<std::vector<int64_t>> departments(all_divisions.size());
    for (std::size_t k = 0; created < unit_budget; ++k) {
      bool any = false;
      for (std::size_t d = 0; d < all_divisions.size() && created < unit_budget; ++d) {
        if (k < all_divisions[d].departments.size()) {
          departments[d].push_back(actions::insert_unit(c, std::nullopt,
                                                        all_divisions[d].departments[k], leaf_units[d][0]));
          ++created;
          any = true;
        }
      }
      if (!any) break;
    }
    for (std::size_t t = 0; created < unit_budget && t < kTeamNames.size() * 4; ++t) {
      for (std::size_t d = 0; d < all_divisions.size() && created < unit_budget; ++d) {
        if (departments[d].empty()) continue;
        std::size_t which = t % departments[d].size();
        std::string name = std::string(all_divisions[d].departments[which]) + " " +
                           kTeamNames[(t / departments[d].size()) % kTeamNames.size()];
        leaf_units[d].push_back(actions::insert_unit(c, std::nullopt, name, departments[d][which]));
        ++created;
      }
    }
    for (std::size_t d = 0; d < all_divisions.size(); ++d) {
      if (leaf_units[d].size() > 1) leaf_units[d].erase(leaf_units[d].begin());  // people sit in teams
      for (int64_t dept : departments[d]) {
        if (leaf_units[d].size() < 3) leaf_units[d].push_back(dept);
      }
    }
    summary.units = created;
    return true;
  });
  if (!units_done) return std::unexpected(units_done.error());
  progress(summary.units, summary.units, "units");

  // People.
  std::vector<DemoPerson> people;
  people.reserve(people_target);
  std::unordered_map<std::string, int> email_counts;
  constexpr int kBatch = 5000;
  for (int start = 0; start < people_target; start += kBatch) {
    auto batch = store::transact(store, [&](store::Connection& c) -> Result<bool> {
      for (int i = start; i < std::min(start + kBatch, people_target); ++i) {
        std::size_t d = (i == 1) ? 0 : random.zipf(all_divisions.size(), 0.4);
        const Division& division = all_divisions[d];
        actions::NewPerson person;
        person.role = Role::kMember;
        int64_t unit = leaf_units[d][random.below(leaf_units[d].size())];
        if (i == 0) {
          person.name = "Avery Admin";
          person.email = kAdminEmail;
          person.role = Role::kAdmin;
          person.title = "Head of Collaboration";
          unit = root_unit;
        } else if (i == 1) {
          person.name = "Morgan Lee";
          person.email = kMemberEmail;
          person.title = "Senior Software Engineer";
        } else {
          Name name = name_at(static_cast<std::size_t>(i - 2));
          person.name = name.full();
          std::string base = ascii_lower(name.first) + "." + (name.middle.empty() ? "" : ascii_lower(name.middle) + ".") +
                             ascii_lower(name.last);
          int n = ++email_counts[base];
          person.email = (n == 1 ? base : base + std::to_string(n)) + "@weft.demo";
          person.title = division.titles[random.zipf(division.titles.size(), 0.6)];
        }
        person.unit_id = unit;
        int skill_count = 2 + static_cast<int>(random.below(6));
        for (int s = 0; s < skill_count; ++s) {
          if (random.chance(0.8)) person.skills.push_back(division.skills[random.zipf(division.skills.size())]);
          else person.skills.push_back(kCommonSkills[random.zipf(kCommonSkills.size())]);
        }
        if (i == 1) person.skills = {"C++", "Kubernetes", "PostgreSQL", "Mentoring"};
        person.bio = person.title + " in " + division.name + ". Ask me about " + person.skills.front() + ".";
        if (i == 0) person.bio = "Looks after Weft for the company; ask me how to start a space.";
        WEFT_ASSIGN_OR_RETURN(int64_t id, actions::insert_person(c, std::nullopt, person, password_hash));
        people.push_back({id, unit, d});
      }
      return true;
    });
    if (!batch) return std::unexpected(batch.error());
    progress(static_cast<int64_t>(people.size()), people_target, "people");
  }
  summary.people = static_cast<int64_t>(people.size());

  // Follows: mostly inside one's unit, some inside the division, a few bridges anywhere
  // (towards popular people). About 20 per person on average, heavy-tailed.
  std::unordered_map<int64_t, std::vector<std::size_t>> by_unit;
  std::vector<std::vector<std::size_t>> by_division(all_divisions.size());
  for (std::size_t i = 0; i < people.size(); ++i) {
    by_unit[people[i].unit].push_back(i);
    by_division[people[i].division].push_back(i);
  }
  const int64_t follow_target = static_cast<int64_t>(people.size()) * 20;
  int64_t attempts = 0;
  constexpr int kFollowBatch = 50000;
  std::size_t cursor = 0;
  while (cursor < people.size()) {
    auto batch = store::transact(store, [&](store::Connection& c) -> Result<bool> {
      int in_batch = 0;
      for (; cursor < people.size() && in_batch < kFollowBatch; ++cursor) {
        const DemoPerson& me = people[cursor];
        int count = 3 + static_cast<int>(std::pow(random.unit(), 3.0) * 120);
        for (int k = 0; k < count; ++k) {
          double roll = random.unit();
          std::size_t target;
          if (roll < 0.75) {
            const auto& mates = by_unit[me.unit];
            target = mates[random.below(mates.size())];
          } else if (roll < 0.93) {
            const auto& mates = by_division[me.division];
            target = mates[random.zipf(mates.size(), 0.8)];
          } else {
            target = random.zipf(people.size(), 0.8);
          }
          ++attempts;
          if (people[target].id == me.id) continue;
          if (actions::insert_follow(c, me.id, people[target].id)) {
            ++summary.follows;
            ++in_batch;
          }
        }
      }
      return true;
    });
    if (!batch) return std::unexpected(batch.error());
    progress(static_cast<int64_t>(cursor), static_cast<int64_t>(people.size()), "follows");
  }
  (void)follow_target;

  // Endorsements: people vouch for a skill of someone in their unit.
  const int64_t endorsement_rounds = static_cast<int64_t>(people.size()) * 2;
  auto endorsed = store::transact(store, [&](store::Connection& c) -> Result<bool> {
    for (int64_t r = 0; r < endorsement_rounds; ++r) {
      const DemoPerson& me = people[random.below(people.size())];
      const auto& mates = by_unit[me.unit];
      const DemoPerson& them = people[mates[random.below(mates.size())]];
      if (them.id == me.id) continue;
      auto skill = c.query_int(
          "SELECT skill_id FROM person_skills WHERE person_id = ? ORDER BY position LIMIT 1 OFFSET ?",
          {them.id, static_cast<int64_t>(random.below(3))});
      if (!skill) continue;
      if (c.execute("INSERT INTO endorsements (person_id, skill_id, endorser_id, created_at) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    {them.id, *skill, me.id, clock::now_seconds()}) == 0) {
        continue;
      }
      c.execute("UPDATE person_skills SET endorsements = endorsements + 1 WHERE person_id = ? AND skill_id = ?",
                {them.id, *skill});
      events::append(
          c, {.actor_id = me.id,
              .object_id = them.id,
              .payload = events::SkillEndorsed{
                  c.query_text("SELECT name FROM skills WHERE id = ?", {*skill}).value_or("")}});
      ++summary.endorsements;
    }
    c.execute("INSERT INTO meta (key, value) VALUES ('demo_seed', ?) "
              "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
              {std::to_string(options.seed)});
    return true;
  });
  if (!endorsed) return std::unexpected(endorsed.error());
  progress(endorsement_rounds, endorsement_rounds, "endorsements");

  SpaceOptions space_options{.spaces = std::max(3, static_cast<int>(people.size() / 20)),
                             .progress = options.progress};
  WEFT_ASSIGN_OR_RETURN(auto spaces, generate_spaces(store, random, people, password_hash, space_options));
  summary.spaces = spaces.spaces;
  summary.guests = spaces.guests;
  summary.problems = spaces.problems;
  summary.ideas = spaces.ideas;
  summary.proposals = spaces.proposals;
  summary.chains = spaces.chains;
  summary.pages = spaces.pages;

  ConversationOptions conversation_options{
      .posts_and_replies = options.posts_per_person * static_cast<int64_t>(people.size()),
      .progress = options.progress};
  WEFT_ASSIGN_OR_RETURN(auto conversations,
                        generate_conversations(store, random, people, conversation_options));
  summary.posts = conversations.posts;
  summary.replies = conversations.replies;
  summary.reshares = conversations.reshares;
  summary.reactions = conversations.reactions;

  RecordOptions record_options{.records = std::max(5, static_cast<int>(people.size() / 50)),
                               .progress = options.progress};
  WEFT_ASSIGN_OR_RETURN(auto records, generate_records(store, random, people, record_options));
  summary.records = records.records;

  // History notifies nobody: the notifier starts after it, so the member's last day (written
  // next) is what people find in their notifications at the server's first start.
  auto checkpoint = store::transact(store, [&](store::Connection& c) -> Result<bool> {
    c.execute("INSERT INTO event_checkpoints (name, last_id) VALUES ('notifications', ?) "
              "ON CONFLICT (name) DO UPDATE SET last_id = excluded.last_id",
              {events::last_id(c)});
    return true;
  });
  if (!checkpoint) return std::unexpected(checkpoint.error());
  WEFT_ASSIGN_OR_RETURN(auto recent, generate_member_day(store, random, people));
  (void)recent;

  // The history was written without the bus: index it in one go, as `weft rebuild search` would.
  auto indexed = store::transact(store, [&](store::Connection& c) -> Result<bool> {
    search::rebuild(c, [&](int64_t done, int64_t total) { progress(done, total, "search index"); });
    return true;
  });
  if (!indexed) return std::unexpected(indexed.error());
  // And the links written in pages, as `weft rebuild page_links` would.
  auto linked = store::transact(store, [&](store::Connection& c) -> Result<bool> {
    pages::LinkSubscriber links(store);
    WEFT_TRY_VOID(links.begin_rebuild(c));
    WEFT_TRY_VOID(links.rebuild_from_state(c, [&](int64_t done, int64_t total) { progress(done, total, "page links"); }));
    c.execute("INSERT INTO event_checkpoints (name, last_id) VALUES ('page_links', ?) "
              "ON CONFLICT (name) DO UPDATE SET last_id = excluded.last_id",
              {events::last_id(c)});
    return true;
  });
  if (!linked) return std::unexpected(linked.error());
  // And the audit log of what the history's admins did, as `weft rebuild audit` would: a view that
  // first starts on a long history reads all of it (23 M events at 100,000 people) before it is
  // current.
  events::Registry registry(store);
  audit::Subscriber audit_log(store);
  registry.add(audit_log);
  auto audited = registry.rebuild("audit", [&](int64_t done, int64_t total) { progress(done, total, "audit log"); });
  if (!audited) return std::unexpected(audited.error());
  // And what people post about, as `weft rebuild topic_posters` would (else the first start counts it).
  expertise::TopicPosters topic_posters(store);
  registry.add(topic_posters);
  auto counted = registry.rebuild("topic_posters", [&](int64_t done, int64_t total) {
    progress(done, total, "topics posted");
  });
  if (!counted) return std::unexpected(counted.error());
  return summary;
}

}  // namespace weft::demo
