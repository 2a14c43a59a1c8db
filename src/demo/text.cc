#include "demo/text.h"

#include <algorithm>
#include <numeric>

namespace weft::demo {
namespace {

using Words = std::vector<const char*>;

const std::unordered_map<std::string, Words>& slot_words() {
  static const std::unordered_map<std::string, Words> all = {
      {"supplier", {"Northwind Supply", "Fabrikam Metals", "Tailspin Freight", "Lakeshore Paper", "Adatum Components",
                    "Coho Packaging", "Litware Logistics", "Proseware Plastics", "Wingtip Electronics", "Trey Chemicals",
                    "Baltic Cargo", "Sierra Fasteners"}},
      {"customer", {"Contoso", "Woodgrove Bank", "Relecloud", "Margie's Travel", "Fourth Coffee", "Humongous Insurance",
                    "Southridge Video", "VanArsdel", "Bellows College", "Lamna Healthcare", "Munson's Pickles",
                    "Alpine Ski House", "Tasmanian Traders", "Nod Publishers"}},
      {"region", {"the Nordics", "Iberia", "DACH", "Benelux", "the UK and Ireland", "the US East Coast",
                  "the US West Coast", "Brazil", "Japan", "Singapore", "Poland", "Northern Italy", "Mexico"}},
      {"system", {"the ERP", "SAP", "the billing system", "Salesforce", "the data warehouse", "the expense tool",
                  "the ticketing system", "the HR system", "the build farm", "the scanner app", "the payroll export",
                  "the partner portal"}},
      {"product", {"Harbor", "Lumen", "Quill", "Sparrow", "Tessel", "Orbit", "Marlin", "Juniper"}},
      {"city", {"Lisbon", "Oslo", "Kraków", "Osaka", "Austin", "Lyon", "Porto", "Leeds", "Turin", "Graz", "Monterrey",
                "Utrecht"}},
      {"weekday", {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}},
      {"quarter", {"Q1", "Q2", "Q3", "Q4"}},
      {"n", {"two", "three", "four", "five", "six", "seven"}},
      {"big", {"140", "230", "310", "460", "520", "780", "1,200", "2,400"}},
      {"pct", {"4%", "7%", "9%", "12%", "15%", "18%", "22%", "30%"}},
      {"days", {"two days", "three days", "four days", "a week", "nine days", "two weeks"}},
      {"hours", {"36 hours", "a day", "two days", "six hours", "48 hours", "three days"}},
      {"team", {"the night shift", "the returns desk", "second-line support", "the platform team", "inside sales",
                "accounts payable", "the onboarding squad", "the design crew", "the payments team", "facilities"}},
      {"tool", {"the shared spreadsheet", "a Friday e-mail", "a wiki page nobody updates", "sticky notes on the board",
                "three different trackers", "a chat channel"}},
  };
  return all;
}

const std::vector<Story>& all_stories() {
  static const std::vector<Story> all = {
      // Operations
      {4, "{supplier} invoices",
       "Invoices from {supplier} are rejected by {system}",
       "Since {supplier} changed their invoice template, {system} rejects about {pct} of their invoices and we pay "
       "late fees. We retyped {n} of them by hand last week.",
       {"Map their new template in the import and validate it before the export runs.",
        "Ask {supplier} to send the old layout until the mapping is fixed.",
        "Route their invoices through accounts payable manually for now."},
       "One intake check for every supplier invoice format",
       "Validate each supplier's format when they change it, not when {system} rejects an invoice: a short checklist "
       "and a test invoice before the switch.",
       "Adopt a format check before any supplier switches invoice templates",
       "Procurement asks for a test invoice; accounts payable runs it through {system} before we accept the change.",
       "Adopted: procurement owns the check from next month; {supplier} is the first to go through it.",
       "Not now: the ERP upgrade in {quarter} replaces the import anyway."},
      {4, "Returns in {city}",
       "Returns in {city} wait {days} before they are restocked",
       "Returned goods sit in the {city} warehouse for {days} because nobody owns the inspection step. Stock looks "
       "short in {region} while boxes wait on the dock.",
       {"Give {team} the inspection step with a same-day target.",
        "Scan returns straight into a quarantine location so they show up in stock reports.",
        "Batch inspections on {weekday} mornings."},
       "A quarantine location for returns, starting in {city}",
       "Returns are scanned into a quarantine bin on arrival, visible in stock, and released after inspection.",
       "Roll out quarantine locations to all warehouses",
       "Start in {city}, then every site over {quarter}; {team} trains the others.",
       "Adopted: {city} first, the other sites over {quarter}.",
       "Rejected for now: the scanner app cannot handle a second location type yet."},
      {4, "{supplier} freight disputes",
       "Freight disputes with {supplier} take {days} to settle",
       "Every damaged shipment from {supplier} becomes a thread of e-mails between three teams; {n} disputes are open "
       "and the oldest is from last quarter.",
       {"One intake form for disputes, with photos and the delivery note attached.",
        "Name one person in vendor management as the contact for {supplier}.",
        "Deduct the damage from the next invoice and settle later."},
       "One intake form for all supplier disputes",
       "Every dispute starts with the same form, so the supplier gets everything at once and we can count them.",
       "Use one dispute intake form for all suppliers",
       "The form goes live for {supplier} first; vendor management reviews the count every month.",
       "Adopted: the form is live; vendor management reports the count monthly.",
       "Rejected: {supplier} insists on their own portal, so we follow it for now."},
      // Finance
      {3, "{quarter} forecast",
       "The forecast for {region} is {pct} off every month",
       "Finance's forecast for {region} misses by {pct} month after month; sales numbers in {system} disagree with the "
       "figures in the data warehouse.",
       {"Use the same cut-off date for both sources.",
        "Move the report to a daily schedule so it never reads a half-loaded table.",
        "Have sales operations confirm the pipeline snapshot before finance runs the model."},
       "Weekly 15-minute forecast review for {region}",
       "Sales operations and FP&A look at the same numbers for a quarter of an hour each {weekday}, and fix the "
       "differences on the spot.",
       "Hold a weekly forecast review for {region}",
       "Fifteen minutes on {weekday}; sales operations brings the pipeline, FP&A the model.",
       "Adopted: the review runs every {weekday} from next week.",
       "Rejected: one more meeting; we fix the cut-off date instead."},
      {3, "Expense audit",
       "Expense statements are approved without receipts",
       "The {quarter} audit found {big} expense lines approved without a receipt; managers approve from their phones "
       "where the attachment does not show.",
       {"Block approval in {system} when a line over the limit has no receipt.",
        "Show the receipt inline in the approval e-mail.",
        "Sample {pct} of statements every month instead of a yearly audit."},
       "Receipt capture on mobile, piloted by {team}",
       "Photograph the receipt when you pay; the expense tool matches it to the card line, so nothing is missing "
       "when the statement is approved.",
       "Turn on receipt capture in the expense tool",
       "A pilot with {team} for a month, then everyone.",
       "Adopted: the pilot with {team} starts this month.",
       "Rejected: the vendor's mobile app fails our security review."},
      {3, "Supplier payments",
       "Supplier payments run late at month end",
       "The payment run waits for approvals that pile up in the last {days} of the month; {n} suppliers charged "
       "late fees in {quarter}.",
       {"Approve invoices continuously instead of in one batch.",
        "Delegate approvals under a limit to team leads.",
        "Send approvers a reminder when an invoice waits more than {hours}."},
       "Approval limits by team",
       "Team leads approve supplier invoices under a limit; only larger ones go to the controller.",
       "Set approval limits for supplier invoices",
       "Limits per team, reviewed every quarter; the controller still sees everything over the limit.",
       "Adopted: limits apply from the next payment run.",
       "Rejected: audit wants two approvers on every invoice for now."},
      // Customer Success
      {5, "{customer} escalations",
       "Customers wait {days} for a first answer",
       "Tickets from {customer} and others wait {days} for a first reply when second-line support is short; {customer} "
       "raised it at their quarterly review.",
       {"Automate the first acknowledgement and escalate after 48 hours.",
        "Give the on-call rotation a second person.",
        "Triage tickets by contract tier in {system}."},
       "A status page for {product} customers",
       "A public status page answers \"is it down?\" before anyone opens a ticket; it takes a third of our volume.",
       "Publish a status page for {product}",
       "The platform team updates it from the incident channel; support links it in every auto-reply.",
       "Adopted: the status page is live for {product}.",
       "Rejected: legal wants an approval step for every public statement first."},
      {5, "{customer} renewal",
       "The {customer} renewal has no owner",
       "{customer}'s contract renews in {quarter} ({big} seats). The account executive left and nobody knows the "
       "discount we promised.",
       {"The technical account manager takes it until sales names someone.",
        "Pull the promise from the signed order form in Salesforce.",
        "Ask {customer}'s buyer what they remember and confirm in writing."},
       "A renewal playbook for accounts that change hands",
       "When an account executive leaves, their renewals get a named owner within a week and a one-page handover.",
       "Adopt a renewal handover playbook",
       "Sales operations checks for orphaned renewals every {weekday}.",
       "Adopted: sales operations checks for orphaned renewals weekly.",
       "Rejected: territory planning in {quarter} reassigns every account anyway."},
      // Engineering
      {0, "{product} releases",
       "{product} releases slip because the test environment is shared",
       "{n} teams share one staging environment for {product}; last sprint we lost {days} waiting for each other.",
       {"Split the environment per team with preview deployments.",
        "Book staging in slots on a shared calendar.",
        "Run the slow end-to-end suite nightly instead of per change."},
       "Preview environments for {product}",
       "Each change gets its own short-lived environment; staging is only for the release candidate.",
       "Build preview environments for {product}",
       "The platform team builds it on the existing cluster; teams move over in {quarter}.",
       "Adopted: the platform team starts next sprint.",
       "Rejected: cluster costs would grow by {pct}; revisit after the cost review."},
      {0, "Checkout latency",
       "Checkout latency doubled after {weekday}'s change",
       "p99 of the {product} checkout went from 300 ms to 700 ms after {weekday}'s deploy; conversion dropped {pct} "
       "in {region}.",
       {"Roll back the connection-pool change and add a load test before it returns.",
        "Cache the tax lookup per session.",
        "Move the fraud check off the request path."},
       "A latency budget for the {product} checkout",
       "Every change to the checkout states its latency cost, and a load test guards the budget.",
       "Add a latency budget to the checkout release checklist",
       "The payments team owns the budget; changes over it need a second review.",
       "Adopted: the payments team owns the latency budget.",
       "Rejected: the load test is not stable enough to gate releases yet."},
      {0, "Incident reviews",
       "Incident reviews never lead to fixes",
       "We wrote {n} incident reviews this quarter; their follow-up items live in {tool} and most are still open.",
       {"Track follow-ups as tickets with an owner and a date.",
        "Review open follow-ups at the start of every incident review.",
        "Cap follow-ups at three per incident so they get done."},
       "Follow-ups tracked where the work happens",
       "Incident follow-ups become tickets in the team's own tracker, and the review lists them by age.",
       "Track incident follow-ups as tickets with owners",
       "Starting with {product}; the reliability guild checks the ages monthly.",
       "Adopted: follow-ups are tickets from now on.",
       "Rejected: teams prefer their own process; we publish the ages instead."},
      // Sales
      {1, "Pricing in {region}",
       "Quotes for {region} use last year's price list",
       "{n} quotes went out to customers in {region} with last year's prices; two were signed.",
       {"Lock the old price list in {system}.",
        "Add a price-list check to quote approval.",
        "Honour the signed quotes and fix the template."},
       "One price list for {region}, published from {system}",
       "Sales operations publishes the price list once; quotes read it, nobody copies it.",
       "Publish price lists only from {system}",
       "Old lists are archived on the day a new one is published.",
       "Adopted: price lists come only from {system} from {quarter}.",
       "Rejected: partners need offline price lists; revisit with them."},
      {1, "Partner portal",
       "The partner portal times out at month end",
       "Partners in {region} cannot register deals on the last {days} of the month; {big} registrations came in by "
       "e-mail instead.",
       {"Scale the portal up for the last week of the month.",
        "Queue registrations instead of writing them synchronously.",
        "Let partners upload a spreadsheet of deals."},
       "Deal registration through the CRM's own partner app",
       "Retire our portal and let partners register deals in the CRM's partner app.",
       "Move deal registration to the CRM partner app",
       "Channel partnerships migrates partners in {region} first.",
       "Adopted: partners in {region} move first.",
       "Rejected: the partner app's licence costs more than fixing ours."},
      // People
      {6, "Hiring pipeline",
       "Candidates wait {days} for interview feedback",
       "Candidates for {team} wait {days} after the interview; we lost {n} to faster offers this quarter.",
       {"Feedback due within 24 hours, with a reminder.",
        "Hold a 15-minute debrief right after the last interview.",
        "Let the recruiter decide when one interviewer is late."},
       "Same-day debriefs for {team} interviews",
       "Interviewers meet for fifteen minutes on the day of the last interview and decide.",
       "Make same-day interview debriefs the default",
       "Recruiting books the debrief with the interviews.",
       "Adopted: recruiting books debriefs from next week.",
       "Rejected: interviewers across time zones cannot meet the same day."},
      {6, "Onboarding",
       "New hires have no laptop on their first day",
       "{n} of last month's new hires in {city} started without a laptop; IT hears about start dates too late.",
       {"Send IT the start date when the offer is signed.",
        "Keep a small stock of ready laptops in {city}.",
        "Ship the laptop to the new hire's home a week before."},
       "Buddies from another unit for new hires in {city}",
       "A buddy outside their own unit helps a new hire find people and tools in their first month.",
       "Start a buddy programme across units",
       "People partners match buddies; {n} pilot pairs in {city}.",
       "Adopted: the first pairs start in {city}.",
       "Rejected: managers worry about the time; run a smaller pilot."},
      // Legal
      {7, "Contract reviews",
       "Contract reviews take {days} and block deals",
       "Standard NDAs and order forms queue behind complex contracts; {customer}'s deal waited {days} for a signature.",
       {"A fast lane for unchanged standard templates.",
        "Let sales use a pre-approved clause library.",
        "Review by contract value, largest first."},
       "Pre-approved clause library for sales",
       "Sales chooses from clauses legal has approved; only changes outside the library come to legal.",
       "Publish a pre-approved clause library",
       "Legal keeps it in {system}; changes go through commercial counsel.",
       "Adopted: the library is live for NDAs and order forms.",
       "Rejected: too many exceptions in {region}'s contracts."},
      {7, "Data retention",
       "Nobody knows how long we keep customer data",
       "{customer} asked how long we keep their exports; {n} systems have {n} different answers.",
       {"Write a retention schedule per system.",
        "Delete exports older than a year automatically.",
        "Name one owner for retention in each system."},
       "One retention schedule for every system",
       "Privacy keeps one schedule; each system's owner confirms it twice a year.",
       "Adopt a single data retention schedule",
       "Privacy publishes it in {quarter}; system owners confirm by the end of the quarter.",
       "Adopted: the schedule applies from {quarter}.",
       "Rejected: wait for the new regulation in {region}."},
      // Marketing
      {2, "Events in {city}",
       "Event leads from {city} never reach sales",
       "We collected {big} leads at the {city} fair; {pct} reached a sales rep, the rest stayed in {tool}.",
       {"Import leads into Salesforce the day after every event.",
        "Scan badges straight into the CRM.",
        "Give each event a named sales owner."},
       "{city} event leads in the CRM within a day",
       "Badge scans go straight into the CRM with the event's campaign, and sales gets them the next day.",
       "Route event leads into the CRM within 24 hours",
       "Events team and sales development share one checklist per event.",
       "Adopted: from the next event on.",
       "Rejected: the badge scanner vendor cannot export to the CRM."},
      // Research
      {8, "Churn model",
       "The churn model flags the wrong customers",
       "Half of the accounts the model flagged for {quarter} renewed happily, while {customer} left without warning.",
       {"Add support ticket history as a feature.",
        "Retrain on the last two years only.",
        "Let account managers mark false alarms to learn from."},
       "Account managers in {region} label the model's mistakes",
       "A button in the CRM to mark a wrong flag, fed back into training every month.",
       "Collect account managers' labels for the churn model",
       "Data science and customer success review the labels monthly.",
       "Adopted: labelling starts with the {region} accounts.",
       "Rejected: too few labels to matter yet; collect tickets first."},
  };
  return all;
}

const Words kOpenings = {"Quick update:", "Question for the group:", "Heads up:", "Looking for advice:",
                         "Lessons learned:", "Good news:", "Sharing this:", "Retro notes:", "Help wanted:", "FYI:",
                         "Small win:", "Before {weekday}'s review:", "From the {city} office:", "Curious:",
                         "Update from {team}:", "Honest question:", "", ""};
const Words kMiddles = {
    "the rollout of the new process in {region} went better than planned",
    "we are seeing delays from our supplier {supplier} again",
    "{customer} asked for a clearer forecast for {quarter}",
    "our review of expense statements found a pattern worth fixing",
    "the onboarding checklist for {city} needs an owner",
    "latency on {product} doubled after {weekday}'s change",
    "the pilot with {n} regional teams is ready for feedback",
    "we could merge the two weekly status meetings into one",
    "the dashboard numbers disagree with finance's report for {region}",
    "training materials for {product} are out of date since the last release",
    "{n} teams solved the same problem in {n} different ways",
    "the {customer} renewal needs someone who knows the contract",
    "{team} cut the backlog by {pct} in a month",
    "{system} will be read-only on {weekday} evening for the upgrade",
    "we signed {customer} for {product} in {region}",
    "{supplier} moved their cut-off to {weekday}, so orders after noon ship a day later",
    "the {city} office now has bookable focus rooms",
    "I wrote down how we close the books in {days}; corrections welcome",
    "{customer} wants a reference call with another customer in {region}",
    "the survey says people want fewer meetings and more written updates",
    "we still track {big} open items in {tool}",
    "the new price list for {region} is live in {system}",
    "{team} is looking for someone who has worked with {system} exports",
    "our support backlog is down to {big} tickets, the lowest this year",
    "the move to the new {city} warehouse starts on {weekday}",
    "two customers in {region} reported the same bug in {product}",
    "I am looking for a mentor outside my unit for next quarter",
    "we are hiring {n} people for {team} in {city}",
    "we retired {tool} for good",
    "the audit in {quarter} went smoothly thanks to everyone who kept receipts",
    "the contract template for {region} changed, please use the new one",
    "{customer}'s onboarding took {days}, half of what it used to",
    "the postmortem of {weekday}'s outage is written",
    "I am running a lunch session on {system} for anyone new to it",
    "the freight rates from {supplier} go up {pct} next quarter",
    "the {product} beta has {big} users in {region}",
};
const Words kEndings = {"Thoughts?", "Who has tried this before?", "Notes in the doc.", "Happy to pair on it.",
                        "Let's discuss on {weekday}.", "Ideas welcome.", "More soon.", "Thanks, {team}!",
                        "Ping me if you want the details.", "Comments open until {weekday}.", "", "", ""};
const Words kReplies = {
    "We hit the same thing last quarter; happy to share what worked.",
    "+1, this would save my team hours every week.",
    "Have you checked with the people who own the contract?",
    "I can take a look this afternoon.",
    "Could we try it with one team first?",
    "Thanks for writing this down.",
    "I disagree a little: the root cause is upstream, in {system}.",
    "Linking this to what we discussed in the retro.",
    "Numbers look right to me now.",
    "Let's make this the default.",
    "{team} did something similar in {city}; worth a call.",
    "Does this affect {region} too?",
    "We saw {pct} fewer tickets after a change like this.",
    "Who owns this going forward?",
    "Can we get {customer}'s view before we decide?",
    "I'd wait until after the {system} upgrade.",
    "Nice. How long did it take?",
    "Adding this to {weekday}'s agenda.",
    "I can introduce you to someone at {supplier}.",
    "Is there a ticket for it?",
    "Same here in {city}.",
    "This would have saved us {days} last month.",
    "Great news, congratulations!",
    "Let me check with {team} and come back to you.",
};
const Words kUpdates = {
    "Notes from {weekday}'s meeting are in the doc; two actions are still without an owner.",
    "Next steps: {team} drafts the plan, we review on {weekday}.",
    "We are {pct} through the checklist; the rest waits on {system}.",
    "Welcome to the new members from {city}!",
    "Reminder: decisions are made in proposals here, not in chat.",
    "{customer} joined the call on {weekday} and liked the direction.",
    "I moved the open questions into problems so they get answers.",
    "Status: on track for {quarter}.",
};
const Words kStageNotes = {"Discussed in the weekly review.", "Looks promising; needs an owner.",
                           "Agreed with {team}.", "Reviewed on {weekday}.", "Costed and approved.",
                           "Out of scope this year."};
const Words kAgreeReasons = {"Worth trying.", "Yes — and let's measure it.", "Agree, as long as {team} is in.",
                             "Long overdue.", "Fine by me.", ""};
const Words kDisagreeReasons = {"Too much work for {quarter}.", "I'd rather fix the root cause.",
                                "Not convinced it helps {region}.", ""};

// Names: every (first, last) pair before any middle initial; pairs visited in a scrambled order.
const Words kFirst = {
    "Alex", "Sam", "Jordan", "Taylor", "Priya", "Wei", "Fatima", "Lucas", "Sofia", "Mateo", "Aisha", "Noah", "Emma",
    "Liam", "Olivia", "Hiroshi", "Yuki", "Chen", "Ana", "Carlos", "Ingrid", "Lars", "Amara", "Kwame", "Zoe", "Ravi",
    "Meera", "Omar", "Layla", "Diego", "Elena", "Ivan", "Nadia", "Tomás", "Grace", "Henry", "Isla", "Jack", "Kira",
    "Leo", "Maya", "Nina", "Oscar", "Paula", "Quinn", "Rosa", "Stefan", "Tara", "Uma", "Victor", "Wanda", "Xavier",
    "Yara", "Zane", "Bea", "Caleb", "Dana", "Eli", "Farah", "Gus", "Hana", "Idris", "Joana", "Kenji", "Lucía",
    "Malik", "Nora", "Otto", "Pilar", "Rhys", "Saanvi", "Theo", "Ulla", "Vera", "Wiktor", "Ximena", "Yusuf", "Zofia",
    "Anouk", "Bjørn", "Chloé", "Dmitri", "Esther", "Felix", "Gaby", "Hugo", "Imani", "Jonas", "Keiko", "Lena",
    "Mikael", "Nkechi", "Orla", "Pedro", "Rania", "Sven", "Thandi", "Valeria", "Wen", "Aiden", "Beatriz", "Cyrus"};
const Words kLast = {
    "Kim", "Patel", "Garcia", "Smith", "Nguyen", "Müller", "Rossi", "Okafor", "Silva", "Tanaka", "Johansson",
    "Novak", "Haddad", "Cohen", "Kowalski", "Dubois", "Mensah", "Ivanova", "Lopez", "Brown", "Chen", "Singh",
    "Ahmed", "Costa", "Fischer", "Moreau", "Yamamoto", "Andersen", "Bianchi", "Reyes", "Wright", "Schmidt",
    "Larsen", "Osei", "Petrov", "Ramos", "Sato", "Walsh", "Young", "Zhou", "Baker", "Diaz", "Evans", "Fox", "Gray",
    "Hughes", "Ito", "Jensen", "Khan", "Lee", "Morris", "Nakamura", "O'Neil", "Price", "Quist", "Ruiz", "Stone",
    "Turner", "Vega", "Abara", "Berg", "Castillo", "Dahl", "Eriksen", "Ferreira", "Gallo", "Horvat", "Iyer",
    "Jovanović", "Kaur", "Lindqvist", "Mbeki", "Nilsen", "Ortiz", "Park", "Quinn", "Rahman", "Sousa", "Tran",
    "Ueda", "Varga", "Weber", "Xu", "Yilmaz", "Zielinski", "Adeyemi", "Brennan", "Carvalho", "Demir", "Engel",
    "Fontaine", "Gupta", "Hoffman", "Ilunga", "Jang", "Keller", "Lund", "Marsh", "Nair", "Olsen", "Pires"};

std::string pick(Random& random, const Words& words) { return words[random.below(words.size())]; }

std::string sentence(Binding& binding, const std::string& opening, const std::string& middle,
                     const std::string& ending) {
  std::string out;
  if (!opening.empty()) out = binding.fill(opening) + " ";
  std::string body = binding.fill(middle);
  if (opening.empty() && !body.empty()) body[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(body[0])));
  out += body + ".";
  if (!ending.empty()) out += " " + binding.fill(ending);
  return out;
}

}  // namespace

