// The collaboration network and engagement (analytics/network.h, engagement.h) and the figure
// cache (analytics/cache.h), on small organizations whose figures are worked out here by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "actions/people.h"
#include "actions/posts.h"
#include "actions/spaces.h"
#include "actions/units.h"
#include "analytics/cache.h"
#include "analytics/engagement.h"
#include "analytics/network.h"
#include "core/clock.h"
#include "test_store.h"

namespace weft {
namespace {

constexpr int64_t kStart = 1800000000;

// A path of replies a – b – c – d: a and b in unit U, c and d in unit V. a posts, b replies to
// a's post, c replies to b's reply, d replies to c's.
class NetworkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock::set_now_for_testing([] { return kStart + 3600; });
    u_ = store::transact(*store_, [&](store::Connection& c) -> Result<int64_t> {
           return actions::insert_unit(c, std::nullopt, "U", std::nullopt);
         }).value();
    v_ = store::transact(*store_, [&](store::Connection& c) -> Result<int64_t> {
           return actions::insert_unit(c, std::nullopt, "V", std::nullopt);
         }).value();
    a_ = add("Ann", u_);
    b_ = add("Ben", u_);
    c_ = add("Cat", v_);
    d_ = add("Dan", v_);
    outsider_ = add("Olu", std::nullopt);
    const int64_t post = *actions::create_post(*store_, a_, {.body = "Plan for the week"});
    const int64_t r1 = *actions::reply(*store_, b_, post, "Looks good");
    const int64_t r2 = *actions::reply(*store_, c_, r1, "Agreed");
    EXPECT_TRUE(actions::reply(*store_, d_, r2, "Me too").has_value());
  }
  void TearDown() override { clock::set_now_for_testing({}); }

  Viewer add(const std::string& name, std::optional<int64_t> unit) {
    actions::NewPerson person{.name = name, .email = name + "@example.org", .unit_id = unit, .role = Role::kMember};
    auto id = store::transact(*store_, [&](store::Connection& c) {
      return actions::insert_person(c, std::nullopt, person, "x");
    });
    return Viewer{*id, Role::kMember, unit};
  }
  analytics::Scope scope(int64_t min_group = 2) {
    return {.from = kStart, .to = kStart + 86400, .min_group = min_group};
  }

  testing::TempStore store_;
  int64_t u_ = 0, v_ = 0;
  Viewer a_, b_, c_, d_, outsider_;
};

TEST_F(NetworkTest, TiesAcrossUnitsAndTheMatrix) {
  const Network n = *analytics::network(*store_, outsider_, scope());
  EXPECT_EQ(n.interactions, 3);
  EXPECT_EQ(n.people, 4);
  EXPECT_EQ(n.ties, 3);
  // a–b inside U, b–c across, c–d inside V.
  ASSERT_TRUE(n.cross_unit_share);
  EXPECT_DOUBLE_EQ(*n.cross_unit_share, 1.0 / 3.0);
  ASSERT_EQ(n.matrix.size(), 3u);  // U→U (b on a), V→U (c on b), V→V (d on c)
  for (const auto& cell : n.matrix) {
    EXPECT_EQ(cell.interactions, 1);
    EXPECT_FALSE(cell.from_unit_id == u_ && cell.to_unit_id == v_);
  }
  ASSERT_EQ(n.unit_ties.size(), 2u);
  for (const auto& t : n.unit_ties) {
    EXPECT_EQ(t.internal, 1);
    EXPECT_EQ(t.external, 1);
    EXPECT_DOUBLE_EQ(*t.external_share, 0.5);
    EXPECT_FALSE(t.silo);
  }
}

