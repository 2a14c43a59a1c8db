#include "analytics/engagement.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "core/clock.h"
#include "policy/posts.h"
#include "policy/records.h"
#include "policy/spaces.h"

namespace weft::analytics {
namespace {

using store::Param;

std::string within(std::vector<Param>& params, const Scope& scope, const std::string& column) {
  params.emplace_back(scope.from);
  params.emplace_back(scope.to);
  return column + " >= ? AND " + column + " < ?";
}

std::string unit_filter(std::vector<Param>& params, const Scope& scope, const std::string& author_column) {
  if (!scope.unit_id) return "";
  params.emplace_back(*scope.unit_id);
  return " AND EXISTS (SELECT 1 FROM people au WHERE au.id = " + author_column + " AND au.unit_id = ?)";
}

// Sums, medians and the rate over (reached, connected) pairs.
ReachFigure reach_figure(const std::vector<std::pair<int64_t, int64_t>>& items) {
  ReachFigure figure;
  figure.items = static_cast<int64_t>(items.size());
  std::vector<int64_t> reached;
  std::vector<int64_t> connected;
  for (auto [r, c] : items) {
    figure.reached += r;
    figure.connected += c;
    reached.push_back(r);
    connected.push_back(c);
  }
  figure.median_reached = percentile(std::move(reached), 50);
  figure.median_connected = percentile(std::move(connected), 50);
  if (figure.reached > 0) {
    figure.connection_rate = static_cast<double>(figure.connected) / static_cast<double>(figure.reached);
  }
  return figure;
}

}  // namespace

Result<Engagement> engagement(store::Store& store, const Viewer& viewer, const Scope& scope) {
  if (scope.from >= scope.to) return invalid("from", "from must be before to.");
  return store::read(store, [&](store::Connection& c) -> Result<Engagement> {
    Engagement out;
    out.from = scope.from;
    out.to = scope.to;
    out.unit_id = scope.unit_id;
    out.min_group = scope.min_group;
    out.computed_at = clock::now_seconds();

    std::map<int64_t, UnitRef> units;
    {
      auto rows = c.query(
          "SELECT u.id, u.name, (SELECT COUNT(*) FROM people p WHERE p.unit_id = u.id AND p.deactivated_at IS NULL) "
          "FROM units u", {});
      while (rows->next()) units[rows->int64(0)] = {rows->int64(0), rows->text(1), rows->int64(2)};
    }

    // Posts: top-level, not reshares. Reached: the audience it was delivered to (the author's
    // followers, the unit's or the space's other members) and, for posts to the organization or
    // to followers, the people it mentions or who connected with it from outside that audience.
    // Connected: distinct others who replied in its thread or reshared it.
    {
      std::vector<Param> params;
      std::string sql =
          "SELECT p.audience, p.unit_id, a.unit_id, a.followers_count, "
          "(SELECT member_count FROM spaces sp WHERE sp.id = p.space_id), "
          "(SELECT COUNT(*) FROM (SELECT m.person_id AS id FROM post_mentions m WHERE m.post_id = p.id UNION SELECT "
          "y.author_id FROM posts y WHERE y.deleted_at IS NULL AND y.hidden_at IS NULL AND ((y.root_id = p.id AND y.id <> p.id) OR y.reshare_of "
          "= p.id)) o WHERE o.id <> p.author_id AND NOT EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = o.id AND "
          "f.followee_id = p.author_id)), "
          "(SELECT COUNT(DISTINCT x.author_id) FROM posts x WHERE x.deleted_at IS NULL AND x.hidden_at IS NULL AND "
          "x.author_id <> p.author_id "
          "AND ((x.root_id = p.id AND x.id <> p.id) OR x.reshare_of = p.id)), "
          "EXISTS (SELECT 1 FROM posts r WHERE r.root_id = p.id AND r.id <> p.id AND r.author_id <> p.author_id AND "
          "r.deleted_at IS NULL AND r.hidden_at IS NULL) "
          "FROM posts p JOIN people a ON a.id = p.author_id WHERE p.reply_to IS NULL AND p.reshare_of IS NULL AND ";
      sql += within(params, scope, "p.created_at");
      sql += " AND " + policy::append(params, policy::visible_posts(viewer, "p"));
      sql += unit_filter(params, scope, "p.author_id");
      std::vector<std::pair<int64_t, int64_t>> items;
      std::map<int64_t, std::pair<int64_t, int64_t>> per_unit;  // author's unit → posts, conversations
      auto rows = c.query(sql, params);
      while (rows->next()) {
        const std::string audience = rows->text(0);
        int64_t reached = 0;
        if (audience == "space") {
          reached = std::max<int64_t>(0, rows->optional_int64(4).value_or(1) - 1);
        } else if (audience == "unit") {
          auto unit = rows->optional_int64(1);
          auto it = unit ? units.find(*unit) : units.end();
          reached = it == units.end() ? 0 : std::max<int64_t>(0, it->second.people - 1);
        } else {
          reached = rows->int64(3) + rows->int64(5);
        }
        const bool conversation = rows->int64(7) != 0;
        items.emplace_back(reached, rows->int64(6));
        if (conversation) ++out.conversations;
        else ++out.broadcasts;
        if (auto unit = rows->optional_int64(2)) {
          auto& [posts, conversations] = per_unit[*unit];
          ++posts;
          if (conversation) ++conversations;
        }
      }
      out.posts = reach_figure(items);
      const int64_t total = out.conversations + out.broadcasts;
      if (total > 0) out.conversation_share = static_cast<double>(out.conversations) / static_cast<double>(total);
      for (const auto& [unit, counts] : per_unit) {
        auto it = units.find(unit);
        if (it == units.end() || it->second.people < scope.min_group) {
          ++out.withheld_units;
          continue;
        }
        UnitConversation row;
        row.unit = it->second;
        row.posts = counts.first;
        row.conversations = counts.second;
        row.broadcasts = counts.first - counts.second;
        row.conversation_share = static_cast<double>(counts.second) / static_cast<double>(counts.first);
        out.units.push_back(std::move(row));
      }
      std::sort(out.units.begin(), out.units.end(), [](const UnitConversation& a, const UnitConversation& b) {
        return a.conversation_share != b.conversation_share ? a.conversation_share > b.conversation_share
                                                            : a.unit.id < b.unit.id;
      });
    }

    // Work: reached = the space's other members; connected = distinct others who solved / voted
    // or commented / took a stance.
    auto work = [&](const std::string& table, const std::string& alias, const std::string& connected, bool on_records) {
      std::vector<Param> params;
      std::string sql = "SELECT (SELECT member_count FROM spaces sp WHERE sp.id = " + alias + ".space_id), (" +
                        connected + ") FROM " + table + " " + alias + " WHERE ";
      sql += within(params, scope, alias + ".created_at");
      sql += " AND " + policy::append(params, policy::space_content(viewer, alias + ".space_id"));
      if (on_records) sql += " AND " + policy::append(params, policy::record_gate(viewer, alias + ".record_id"));
      sql += unit_filter(params, scope, alias + ".author_id");
      std::vector<std::pair<int64_t, int64_t>> items;
      auto rows = c.query(sql, params);
      while (rows->next()) items.emplace_back(std::max<int64_t>(0, rows->int64(0) - 1), rows->int64(1));
      return reach_figure(items);
    };
    out.problems = work("problems", "w",
                        "SELECT COUNT(DISTINCT s.author_id) FROM solutions s WHERE s.problem_id = w.id AND "
                        "s.author_id <> w.author_id",
                        true);
    out.ideas = work("ideas", "w",
                     "SELECT COUNT(*) FROM (SELECT v.person_id FROM idea_votes v WHERE v.idea_id = w.id AND "
                     "v.person_id <> w.author_id UNION SELECT ic.author_id FROM idea_comments ic WHERE ic.idea_id = "
                     "w.id AND ic.author_id <> w.author_id) k",
                     false);
    out.proposals = work("proposals", "w",
                         "SELECT COUNT(*) FROM stances st WHERE st.proposal_id = w.id AND st.person_id <> w.author_id",
                         false);

    // Reshare cascades of the period's posts: each visible reshare (made before `to`) under a
    // visible original; a reshare under an invisible one is left out with its subtree.
    struct Node {
      int64_t id, origin, parent, depth, author;
      std::optional<int64_t> unit;
    };
    std::vector<Node> nodes;
    {
      std::vector<Param> params;
      std::string sql =
          "WITH RECURSIVE tree(id, origin, parent, depth) AS (SELECT p.id, p.id, CAST(NULL AS BIGINT), 0 FROM posts p "
          "WHERE p.reply_to IS NULL AND p.reshare_of IS NULL AND p.reshare_count > 0 AND ";
      sql += within(params, scope, "p.created_at");
      sql += " AND " + policy::append(params, policy::visible_posts(viewer, "p"));
      sql += unit_filter(params, scope, "p.author_id");
      params.emplace_back(scope.to);
      sql += " UNION ALL SELECT r.id, t.origin, t.id, t.depth + 1 FROM posts r JOIN tree t ON r.reshare_of = t.id "
             "WHERE t.depth < 100 AND r.created_at < ? AND ";
      sql += policy::append(params, policy::visible_posts(viewer, "r"));
      sql += ") SELECT t.id, t.origin, t.parent, t.depth, q.author_id, a.unit_id FROM tree t JOIN posts q ON q.id = "
             "t.id JOIN people a ON a.id = q.author_id ORDER BY t.origin, t.depth, t.id";
      auto rows = c.query(sql, params);
      while (rows->next()) {
        nodes.push_back({rows->int64(0), rows->int64(1), rows->optional_int64(2).value_or(0), rows->int64(3),
                         rows->int64(4), rows->optional_int64(5)});
      }
    }
    std::unordered_map<int64_t, const Node*> by_id;
    for (const auto& node : nodes) by_id[node.id] = &node;
    std::map<int64_t, CascadeSummary> cascades;
    std::map<int64_t, std::map<int64_t, int64_t>> per_depth;
    struct SharerCounts {
      int64_t reshares = 0, cross_unit = 0;
      std::set<int64_t> original_authors;
    };
    std::map<int64_t, SharerCounts> sharers;
    for (const auto& node : nodes) {
      auto& cascade = cascades[node.origin];
      cascade.post_id = node.origin;
      ++per_depth[node.origin][node.depth];
      if (node.depth == 0) {
        cascade.author.id = node.author;
        continue;
      }
      ++cascade.reshares;
      cascade.depth = std::max(cascade.depth, node.depth);
      const Node* parent = by_id[node.parent];
      auto& counts = sharers[node.author];
      ++counts.reshares;
      if (parent != nullptr) {
        counts.original_authors.insert(parent->author);
        if (node.unit && parent->unit && *node.unit != *parent->unit) ++counts.cross_unit;
      }
    }
    std::vector<CascadeSummary> list;
    for (auto& [origin, cascade] : cascades) {
      if (cascade.reshares == 0) continue;  // every reshare of it was invisible or later
      for (const auto& [depth, count] : per_depth[origin]) cascade.breadth = std::max(cascade.breadth, count);
      ++out.cascades;
      out.reshares += cascade.reshares;
      out.max_depth = std::max(out.max_depth, cascade.depth);
      list.push_back(cascade);
    }
    std::sort(list.begin(), list.end(), [](const CascadeSummary& a, const CascadeSummary& b) {
      if (a.reshares != b.reshares) return a.reshares > b.reshares;
      if (a.depth != b.depth) return a.depth > b.depth;
      return a.post_id > b.post_id;
    });
    if (list.size() > kTopCascades) list.resize(kTopCascades);

    auto summary = [&](int64_t person) {
      PersonSummary s;
      auto rows = c.query("SELECT id, handle, name, title, unit_id FROM people WHERE id = ?", {person});
      if (rows->next()) s = {rows->int64(0), rows->text(1), rows->text(2), rows->text(3), rows->optional_int64(4)};
      return s;
    };
    for (auto& cascade : list) {
      // People reached as on the cascade page: the visible nodes' authors and their followers.
      std::vector<int64_t> people;
      for (const auto& node : nodes) {
        if (node.origin == cascade.post_id) people.push_back(node.author);
      }
      std::sort(people.begin(), people.end());
      people.erase(std::unique(people.begin(), people.end()), people.end());
      auto rows = c.query("WITH reached(id) AS (" + c.ids_sql("?1") +
                              " UNION SELECT follower_id FROM follows WHERE followee_id IN (" + c.ids_sql("?1") +
                              ")) SELECT COUNT(*), COUNT(DISTINCT p.unit_id) FROM reached r JOIN people p ON p.id = r.id",
                          {Param::ids(people)});
      if (rows->next()) {
        cascade.people_reached = rows->int64(0);
        cascade.units_reached = rows->int64(1);
      }
      cascade.author = summary(cascade.author.id);
    }
    out.top_cascades = std::move(list);

    // Sharers: new people = their followers who follow none of the authors they reshared (nor are one).
    std::vector<std::pair<int64_t, SharerCounts*>> candidates;
    for (auto& [person, counts] : sharers) candidates.emplace_back(person, &counts);
    std::sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
      if (a.second->cross_unit != b.second->cross_unit) return a.second->cross_unit > b.second->cross_unit;
      if (a.second->reshares != b.second->reshares) return a.second->reshares > b.second->reshares;
      return a.first < b.first;
    });
    if (candidates.size() > 5 * kTopSharers) candidates.resize(5 * kTopSharers);
    for (const auto& [person, counts] : candidates) {
      Sharer sharer;
      sharer.reshares = counts->reshares;
      sharer.cross_unit = counts->cross_unit;
      std::vector<int64_t> authors(counts->original_authors.begin(), counts->original_authors.end());
      sharer.new_people =
          c.query_int("SELECT COUNT(*) FROM follows f WHERE f.followee_id = ?1 AND f.follower_id NOT IN (" +
                          c.ids_sql("?2") + ") AND NOT EXISTS (SELECT 1 FROM follows g WHERE g.follower_id = "
                          "f.follower_id AND g.followee_id IN (" + c.ids_sql("?2") + "))",
                      {person, Param::ids(authors)})
              .value_or(0);
      sharer.person.id = person;
      out.sharers.push_back(std::move(sharer));
    }
    std::sort(out.sharers.begin(), out.sharers.end(), [](const Sharer& a, const Sharer& b) {
      if (a.new_people != b.new_people) return a.new_people > b.new_people;
      if (a.cross_unit != b.cross_unit) return a.cross_unit > b.cross_unit;
      return a.person.id < b.person.id;
    });
    if (out.sharers.size() > kTopSharers) out.sharers.resize(kTopSharers);
    for (auto& sharer : out.sharers) sharer.person = summary(sharer.person.id);
    return out;
  });
}

}  // namespace weft::analytics