const std::string& Binding::value(const std::string& slot) {
  auto found = values_.find(slot);
  if (found != values_.end()) return found->second;
  const auto& words = slot_words();
  auto list = words.find(slot);
  std::string chosen = list == words.end() ? slot : std::string(list->second[random_->below(list->second.size())]);
  return values_.emplace(slot, std::move(chosen)).first->second;
}

std::string Binding::fill(std::string_view pattern) {
  std::string out;
  out.reserve(pattern.size() + 32);
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '{') {
      auto close = pattern.find('}', i);
      if (close != std::string_view::npos) {
        out += value(std::string(pattern.substr(i + 1, close - i - 1)));
        i = close + 1;
        continue;
      }
    }
    out += pattern[i++];
  }
  return out;
}

const std::vector<Story>& stories() { return all_stories(); }

std::size_t story_for(Random& random, std::size_t division) {
  const auto& all = all_stories();
  if (random.chance(0.7)) {
    std::vector<std::size_t> own;
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (all[i].division == division) own.push_back(i);
    }
    if (!own.empty()) return own[random.below(own.size())];
  }
  return random.below(all.size());
}

StoryText tell(const Story& story, Binding& binding) {
  StoryText text{.subject = binding.fill(story.subject),
                 .problem_title = binding.fill(story.problem_title),
                 .problem_body = binding.fill(story.problem_body)};
  for (const char* s : story.solutions) text.solutions.push_back(binding.fill(s));
  text.idea_title = binding.fill(story.idea_title);
  text.idea_body = binding.fill(story.idea_body);
  text.proposal_title = binding.fill(story.proposal_title);
  text.proposal_body = binding.fill(story.proposal_body);
  text.adopted = binding.fill(story.adopted);
  text.rejected = binding.fill(story.rejected);
  return text;
}