TEST_F(NetworkTest, BrokersCommunitiesAndAssortativity) {
  const Network n = *analytics::network(*store_, outsider_, scope());
  // Betweenness on a path of four: b lies on a–c and a–d, c on a–d and b–d.
  ASSERT_EQ(n.brokers.size(), 2u);
  EXPECT_EQ(n.brokers[0].person.id, b_.person_id);
  EXPECT_DOUBLE_EQ(n.brokers[0].betweenness, 2.0);
  EXPECT_EQ(n.brokers[0].units_bridged, 2);
  EXPECT_EQ(n.brokers[1].person.id, c_.person_id);
  EXPECT_DOUBLE_EQ(n.brokers[1].betweenness, 2.0);
  EXPECT_FALSE(n.betweenness_sampled);
  // Louvain splits the path in the middle: {a, b} and {c, d}, modularity 2 · (1/3 − (3/6)²) = 1/6.
  EXPECT_EQ(n.community_count, 2);
  ASSERT_TRUE(n.modularity);
  EXPECT_NEAR(*n.modularity, 1.0 / 6.0, 1e-9);
  ASSERT_EQ(n.communities.size(), 2u);
  EXPECT_DOUBLE_EQ(n.communities[0].main_unit_share, 1.0);
  // The communities are the units exactly.
  ASSERT_TRUE(n.communities_vs_units);
  EXPECT_NEAR(*n.communities_vs_units, 1.0, 1e-9);
  // Edge ends by unit: e_UU = e_VV = 1/3, e_UV = e_VU = 1/6; a_U = a_V = 1/2:
  // r = (2/3 − 1/2) / (1 − 1/2) = 1/3.
  ASSERT_TRUE(n.unit_assortativity);
  EXPECT_NEAR(*n.unit_assortativity, 1.0 / 3.0, 1e-9);
}

TEST_F(NetworkTest, UnitsUnderTheFloorAreLeftOut) {
  const Network n = *analytics::network(*store_, outsider_, scope(3));
  EXPECT_EQ(n.withheld_units, 2);
  EXPECT_TRUE(n.matrix.empty());
  EXPECT_TRUE(n.unit_ties.empty());
  EXPECT_TRUE(n.units.empty());
  EXPECT_TRUE(n.communities.empty()) << "communities of two are under a floor of three";
  EXPECT_EQ(n.community_count, 2);
  EXPECT_EQ(n.interactions, 3) << "counts of interactions are not about a group";
}

TEST_F(NetworkTest, NothingOutsideThePeriodAndABadPeriod) {
  analytics::Scope later{.from = kStart + 86400, .to = kStart + 2 * 86400, .min_group = 2};
  const Network n = *analytics::network(*store_, outsider_, later);
  EXPECT_EQ(n.interactions, 0);
  EXPECT_TRUE(n.brokers.empty());
  EXPECT_FALSE(n.cross_unit_share);
  analytics::Scope backwards{.from = kStart, .to = kStart, .min_group = 2};
  EXPECT_EQ(analytics::network(*store_, outsider_, backwards).error().code, ErrorCode::kInvalidArgument);
}

TEST_F(NetworkTest, EngagementOfTheThread) {
  // a's post: nobody follows a; b, c and d replied in its thread → reached 3, connected 3.
  const Engagement e = *analytics::engagement(*store_, outsider_, scope());
  EXPECT_EQ(e.posts.items, 1);
  EXPECT_EQ(e.posts.reached, 3);
  EXPECT_EQ(e.posts.connected, 3);
  EXPECT_EQ(e.conversations, 1);
  EXPECT_EQ(e.broadcasts, 0);
  ASSERT_EQ(e.units.size(), 1u);
  EXPECT_EQ(e.units[0].unit.id, u_);
  // Once c follows a, c is in the audience already: still 3 reached.
  EXPECT_TRUE(actions::follow(*store_, c_, a_.person_id).has_value());
  EXPECT_EQ(analytics::engagement(*store_, outsider_, scope())->posts.reached, 3);
  // Under a floor of 3, U's conversation share is withheld.
  const Engagement floor = *analytics::engagement(*store_, outsider_, scope(3));
  EXPECT_TRUE(floor.units.empty());
  EXPECT_EQ(floor.withheld_units, 1);
}

