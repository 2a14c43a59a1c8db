#include "analytics/network.h"

#include <igraph.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>

#include "core/clock.h"
#include "policy/people.h"
#include "policy/posts.h"
#include "policy/records.h"
#include "policy/spaces.h"

namespace weft::analytics {
namespace {

using store::Param;

constexpr int kBrokers = 10;
constexpr int64_t kMatrixUnits = 50;
constexpr double kSiloShare = 0.2;
constexpr int64_t kTrendBuckets = 12;

// igraph keeps global state (its random number generator, error handler): one caller at a time.
std::mutex& igraph_mutex() {
  static std::mutex mutex;
  return mutex;
}

void init_igraph() {
  static std::once_flag once;
  // The default handler aborts the process; Weft checks each call's result instead.
  std::call_once(once, [] { igraph_set_error_handler(igraph_error_handler_ignore); });
}

// RAII holders for igraph's C objects.
struct Graph {
  igraph_t g;
  bool ok = false;
  ~Graph() {
    if (ok) igraph_destroy(&g);
  }
};
struct RealVector {
  igraph_vector_t v;
  explicit RealVector(igraph_integer_t n = 0) { igraph_vector_init(&v, n); }
  ~RealVector() { igraph_vector_destroy(&v); }
};
struct IntVector {
  igraph_vector_int_t v;
  explicit IntVector(igraph_integer_t n = 0) { igraph_vector_int_init(&v, n); }
  ~IntVector() { igraph_vector_int_destroy(&v); }
};

std::string within(std::vector<Param>& params, const Scope& scope, const std::string& column) {
  params.emplace_back(scope.from);
  params.emplace_back(scope.to);
  return column + " >= ? AND " + column + " < ?";
}

std::string work_visible(std::vector<Param>& params, const Viewer& viewer, const std::string& alias, bool on_records) {
  std::string sql = policy::append(params, policy::space_content(viewer, alias + ".space_id"));
  if (on_records) sql += " AND " + policy::append(params, policy::record_gate(viewer, alias + ".record_id"));
  return sql;
}

std::optional<double> finite(double value) {
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

}  // namespace

const std::vector<std::string>& tie_kinds() {
  static const std::vector<std::string> kinds = {"reply",      "mention", "reshare", "solution",
                                                 "acceptance", "comment", "vote",    "stance"};
  return kinds;
}

Result<std::vector<Tie>> collaboration_ties(store::Connection& c, const Viewer& viewer, const Scope& scope) {
  std::vector<Tie> ties;
  // Each part selects actor, target, time; its period first, then its visibility, appended in order.
  auto part = [&](int kind, const std::string& select, const std::string& time_column,
                  const std::function<std::string(std::vector<Param>&)>& visibility) {
    std::vector<Param> params;
    std::string sql = select + " WHERE ";
    sql += within(params, scope, time_column);
    sql += " AND ";
    sql += visibility(params);
    auto rows = c.query(sql, params);
    while (rows->next()) {
      const int64_t actor = rows->int64(0);
      const int64_t target = rows->int64(1);
      if (actor != target) ties.push_back({actor, target, rows->int64(2), kind});
    }
  };
  auto post_visible = [&](const std::string& alias) {
    return [&viewer, alias](std::vector<Param>& params) {
      return policy::append(params, policy::visible_posts(viewer, alias));
    };
  };
  // A reply ties its author to the author of the post it answers, when the viewer may read both
  // (not a reply to a post a moderator hid or its author deleted).
  part(0, "SELECT r.author_id, q.author_id, r.created_at FROM posts r JOIN posts q ON q.id = r.reply_to",
       "r.created_at", [&](std::vector<Param>& params) {
         std::string sql = policy::append(params, policy::visible_posts(viewer, "r"));
         sql += " AND ";
         sql += policy::append(params, policy::visible_posts(viewer, "q"));
         return sql;
       });
  part(1, "SELECT p.author_id, m.person_id, p.created_at FROM post_mentions m JOIN posts p ON p.id = m.post_id",
       "p.created_at", post_visible("p"));
  part(2, "SELECT r.author_id, o.author_id, r.created_at FROM posts r JOIN posts o ON o.id = r.reshare_of",
       "r.created_at", [&](std::vector<Param>& params) {
         std::string sql = policy::append(params, policy::visible_posts(viewer, "r"));
         sql += " AND ";
         sql += policy::append(params, policy::visible_posts(viewer, "o"));
         return sql;
       });
  auto problem_visible = [&](std::vector<Param>& params) { return work_visible(params, viewer, "p", true); };
  part(3, "SELECT s.author_id, p.author_id, s.created_at FROM solutions s JOIN problems p ON p.id = s.problem_id",
       "s.created_at", problem_visible);
  part(4, "SELECT p.author_id, s.author_id, p.resolved_at FROM problems p JOIN solutions s ON s.id = "
          "p.accepted_solution_id",
       "p.resolved_at", problem_visible);
  auto idea_visible = [&](std::vector<Param>& params) { return work_visible(params, viewer, "i", false); };
  part(5, "SELECT ic.author_id, i.author_id, ic.created_at FROM idea_comments ic JOIN ideas i ON i.id = ic.idea_id",
       "ic.created_at", idea_visible);
  // Votes carry no time of their own: they count in the period their idea was pitched in.
  part(6, "SELECT v.person_id, i.author_id, i.created_at FROM idea_votes v JOIN ideas i ON i.id = v.idea_id",
       "i.created_at", idea_visible);
  part(7, "SELECT st.person_id, r.author_id, st.updated_at FROM stances st JOIN proposals r ON r.id = st.proposal_id",
       "st.updated_at", [&](std::vector<Param>& params) { return work_visible(params, viewer, "r", false); });
  return ties;
}

Result<Network> network(store::Store& store, const Viewer& viewer, const Scope& scope) {
  if (scope.from >= scope.to) return invalid("from", "from must be before to.");
  Network out;
  out.from = scope.from;
  out.to = scope.to;
  out.min_group = scope.min_group;
  out.computed_at = clock::now_seconds();

  using Clock = std::chrono::steady_clock;
  auto ms_since = [](Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
  };
  const auto started = Clock::now();
  std::vector<Tie> ties;
  std::unordered_map<int64_t, std::optional<int64_t>> unit_of;  // person → unit (rolled up to the level)
  std::map<int64_t, UnitRef> units;                              // every unit, with its active people
  std::map<int64_t, std::optional<int64_t>> parent_of;
  WEFT_TRY_VOID(store::read(store, [&](store::Connection& c) -> Result<void> {
    WEFT_ASSIGN_OR_RETURN(ties, collaboration_ties(c, viewer, scope));
    auto rows = c.query(
        "SELECT u.id, u.name, u.parent_id, (SELECT COUNT(*) FROM people p WHERE p.unit_id = u.id AND "
        "p.deactivated_at IS NULL) FROM units u", {});
    while (rows->next()) {
      units[rows->int64(0)] = {rows->int64(0), rows->text(1), rows->int64(3)};
      parent_of[rows->int64(0)] = rows->optional_int64(2);
    }
    std::vector<int64_t> people;
    for (const auto& tie : ties) {
      people.push_back(tie.actor);
      people.push_back(tie.target);
    }
    std::sort(people.begin(), people.end());
    people.erase(std::unique(people.begin(), people.end()), people.end());
    auto person_rows = c.query("SELECT id, unit_id FROM people WHERE id IN (" + c.ids_sql("?") + ")",
                               {Param::ids(people)});
    while (person_rows->next()) unit_of[person_rows->int64(0)] = person_rows->optional_int64(1);
    return {};
  }));

  // The unit tree: each unit's depth (roots 0) and its ancestor at the level shown; a unit's
  // people are those of its whole subtree. The level: as asked, else the deepest at which the
  // organization has at most kMatrixUnits units (so that the matrix stays readable).
  std::map<int64_t, int> depth;
  std::function<int(int64_t)> depth_of = [&](int64_t unit) -> int {
    if (auto it = depth.find(unit); it != depth.end()) return it->second;
    depth[unit] = 0;  // a cycle (never written by Weft) ends here
    auto parent = parent_of[unit];
    const int d = parent && units.contains(*parent) ? depth_of(*parent) + 1 : 0;
    depth[unit] = d;
    return d;
  };
  int max_depth = 0;
  std::set<int64_t> has_children;
  for (const auto& [unit, parent] : parent_of) {
    max_depth = std::max(max_depth, depth_of(unit));
    if (parent) has_children.insert(*parent);
  }
  int level = max_depth;
  if (scope.level) {
    level = std::clamp(*scope.level, 0, max_depth);
  } else {
    for (; level > 0; --level) {
      int64_t shown = 0;
      for (const auto& [unit, d] : depth) shown += d == level || (d < level && !has_children.contains(unit)) ? 1 : 0;
      if (shown <= kMatrixUnits) break;
    }
  }
  out.unit_level = level;
  out.unit_levels = max_depth;
  auto rolled = [&](int64_t unit) {
    while (depth_of(unit) > level) unit = *parent_of[unit];
    return unit;
  };
  std::map<int64_t, int64_t> subtree_people;
  for (const auto& [unit, ref] : units) subtree_people[rolled(unit)] += ref.people;
  for (auto& [unit, ref] : units) ref.people = subtree_people[unit];
  for (auto& [person, unit] : unit_of) {
    if (unit && units.contains(*unit)) unit = rolled(*unit);
  }
  out.collect_ms = ms_since(started);

  // Nodes, undirected pairs with their weight, and per-kind counts.
  std::unordered_map<int64_t, int> index;
  std::vector<int64_t> person_of;
  auto node = [&](int64_t person) {
    auto [it, inserted] = index.try_emplace(person, static_cast<int>(person_of.size()));
    if (inserted) person_of.push_back(person);
    return it->second;
  };
  std::vector<uint64_t> pair_keys;
  pair_keys.reserve(ties.size());
  std::vector<int64_t> by_kind(tie_kinds().size(), 0);
  auto big_enough = [&](const std::optional<int64_t>& unit) {
    auto it = unit ? units.find(*unit) : units.end();
    return it != units.end() && it->second.people >= scope.min_group;
  };
  std::map<std::pair<int64_t, int64_t>, MatrixCell> cells;
  std::set<int64_t> withheld;
  const int64_t span = scope.to - scope.from;
  const int64_t buckets = std::clamp<int64_t>((span + 7 * 86400 - 1) / (7 * 86400), 1, kTrendBuckets);
  std::vector<std::pair<int64_t, int64_t>> trend(static_cast<std::size_t>(buckets), {0, 0});  // cross, both in units
  int64_t cross = 0;
  int64_t within_units = 0;
  for (const auto& tie : ties) {
    const int a = node(tie.actor);
    const int b = node(tie.target);
    pair_keys.push_back(static_cast<uint64_t>(std::min(a, b)) << 32 | static_cast<uint32_t>(std::max(a, b)));
    ++by_kind[static_cast<std::size_t>(tie.kind)];
    const auto ua = unit_of[tie.actor];
    const auto ub = unit_of[tie.target];
    if (!ua || !ub) continue;
    ++within_units;
    const bool crosses = *ua != *ub;
    if (crosses) ++cross;
    auto bucket = static_cast<std::size_t>(std::clamp<int64_t>((tie.at - scope.from) * buckets / span, 0, buckets - 1));
    ++trend[bucket].second;
    if (crosses) ++trend[bucket].first;
    if (!big_enough(ua) || !big_enough(ub)) {
      if (!big_enough(ua)) withheld.insert(*ua);
      if (!big_enough(ub)) withheld.insert(*ub);
      continue;
    }
    auto& cell = cells[{*ua, *ub}];
    cell.from_unit_id = *ua;
    cell.to_unit_id = *ub;
    ++cell.interactions;
    if (tie_kinds()[static_cast<std::size_t>(tie.kind)] == "solution") ++cell.solutions;
  }
  // Distinct pairs with their number of interactions, in order.
  std::sort(pair_keys.begin(), pair_keys.end());
  std::vector<std::pair<std::pair<int, int>, int64_t>> pairs;
  for (std::size_t i = 0; i < pair_keys.size();) {
    std::size_t j = i;
    while (j < pair_keys.size() && pair_keys[j] == pair_keys[i]) ++j;
    pairs.push_back({{static_cast<int>(pair_keys[i] >> 32), static_cast<int>(pair_keys[i] & 0xffffffffu)},
                     static_cast<int64_t>(j - i)});
    i = j;
  }
  std::vector<uint64_t>().swap(pair_keys);
  out.people = static_cast<int64_t>(person_of.size());
  out.ties = static_cast<int64_t>(pairs.size());
  out.interactions = static_cast<int64_t>(ties.size());
  for (std::size_t k = 0; k < by_kind.size(); ++k) out.by_kind.push_back({tie_kinds()[k], by_kind[k]});
  if (within_units > 0) out.cross_unit_share = static_cast<double>(cross) / static_cast<double>(within_units);
  for (int64_t k = 0; k < buckets; ++k) {
    TrendPoint point;
    point.from = scope.from + span * k / buckets;
    point.to = scope.from + span * (k + 1) / buckets;
    const auto [crossing, total] = trend[static_cast<std::size_t>(k)];
    point.interactions = total;
    if (total > 0) point.cross_unit_share = static_cast<double>(crossing) / static_cast<double>(total);
    out.trend.push_back(point);
  }
  for (auto& [key, cell] : cells) out.matrix.push_back(cell);
  out.withheld_units = static_cast<int64_t>(withheld.size());

  // Per unit: ties inside and outside, partner units.
  std::map<int64_t, UnitTies> per_unit;
  std::map<int64_t, std::set<int64_t>> partners;
  std::map<int64_t, std::set<int64_t>> active;
  for (const auto& [pair, weight] : pairs) {
    const auto ua = unit_of[person_of[static_cast<std::size_t>(pair.first)]];
    const auto ub = unit_of[person_of[static_cast<std::size_t>(pair.second)]];
    if (ua) active[*ua].insert(pair.first);
    if (ub) active[*ub].insert(pair.second);
    if (!ua || !ub) continue;
    if (*ua == *ub) {
      per_unit[*ua].internal += weight;
      continue;
    }
    per_unit[*ua].external += weight;
    per_unit[*ub].external += weight;
    partners[*ua].insert(*ub);
    partners[*ub].insert(*ua);
  }
  for (auto& [unit, figures] : per_unit) {
    if (!big_enough(unit)) {
      withheld.insert(unit);
      continue;
    }
    figures.unit = units[unit];
    figures.active = static_cast<int64_t>(active[unit].size());
    figures.partner_units = static_cast<int64_t>(partners[unit].size());
    const int64_t total = figures.internal + figures.external;
    if (total > 0) figures.external_share = static_cast<double>(figures.external) / static_cast<double>(total);
    figures.silo = figures.partner_units == 0 || figures.external_share.value_or(0) < kSiloShare;
    out.unit_ties.push_back(figures);
    out.units.push_back(figures.unit);
  }
  out.withheld_units = static_cast<int64_t>(withheld.size());
  std::sort(out.unit_ties.begin(), out.unit_ties.end(), [](const UnitTies& a, const UnitTies& b) {
    const double sa = a.external_share.value_or(0);
    const double sb = b.external_share.value_or(0);
    return sa != sb ? sa < sb : a.unit.id < b.unit.id;
  });
  if (pairs.empty()) return out;

  // The graph, analysed with igraph.
  const auto n = static_cast<igraph_integer_t>(person_of.size());
  std::vector<double> betweenness(person_of.size(), 0.0);
  std::vector<igraph_integer_t> membership(person_of.size(), 0);
  {
    std::lock_guard lock(igraph_mutex());
    init_igraph();
    IntVector edges(static_cast<igraph_integer_t>(pairs.size() * 2));
    RealVector weights(static_cast<igraph_integer_t>(pairs.size()));
    igraph_integer_t e = 0;
    for (const auto& [pair, weight] : pairs) {
      VECTOR(edges.v)[2 * e] = pair.first;
      VECTOR(edges.v)[2 * e + 1] = pair.second;
      VECTOR(weights.v)[e] = static_cast<double>(weight);
      ++e;
    }
    Graph graph;
    if (igraph_create(&graph.g, &edges.v, n, IGRAPH_UNDIRECTED) != IGRAPH_SUCCESS) {
      return fail(ErrorCode::kInternal, "The collaboration graph could not be built.");
    }
    graph.ok = true;

    // Betweenness over shortest paths by number of hops (every tie one step).
    const auto betweenness_started = Clock::now();
    RealVector result;
    if (n <= kExactBetweennessUpTo) {
      if (igraph_betweenness(&graph.g, &result.v, igraph_vss_all(), IGRAPH_UNDIRECTED, nullptr) != IGRAPH_SUCCESS) {
        return fail(ErrorCode::kInternal, "Betweenness could not be computed.");
      }
      for (igraph_integer_t i = 0; i < n; ++i) betweenness[static_cast<std::size_t>(i)] = VECTOR(result.v)[i];
    } else {
      out.betweenness_sampled = true;
      // As many sources as about kBetweennessWork steps allow, from 32 to kBetweennessSources.
      const auto work = static_cast<igraph_integer_t>(pairs.size()) + n;
      const igraph_integer_t k_sources = std::clamp<igraph_integer_t>(kBetweennessWork / work, 32, kBetweennessSources);
      IntVector sources(k_sources);
      for (igraph_integer_t k = 0; k < k_sources; ++k) VECTOR(sources.v)[k] = k * n / k_sources;
      igraph_vs_t source_set;
      igraph_vs_vector(&source_set, &sources.v);
      if (igraph_betweenness_subset(&graph.g, &result.v, igraph_vss_all(), IGRAPH_UNDIRECTED, source_set,
                                    igraph_vss_all(), nullptr) != IGRAPH_SUCCESS) {
        return fail(ErrorCode::kInternal, "Betweenness could not be computed.");
      }
      // Paths from every person, estimated from those of the sampled ones.
      const double scale = static_cast<double>(n) / static_cast<double>(k_sources);
      out.betweenness_sources = k_sources;
      for (igraph_integer_t i = 0; i < n; ++i) betweenness[static_cast<std::size_t>(i)] = VECTOR(result.v)[i] * scale;
    }
    if (!out.betweenness_sampled) out.betweenness_sources = n;
    out.betweenness_ms = ms_since(betweenness_started);
    const auto communities_started = Clock::now();

    // Communities: Louvain on the weighted ties, with a fixed seed so that a report repeats.
    igraph_rng_seed(igraph_rng_default(), 20261130);
    IntVector groups;
    RealVector modularity;
    if (igraph_community_multilevel(&graph.g, &weights.v, 1.0, &groups.v, nullptr, &modularity.v) != IGRAPH_SUCCESS) {
      return fail(ErrorCode::kInternal, "Communities could not be found.");
    }
    for (igraph_integer_t i = 0; i < n; ++i) membership[static_cast<std::size_t>(i)] = VECTOR(groups.v)[i];
    if (igraph_vector_size(&modularity.v) > 0) {
      out.modularity = finite(VECTOR(modularity.v)[igraph_vector_size(&modularity.v) - 1]);
    }

    // People with a unit: assortativity by unit, and how far communities follow units.
    std::vector<igraph_integer_t> with_unit;
    std::map<int64_t, igraph_integer_t> unit_type;
    for (igraph_integer_t i = 0; i < n; ++i) {
      if (unit_of[person_of[static_cast<std::size_t>(i)]]) with_unit.push_back(i);
    }
    if (with_unit.size() >= 2) {
      IntVector keep(static_cast<igraph_integer_t>(with_unit.size()));
      IntVector types(static_cast<igraph_integer_t>(with_unit.size()));
      IntVector communities(static_cast<igraph_integer_t>(with_unit.size()));
      for (std::size_t k = 0; k < with_unit.size(); ++k) {
        const auto i = with_unit[k];
        const int64_t unit = *unit_of[person_of[static_cast<std::size_t>(i)]];
        auto [it, inserted] = unit_type.try_emplace(unit, static_cast<igraph_integer_t>(unit_type.size()));
        VECTOR(keep.v)[static_cast<igraph_integer_t>(k)] = i;
        VECTOR(types.v)[static_cast<igraph_integer_t>(k)] = it->second;
        VECTOR(communities.v)[static_cast<igraph_integer_t>(k)] = membership[static_cast<std::size_t>(i)];
      }
      igraph_real_t nmi = 0;
      if (igraph_compare_communities(&communities.v, &types.v, &nmi, IGRAPH_COMMCMP_NMI) == IGRAPH_SUCCESS) {
        out.communities_vs_units = finite(nmi);
      }
      igraph_vs_t kept;
      igraph_vs_vector(&kept, &keep.v);
      Graph sub;
      if (igraph_induced_subgraph(&graph.g, &sub.g, kept, IGRAPH_SUBGRAPH_AUTO) == IGRAPH_SUCCESS) {
        sub.ok = true;
        // The induced subgraph keeps the order of `keep`, so `types` lines up with its vertices.
        igraph_real_t r = 0;
        if (igraph_ecount(&sub.g) > 0 &&
            igraph_assortativity_nominal(&sub.g, &types.v, &r, IGRAPH_UNDIRECTED, true) == IGRAPH_SUCCESS) {
          out.unit_assortativity = finite(r);
        }
      }
    }
    out.communities_ms = ms_since(communities_started);
  }

  // Brokers: the highest betweenness among people whose ties span at least two units.
  std::vector<std::set<int64_t>> neighbour_units(person_of.size());
  std::vector<int64_t> degree(person_of.size(), 0);
  for (const auto& [pair, weight] : pairs) {
    for (auto [self, other] : {std::pair{pair.first, pair.second}, std::pair{pair.second, pair.first}}) {
      ++degree[static_cast<std::size_t>(self)];
      if (auto unit = unit_of[person_of[static_cast<std::size_t>(other)]]) {
        neighbour_units[static_cast<std::size_t>(self)].insert(*unit);
      }
    }
  }
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < person_of.size(); ++i) {
    auto bridged = neighbour_units[i];
    if (auto own = unit_of[person_of[i]]) bridged.insert(*own);
    if (betweenness[i] > 0 && bridged.size() >= 2) order.push_back(i);
  }
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return betweenness[a] != betweenness[b] ? betweenness[a] > betweenness[b] : person_of[a] < person_of[b];
  });
  // Named only if the viewer may see them (a guest sees only people who share a space with them;
  // someone mentioned in their space may not): the best kBrokers of those.
  std::vector<int64_t> broker_ids;
  for (auto i : order) broker_ids.push_back(person_of[i]);
  std::unordered_map<int64_t, PersonSummary> summaries;
  WEFT_TRY_VOID(store::read(store, [&](store::Connection& c) -> Result<void> {
    std::vector<Param> params{Param::ids(broker_ids)};
    const std::string sql = "SELECT p.id, p.handle, p.name, p.title, p.unit_id FROM people p WHERE p.id IN (" +
                            c.ids_sql("?") + ") AND " + policy::append(params, policy::visible_people(viewer, "p"));
    auto rows = c.query(sql, params);
    while (rows->next()) {
      summaries[rows->int64(0)] = {rows->int64(0), rows->text(1), rows->text(2), rows->text(3),
                                   rows->optional_int64(4)};
    }
    return {};
  }));
  for (auto i : order) {
    if (static_cast<int>(out.brokers.size()) >= kBrokers) break;
    auto named = summaries.find(person_of[i]);
    if (named == summaries.end()) continue;
    Broker broker;
    broker.person = named->second;
    broker.betweenness = std::round(betweenness[i] * 10.0) / 10.0;
    auto bridged = neighbour_units[i];
    if (auto own = unit_of[person_of[i]]) bridged.insert(*own);
    broker.units_bridged = static_cast<int64_t>(bridged.size());
    broker.ties = degree[i];
    out.brokers.push_back(std::move(broker));
  }

  // Communities, largest first; those under the privacy floor are counted but not described.
  std::map<igraph_integer_t, std::vector<std::size_t>> members;
  for (std::size_t i = 0; i < membership.size(); ++i) members[membership[i]].push_back(i);
  out.community_count = static_cast<int64_t>(members.size());
  for (const auto& [group, people] : members) {
    if (static_cast<int64_t>(people.size()) < scope.min_group) continue;
    Community community;
    community.size = static_cast<int64_t>(people.size());
    std::map<int64_t, int64_t> by_unit;
    for (auto i : people) {
      if (auto unit = unit_of[person_of[i]]) ++by_unit[*unit];
    }
    std::vector<std::pair<int64_t, int64_t>> sorted(by_unit.begin(), by_unit.end());
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (!sorted.empty()) {
      community.main_unit_id = sorted.front().first;
      community.main_unit_share = static_cast<double>(sorted.front().second) / static_cast<double>(people.size());
    }
    for (std::size_t k = 0; k < sorted.size() && k < 3; ++k) {
      community.units.push_back({std::to_string(sorted[k].first), sorted[k].second});
    }
    out.communities.push_back(std::move(community));
  }
  std::stable_sort(out.communities.begin(), out.communities.end(),
                   [](const Community& a, const Community& b) { return a.size > b.size; });
  for (std::size_t k = 0; k < out.communities.size(); ++k) out.communities[k].index = static_cast<int64_t>(k) + 1;
  return out;
}

}  // namespace weft::analytics