std::string post_text(Random& random) {
  Binding binding(random);
  return sentence(binding, pick(random, kOpenings), pick(random, kMiddles), pick(random, kEndings));
}

std::string reply_text(Random& random) {
  static const Words kLeads = {"", "", "", "Agreed.", "Good point.", "Thanks!", "Hm.", "Interesting.", "Yes!",
                               "Quick thought:", "From experience:", "One more thing:"};
  Binding binding(random);
  std::string lead = pick(random, kLeads);
  std::string text = binding.fill(pick(random, kReplies));
  return lead.empty() ? text : lead + " " + text;
}

std::string space_update(Random& random) {
  Binding binding(random);
  return binding.fill(pick(random, kUpdates));
}

std::string stage_note(Random& random, const std::string& stage) {
  if (stage == "declined") return random.chance(0.5) ? "Out of scope this year." : "Overlaps with work already planned.";
  if (stage == "implemented") return "Done and in use.";
  Binding binding(random);
  return binding.fill(pick(random, kStageNotes));
}

std::string stance_reason(Random& random, int stance) {
  Binding binding(random);
  if (stance == 0) return binding.fill(pick(random, kAgreeReasons));
  if (stance == 2 || stance == 3) return binding.fill(pick(random, kDisagreeReasons));
  return "";
}

std::size_t names_available() { return kFirst.size() * kLast.size() * 27; }

Name name_at(std::size_t index) {
  const std::size_t pairs = kFirst.size() * kLast.size();
  const std::size_t round = index / pairs;
  // A stride coprime with the number of pairs visits every pair once per round, in a mixed order.
  std::size_t stride = 7919;
  while (std::gcd(stride, pairs) != 1) stride += 2;
  const std::size_t pair = (index % pairs * stride + round * 131) % pairs;
  Name name{kFirst[pair % kFirst.size()], kLast[pair / kFirst.size()], ""};
  if (round > 0) name.middle = std::string(1, static_cast<char>('A' + (round - 1) % 26)) + ".";
  return name;
}

}  // namespace weft::demo