// The same path with U and V under one division D: shown at level 0, everyone is in D.
TEST(NetworkLevelsTest, UnitsRollUpToTheLevelShown) {
  clock::set_now_for_testing([] { return kStart + 3600; });
  testing::TempStore store;
  auto unit = [&](const std::string& name, std::optional<int64_t> parent) {
    return store::transact(*store, [&](store::Connection& c) -> Result<int64_t> {
             return actions::insert_unit(c, std::nullopt, name, parent);
           }).value();
  };
  const int64_t d = unit("D", std::nullopt);
  const int64_t u = unit("U", d);
  const int64_t v = unit("V", d);
  auto add = [&](const std::string& name, int64_t in) {
    actions::NewPerson person{.name = name, .email = name + "@example.org", .unit_id = in, .role = Role::kMember};
    auto id = store::transact(*store, [&](store::Connection& c) { return actions::insert_person(c, std::nullopt, person, "x"); });
    return Viewer{*id, Role::kMember, in};
  };
  const Viewer a = add("Ann", u), b = add("Ben", u), c = add("Cat", v), dd = add("Dan", v);
  const int64_t post = *actions::create_post(*store, a, {.body = "Plan"});
  const int64_t r1 = *actions::reply(*store, b, post, "Good");
  const int64_t r2 = *actions::reply(*store, c, r1, "Agreed");
  EXPECT_TRUE(actions::reply(*store, dd, r2, "Same").has_value());
  analytics::Scope scope{.from = kStart, .to = kStart + 86400, .min_group = 2};
  // By default, the deepest level with few enough units: U and V.
  const Network teams = *analytics::network(*store, a, scope);
  EXPECT_EQ(teams.unit_level, 1);
  EXPECT_EQ(teams.unit_levels, 1);
  EXPECT_DOUBLE_EQ(*teams.cross_unit_share, 1.0 / 3.0);
  scope.level = 0;
  const Network division = *analytics::network(*store, a, scope);
  EXPECT_EQ(division.unit_level, 0);
  EXPECT_DOUBLE_EQ(*division.cross_unit_share, 0.0);
  ASSERT_EQ(division.units.size(), 1u);
  EXPECT_EQ(division.units[0].id, d);
  EXPECT_EQ(division.units[0].people, 4) << "D's people are those of its whole subtree";
  ASSERT_EQ(division.matrix.size(), 1u);
  EXPECT_EQ(division.matrix[0].interactions, 3);
  EXPECT_TRUE(division.unit_ties[0].silo);
  clock::set_now_for_testing({});
}

TEST(FigureCacheTest, ServesUntilAWriteThenRefreshesInTheBackground) {
  analytics::FigureCache<int> cache(60, 2);
  int computed = 0;
  auto compute = [&computed]() -> Result<int> { return ++computed; };
  EXPECT_EQ(**cache.get("k", 10, 1000, compute), 1);
  EXPECT_EQ(**cache.get("k", 10, 1001, compute), 1) << "nothing written: the same answer";
  // A write (the log's head moved) within the fresh window: the old answer now, a new one soon.
  EXPECT_EQ(**cache.get("k", 11, 1010, compute), 1);
  for (int k = 0; k < 200 && **cache.get("k", 11, 1010, compute) == 1; ++k) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(**cache.get("k", 11, 1011, compute), 2);
  // Too old after a write: computed in the call.
  EXPECT_EQ(**cache.get("k", 12, 5000, compute), 3);
  EXPECT_GE(cache.hits(), 3);
  // Failures are not kept.
  auto failing = []() -> Result<int> { return fail(ErrorCode::kUnavailable, "busy"); };
  EXPECT_FALSE(cache.get("other", 1, 1, failing).has_value());
  EXPECT_EQ(**cache.get("other", 1, 1, compute), 4);
}

}  // namespace
}  // namespace weft
