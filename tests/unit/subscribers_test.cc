// Derived views as subscribers: the bus feeds them from the log, and a rebuild from an empty view
// gives the same rows as the incremental run.
#include <gtest/gtest.h>

#include "actions/people.h"
#include "actions/posts.h"
#include "events/subscriber.h"
#include "notifications/notifier.h"
#include "actions/notifications.h"
#include "queries/notifications.h"
#include "test_store.h"

namespace weft {
namespace {

class SubscribersTest : public ::testing::Test {
 protected:
  Viewer add(const std::string& name) { return store_.add_member(name); }

  // Every notification row as text, in id order, read marks included.
  std::vector<std::string> notification_rows() {
    auto rows = store::read(*store_, [&](store::Connection& c) -> Result<std::vector<std::string>> {
      std::vector<std::string> out;
      auto r = c.query(
          "SELECT person_id, kind, COALESCE(actor_id, 0), subject_type, subject_id, COALESCE(post_id, 0), "
          "event_id, read_at IS NOT NULL FROM notifications ORDER BY event_id, person_id, kind");
      while (r->next()) {
        std::string row;
        for (int i = 0; i < 8; ++i) row += (i == 1 || i == 3 ? r->text(i) : std::to_string(r->int64(i))) + "|";
        out.push_back(row);
      }
      return out;
    });
    return rows.value_or(std::vector<std::string>{});
  }

  // A small organization doing a bit of everything that notifies.
  void generate(Viewer& ada, Viewer& bo, Viewer& cy) {
    ada = add("Ada");
    bo = add("Bo");
    cy = add("Cy");
    ASSERT_TRUE(actions::follow(*store_, bo, ada.person_id));
    ASSERT_TRUE(actions::follow(*store_, cy, ada.person_id));
    auto post = actions::create_post(*store_, ada, {.body = "Hello @bo and @cy", .audience = "public"});
    ASSERT_TRUE(post);
    auto answer = actions::reply(*store_, bo, *post, "Thanks @ada");
    ASSERT_TRUE(answer);
    ASSERT_TRUE(actions::reply(*store_, cy, *answer, "Agreed"));
    ASSERT_TRUE(actions::react(*store_, cy, *post, "like", true));
    ASSERT_TRUE(actions::create_post(*store_, bo, {.body = "Reshared", .audience = "public", .reshare_of = *post}));
  }

  testing::TempStore store_;
};

TEST_F(SubscribersTest, ARebuiltNotificationViewEqualsTheIncrementalOneAndKeepsReadMarks) {
  Viewer ada, bo, cy;
  generate(ada, bo, cy);
  notifications::Notifier notifier(*store_, nullptr);
  events::Registry registry(*store_);
  registry.add(notifier);
  {
    events::EventBus bus(*store_, std::chrono::milliseconds(20));
    registry.attach(bus, 0);
    bus.start();
    auto last = store::read(*store_, [](store::Connection& c) -> Result<int64_t> { return events::last_id(c); });
    ASSERT_TRUE(bus.wait_delivered(*last, std::chrono::seconds(10)));
    bus.stop();
  }
  ASSERT_TRUE(actions::mark_read(*store_, ada, {}, true));
  auto incremental = notification_rows();
  ASSERT_GE(incremental.size(), 6u);  // follows, mentions, replies, reaction, reshare

  int64_t reported_total = 0;
  auto report = registry.rebuild("notifications", [&](int64_t, int64_t total) { reported_total = total; });
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_GT(report->events, 0);
  EXPECT_EQ(reported_total, report->events);
  EXPECT_EQ(notification_rows(), incremental);

  // The checkpoint is at the last event: a bus started now replays nothing into the view.
  auto checkpoint = store::read(*store_, [](store::Connection& c) -> Result<std::optional<int64_t>> {
    return c.query_int("SELECT last_id FROM event_checkpoints WHERE name = 'notifications'");
  });
  auto last = store::read(*store_, [](store::Connection& c) -> Result<int64_t> { return events::last_id(c); });
  ASSERT_TRUE(checkpoint && *checkpoint);
  EXPECT_EQ(**checkpoint, *last);
}

TEST_F(SubscribersTest, RebuildRefusesUnknownAndLiveSubscribers) {
  struct Live final : events::LiveSubscriber {
    std::string name() const override { return "live"; }
    Result<void> handle(const events::Event&) override { return {}; }
  } live;
  events::Registry registry(*store_);
  registry.add(live);
  auto unknown = registry.rebuild("nothing", nullptr);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidArgument);
  auto refused = registry.rebuild("live", nullptr);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("live"), std::string::npos);
  EXPECT_EQ(registry.names(true).size(), 0u);
  EXPECT_EQ(registry.names(false), std::vector<std::string>{"live"});
}

}  // namespace
}  // namespace weft
