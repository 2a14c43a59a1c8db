// The demo's conversations: a year of posts and replies with realistic shape — a few prolific
// authors and many light ones, reply chains, reactions with a heavy tail, topics by division,
// mentions of colleagues, and reshares that carry posts across units (sometimes reshared again).
#include <unordered_map>

#include "actions/posts.h"
#include "core/clock.h"
#include "demo/demo.h"
#include "demo/generator.h"
#include "demo/text.h"
#include "events/event_log.h"
#include "model/post.h"

namespace weft::demo {
namespace {

std::string topic_name(const char* skill) {
  std::string out;
  for (const char* p = skill; *p; ++p) {
    unsigned char c = static_cast<unsigned char>(*p);
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
    else if (c == ' ' || c == '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "general" : out;
}

}  // namespace

Result<ConversationSummary> generate_conversations(store::Store& store, Random& random,
                                                   const std::vector<DemoPerson>& people,
                                                   const ConversationOptions& options) {
  ConversationSummary summary;
  const int64_t total = options.posts_and_replies;
  if (people.empty() || total <= 0) return summary;
  auto progress = [&](int64_t done, const std::string& what) {
    if (options.progress) options.progress(done, total, what);
  };
  // Handles and units, to mention colleagues and to pick repliers nearby.
  std::vector<std::string> handles(people.size());
  std::unordered_map<int64_t, std::vector<std::size_t>> by_unit;
  {
    auto& c = store.connection();
    std::unordered_map<int64_t, std::string> handle_of;
    auto rows = c.query("SELECT id, handle FROM people");
    while (rows->next()) handle_of[rows->int64(0)] = rows->text(1);
    for (std::size_t i = 0; i < people.size(); ++i) {
      handles[i] = handle_of[people[i].id];
      by_unit[people[i].unit].push_back(i);
    }
  }
  auto viewer_of = [&](std::size_t i) {
    return Viewer{people[i].id, i == 0 ? Role::kAdmin : Role::kMember, people[i].unit};
  };

  // A year ending now; ids and times rise together.
  const int64_t now = clock::now_seconds();
  const int64_t start = now - 365 * 24 * 3600;
  auto time_at = [&](int64_t done) { return start + (now - start) * done / std::max<int64_t>(total, 1); };

  int64_t done = 0;
  std::vector<int64_t> public_roots;  // candidates for reshares: (post id)
  std::vector<std::size_t> public_root_author;
  constexpr int64_t kBatch = 20000;
  while (done < total) {
    auto batch = store::transact(store, [&](store::Connection& c) -> Result<bool> {
      const int64_t until = std::min(total, done + kBatch);
      while (done < until) {
        // Prolific authors write far more: pick by a steep power law over people.
        std::size_t author = random.zipf(people.size(), 1.6);
        if (done % 97 == 0) author = 1;  // the demo member is active enough to have a feed
        const DemoPerson& me = people[author];
        const auto& skills = division_skills(me.division);
        std::string body = post_text(random);
        if (random.chance(0.6)) body += " #" + topic_name(skills[random.zipf(skills.size())]);
        if (random.chance(0.15)) body += " #" + topic_name(skills[random.below(skills.size())]);
        const auto& mates = by_unit[me.unit];
        if (random.chance(0.2)) body += " cc @" + handles[mates[random.below(mates.size())]];
        if (random.chance(0.01)) body += " cc @" + handles[1];
        double roll = random.unit();
        std::string audience = roll < 0.82 ? "public" : roll < 0.92 ? "unit" : "followers";
        actions::PostRow row{.author_id = me.id, .body = body, .audience = audience,
                             .unit_id = me.unit, .created_at = time_at(done)};
        int64_t root = actions::insert_post(c, viewer_of(author), row);
        ++summary.posts;
        ++done;
        if (audience == "public") {
          public_roots.push_back(root);
          public_root_author.push_back(author);
        }
        // Reactions: most posts get a few, some get many.
        int reactions = static_cast<int>(std::pow(random.unit(), 4.0) * 40);
        for (int r = 0; r < reactions; ++r) {
          std::size_t who = random.chance(0.7) ? mates[random.below(mates.size())]
                                                : random.zipf(people.size(), 0.5);
          if (who == author) continue;
          int kind = random.chance(0.6) ? 0 : static_cast<int>(random.below(kReactionKinds.size()));
          actions::insert_reaction(c, root, people[who].id, kind, time_at(done));
          ++summary.reactions;
        }
        // A conversation: replies, often in a chain.
        int replies = static_cast<int>(std::pow(random.unit(), 2.0) * 4.0);
        if (random.chance(0.05)) replies += 10;
        int64_t parent = root;
        for (int r = 0; r < replies && done < total; ++r) {
          std::size_t who = random.chance(0.6) ? mates[random.below(mates.size())]
                                                : random.zipf(people.size(), 0.9);
          if (audience != "public" && random.chance(0.5)) who = author;
          std::string text = reply_text(random);
          if (random.chance(0.3)) text = "@" + handles[author] + " " + text;
          actions::PostRow reply{.author_id = people[who].id, .body = text,
                                 .reply_to = random.chance(0.5) ? parent : root,
                                 .created_at = time_at(done)};
          // Replies to followers-only or unit posts come from people who can see them; the demo
          // keeps it simple by letting the author answer in those threads.
          if (audience != "public" && who != author) reply.author_id = me.id, who = author;
          parent = actions::insert_post(c, viewer_of(who), reply);
          ++summary.replies;
          ++done;
        }
        // Reshares carry public posts into other units, sometimes onward again.
        if (!public_roots.empty() && random.chance(0.04) && done < total) {
          std::size_t pick = public_roots.size() - 1 - random.zipf(std::min<std::size_t>(public_roots.size(), 2000), 0.5);
          int64_t original = public_roots[pick];
          for (int hop = 0; hop < 3 && done < total; ++hop) {
            std::size_t who = random.zipf(people.size(), 0.7);
            if (who == public_root_author[pick]) break;
            actions::PostRow reshare{.author_id = people[who].id,
                                     .body = random.chance(0.5) ? "Worth a read." : "",
                                     .audience = "public", .unit_id = people[who].unit,
                                     .reshare_of = original, .created_at = time_at(done)};
            original = actions::insert_post(c, viewer_of(who), reshare);
            ++summary.reshares;
            ++done;
            if (!random.chance(0.35)) break;
          }
        }
      }
      return true;
    });
    if (!batch) return std::unexpected(batch.error());
    progress(done, "posts and replies");
  }

  // Topic follows: people follow a topic or two of their division.
  auto follows = store::transact(store, [&](store::Connection& c) -> Result<bool> {
    for (std::size_t i = 0; i < people.size(); ++i) {
      int count = static_cast<int>(random.below(3));
      const auto& skills = division_skills(people[i].division);
      for (int k = 0; k < count; ++k) {
        std::string topic = topic_name(skills[random.zipf(skills.size())]);
        if (c.execute("INSERT INTO topic_follows (person_id, topic, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                      {people[i].id, topic, now}) == 0) {
          continue;
        }
        c.execute(
            "INSERT INTO topics (name, followers_count) VALUES (?, 1) ON CONFLICT (name) DO UPDATE "
            "SET followers_count = topics.followers_count + 1",
            {topic});
        ++summary.topic_follows;
      }
    }
    return true;
  });
  if (!follows) return std::unexpected(follows.error());
  return summary;
}

}  // namespace weft::demo
