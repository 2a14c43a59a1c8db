#include "transfer/personal.h"

#include <boost/json.hpp>

#include "core/clock.h"
#include "core/json.h"
#include "events/event_log.h"
#include "policy/people.h"
#include "policy/posts.h"
#include "policy/records.h"
#include "policy/spaces.h"
#include "queries/people.h"
#include "queries/posts.h"
#include "queries/work.h"
#include "wire/wire.h"

namespace weft::transfer {
namespace {

namespace bj = boost::json;
constexpr int kChunk = 1000;

std::vector<int64_t> ids_of(store::Store& store, const std::string& sql, int64_t id) {
  std::vector<int64_t> out;
  auto read = store::read(store, [&](store::Connection& c) -> Result<bool> {
    auto rows = c.query(sql, {id});
    while (rows->next()) out.push_back(rows->int64(0));
    return true;
  });
  if (!read) throw store::Failure(read.error().code, read.error().message);
  return out;
}

}  // namespace

Result<PersonalExport> export_person(store::Store& store, const Viewer& exporter, int64_t person_id) {
  auto allowed = store::read(store, [&](store::Connection& c) -> Result<bool> {
    if (!policy::can_see_person(c, exporter, person_id)) return not_found("No such person.");
    if (exporter.person_id != person_id && !exporter.is_admin()) {
      return forbidden("Only the person and admins may export a person's data.");
    }
    return true;
  });
  if (!allowed) return std::unexpected(allowed.error());
  WEFT_ASSIGN_OR_RETURN(auto person, queries::person(store, exporter, person_id));
  PersonalExport out;
  out.handle = person.handle;
  auto line = [&](const char* kind, bj::value data) {
    out.jsonl += json::to_text(bj::object{{"kind", kind}, {"data", std::move(data)}});
    out.jsonl += '\n';
    ++out.lines;
  };
  out.jsonl = json::to_text(bj::object{{"type", "weft-personal-export"},
                                       {"version", 1},
                                       {"person_id", std::to_string(person_id)},
                                       {"exported_by", std::to_string(exporter.person_id)},
                                       {"exported_at", clock::rfc3339(clock::now_seconds())}}) + "\n";
  try {
    line("profile", wire::person_json(person, true));
    // Posts, oldest first, a thousand at a time, as the exporter may see them.
    for (int64_t after = 0, more = 1; more;) {
      std::vector<Post> page;
      auto read = store::read(store, [&](store::Connection& c) -> Result<bool> {
        std::vector<store::Param> params{person_id, after};
        std::string sql = "SELECT p.id FROM posts p WHERE p.author_id = ? AND p.id > ? AND " +
                          policy::append(params, policy::visible_posts(exporter)) + " ORDER BY p.id LIMIT ?";
        params.emplace_back(kChunk);
        std::vector<int64_t> ids;
        auto rows = c.query(sql, params);
        while (rows->next()) ids.push_back(rows->int64(0));
        rows.reset();
        page = queries::load_posts(c, exporter, ids);
        if (!ids.empty()) after = ids.back();
        more = ids.size() == static_cast<std::size_t>(kChunk);
        return true;
      });
      if (!read) return std::unexpected(read.error());
      for (const auto& post : page) line("post", wire::post_json(post));
    }
    for (int64_t id : ids_of(store, "SELECT id FROM problems WHERE author_id = ? ORDER BY id", person_id)) {
      if (auto problem = queries::problem(store, exporter, id, false)) line("problem", wire::problem_json(*problem));
    }
    for (int64_t id : ids_of(store, "SELECT id FROM solutions WHERE author_id = ? ORDER BY id", person_id)) {
      if (auto solution = queries::solution(store, exporter, id)) line("solution", wire::solution_json(*solution));
    }
    for (int64_t id : ids_of(store, "SELECT id FROM ideas WHERE author_id = ? ORDER BY id", person_id)) {
      if (auto idea = queries::idea(store, exporter, id, false)) line("idea", wire::idea_json(*idea));
    }
    for (int64_t id : ids_of(store, "SELECT id FROM idea_comments WHERE author_id = ? ORDER BY id", person_id)) {
      if (auto comment = queries::idea_comment(store, exporter, id)) {
        line("idea_comment", bj::object{{"id", std::to_string(comment->id)},
                                        {"author", wire::summary_json(comment->author)},
                                        {"body", comment->body},
                                        {"created_at", clock::rfc3339(comment->created_at)}});
      }
    }
    for (int64_t id : ids_of(store, "SELECT proposal_id FROM stances WHERE person_id = ? ORDER BY proposal_id", person_id)) {
      if (!queries::proposal(store, exporter, id, false)) continue;
      auto stance = store::read(store, [&](store::Connection& c) -> Result<bj::object> {
        auto rows = c.query("SELECT stance, reason, updated_at FROM stances WHERE proposal_id = ? AND person_id = ?",
                            {id, person_id});
        if (!rows->next()) return not_found();
        return bj::object{{"proposal_id", std::to_string(id)},
                          {"stance", rows->text(0)},
                          {"reason", rows->text(1)},
                          {"updated_at", clock::rfc3339(rows->int64(2))}};
      });
      if (stance) line("stance", std::move(*stance));
    }
    auto follows = store::read(store, [&](store::Connection& c) -> Result<std::vector<bj::object>> {
      std::vector<bj::object> items;
      {
        std::vector<store::Param> params{person_id};
        auto rows = c.query("SELECT f.followee_id, f.created_at FROM follows f JOIN people p ON p.id = f.followee_id WHERE "
                            "f.follower_id = ? AND " + policy::append(params, policy::visible_people(exporter, "p")) +
                                " ORDER BY f.id",
                            params);
        while (rows->next()) {
          items.push_back({{"type", "person"}, {"id", std::to_string(rows->int64(0))},
                           {"since", clock::rfc3339(rows->int64(1))}});
        }
      }
      {
        auto rows = c.query("SELECT topic, created_at FROM topic_follows WHERE person_id = ? ORDER BY topic", {person_id});
        while (rows->next()) items.push_back({{"type", "topic"}, {"id", rows->text(0)}, {"since", clock::rfc3339(rows->int64(1))}});
      }
      {
        std::vector<store::Param> params{person_id};
        auto rows = c.query("SELECT f.record_id, f.created_at FROM record_follows f JOIN records r ON r.id = f.record_id "
                            "WHERE f.person_id = ? AND " + policy::append(params, policy::visible_records(exporter, "r")) +
                                " ORDER BY f.record_id",
                            params);
        while (rows->next()) {
          items.push_back({{"type", "record"}, {"id", std::to_string(rows->int64(0))},
                           {"since", clock::rfc3339(rows->int64(1))}});
        }
      }
      {
        std::vector<store::Param> params{person_id};
        // Who is in a space is the space's content: an admin exporting someone is told only of
        // the spaces whose content they may read (not a private space they are not in).
        auto rows = c.query("SELECT m.space_id, m.role, m.created_at FROM space_members m WHERE m.person_id = ? AND " +
                                policy::append(params, policy::space_content(exporter, "m.space_id")) +
                                " ORDER BY m.space_id",
                            params);
        while (rows->next()) {
          items.push_back({{"type", "membership"}, {"id", std::to_string(rows->int64(0))}, {"role", rows->text(1)},
                           {"since", clock::rfc3339(rows->int64(2))}});
        }
      }
      return items;
    });
    if (!follows) return std::unexpected(follows.error());
    for (auto& item : *follows) {
      const bool membership = item["type"] == "membership";
      if (membership) item.erase("type");
      line(membership ? "membership" : "follow", std::move(item));
    }
  } catch (const store::Failure& failure) {
    return fail(failure.code(), failure.what());
  }
  if (exporter.person_id != person_id) {
    auto logged = store::transact(store, [&](store::Connection& c) -> Result<bool> {
      events::append(c, {.actor_id = exporter.person_id,
                         .object_id = person_id,
                         .audience = "self",
                         .payload = events::PersonExported{}});
      return true;
    });
    if (!logged) return std::unexpected(logged.error());
  }
  return out;
}

}  // namespace weft::transfer
