// The registry's bookkeeping alone: stamps, stale holds, eviction order, force release, snapshot.
#include "display/display_table.hpp"

#include <gtest/gtest.h>

#include "fake_display_backend.hpp"

namespace pfhost::core {
namespace {

using namespace std::chrono_literals;
using test::FakeDisplayBackend;
using test::request_for;

const SteadyTime t0 = SteadyTime{} + 1h;
const pfhost_mode k720{1280, 720, 60000};
const pfhost_mode k1080{1920, 1080, 60000};
const LingerPolicy kLinger10s = LingerPolicy::for_duration(10s);

class DisplayTableTest : public ::testing::Test {
 protected:
  DisplayClaim add(const pfhost_mode &mode, const char *backend = "fake") {
    return table.add(
        fake.backend().create(request_for(mode.width, mode.height, mode.refresh_millihz / 1000)),
        backend, mode, "client");
  }
  FakeDisplayBackend fake;
  DisplayTable table;
};

TEST_F(DisplayTableTest, StaleHoldAfterReuseIsIgnored) {
  const DisplayClaim first = add(k720);
  EXPECT_EQ(first.action, AcquireAction::create);
  ReleaseOutcome out = table.release(first.slot, first.generation, t0, kLinger10s);
  EXPECT_EQ(out.action, ReleaseAction::linger);

  auto second = table.reuse_kept("fake", k720, "c2");
  ASSERT_TRUE(second);
  table.finish_check(second->slot);
  EXPECT_EQ(second->action, AcquireAction::reuse);
  EXPECT_EQ(second->slot, first.slot);
  EXPECT_NE(second->generation, first.generation);  // re-stamped

  // The first hold's stamp is from an earlier life: it must not release the new session's hold.
  out = table.release(first.slot, first.generation, t0, LingerPolicy::immediate());
  EXPECT_TRUE(out.stale);
  EXPECT_FALSE(out.teardown);
  EXPECT_EQ(table.find(first.slot)->state.refs(), 1u);
  EXPECT_EQ(fake.destroys(), 0);
}

TEST_F(DisplayTableTest, StaleHoldAfterTeardownIsIgnored) {
  const DisplayClaim claim = add(k720);
  ReleaseOutcome out = table.release(claim.slot, claim.generation, t0, LingerPolicy::immediate());
  ASSERT_TRUE(out.teardown);
  out.teardown.reset();
  EXPECT_EQ(fake.destroys(), 1);
  out = table.release(claim.slot, claim.generation, t0, LingerPolicy::immediate());
  EXPECT_TRUE(out.stale);
  EXPECT_EQ(fake.destroys(), 1);
}

TEST_F(DisplayTableTest, JoinSharesTheStampAndSkipsDisplaysBeingChecked) {
  const DisplayClaim a = add(k720);
  auto b = table.join("fake", k720);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->action, AcquireAction::join);
  EXPECT_EQ(b->generation, a.generation);
  EXPECT_FALSE(table.join("fake", k1080));
  EXPECT_FALSE(table.join("other", k720));

  EXPECT_EQ(table.release(a.slot, a.generation, t0, kLinger10s).action, ReleaseAction::decref);
  EXPECT_EQ(table.release(b->slot, b->generation, t0, kLinger10s).action, ReleaseAction::linger);
  auto c = table.reuse_kept("fake", k720, "");
  ASSERT_TRUE(c);
  EXPECT_FALSE(table.join("fake", k720)) << "a display under a liveness check is not joinable";
  table.finish_check(c->slot);
  EXPECT_TRUE(table.join("fake", k720));
}

TEST_F(DisplayTableTest, EvictsNearestExpiryFirstAndPinnedLast) {
  const DisplayClaim a = add(k720);
  const DisplayClaim b = add(k1080);
  const DisplayClaim c = add(pfhost_mode{800, 600, 60000});
  const DisplayClaim d = add(pfhost_mode{640, 480, 60000});
  const DisplayClaim held = add(pfhost_mode{320, 240, 60000});
  table.release(a.slot, a.generation, t0, LingerPolicy::forever());              // pinned
  table.release(b.slot, b.generation, t0, LingerPolicy::for_duration(30s));      // t0+30s
  table.release(c.slot, c.generation, t0 + 1s, LingerPolicy::for_duration(5s));  // t0+6s
  table.release(d.slot, d.generation, t0, LingerPolicy::for_duration(20s));      // t0+20s
  (void)held;

  std::vector<uint64_t> order;
  while (auto victim = table.take_eviction_victim()) order.push_back(victim->slot);
  EXPECT_EQ(order, (std::vector<uint64_t>{c.slot, d.slot, b.slot, a.slot}));
  EXPECT_EQ(table.size(), 1u) << "the held display is never evicted";
  EXPECT_EQ(fake.destroys(), 4);
}

TEST_F(DisplayTableTest, ForceReleaseTakesKeptAndRefusesActive) {
  const DisplayClaim a = add(k720);
  const DisplayClaim b = add(k1080);
  const DisplayClaim c = add(pfhost_mode{800, 600, 60000});
  table.release(a.slot, a.generation, t0, kLinger10s);
  table.release(b.slot, b.generation, t0, LingerPolicy::forever());

  ForceReleaseOutcome one = table.force_release(c.slot);
  EXPECT_TRUE(one.released.empty());
  ASSERT_EQ(one.refused.size(), 1u);
  EXPECT_EQ(one.refused[0].slot, c.slot);
  EXPECT_EQ(one.refused[0].sessions, 1u);

  one = table.force_release(a.slot);
  ASSERT_EQ(one.released.size(), 1u);
  EXPECT_EQ(one.released[0].slot, a.slot);

  EXPECT_TRUE(table.force_release(999).released.empty());

  ForceReleaseOutcome all = table.force_release(std::nullopt);
  ASSERT_EQ(all.released.size(), 1u);
  EXPECT_EQ(all.released[0].slot, b.slot);
  ASSERT_EQ(all.refused.size(), 1u);
  EXPECT_EQ(all.refused[0].slot, c.slot);
}

TEST_F(DisplayTableTest, ExpiryTakesOnlyPassedDeadlines) {
  const DisplayClaim a = add(k720);
  const DisplayClaim b = add(k1080);
  const DisplayClaim c = add(pfhost_mode{800, 600, 60000});
  table.release(a.slot, a.generation, t0, LingerPolicy::for_duration(1s));
  table.release(b.slot, b.generation, t0, LingerPolicy::for_duration(2s));
  EXPECT_EQ(table.next_deadline(), t0 + 1s);
  EXPECT_TRUE(table.take_expired(t0 + 999ms).empty());
  auto expired = table.take_expired(t0 + 1s);
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].slot, a.slot);
  EXPECT_EQ(table.next_deadline(), t0 + 2s);
  expired = table.take_expired(t0 + 1h);
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_FALSE(table.next_deadline());
  EXPECT_EQ(table.size(), 1u);
  (void)c;
}

TEST_F(DisplayTableTest, SnapshotDescribesEveryState) {
  const DisplayClaim a = add(k720);
  const DisplayClaim b = add(k1080);
  const DisplayClaim c = add(pfhost_mode{800, 600, 60000});
  ASSERT_TRUE(table.join("fake", pfhost_mode{800, 600, 60000}));
  table.release(a.slot, a.generation, t0, LingerPolicy::for_duration(10s));
  table.release(b.slot, b.generation, t0, LingerPolicy::forever());

  const auto snap = table.snapshot(t0 + 2500ms);
  ASSERT_EQ(snap.size(), 3u);
  EXPECT_EQ(snap[0].state, "lingering");
  EXPECT_EQ(snap[0].expires_in_ms, 7500u);
  EXPECT_EQ(snap[0].sessions, 0u);
  EXPECT_EQ(snap[0].backend, "fake");
  EXPECT_EQ(snap[0].client, "client");
  EXPECT_EQ(snap[0].mode.width, 1280u);
  EXPECT_EQ(snap[1].state, "pinned");
  EXPECT_FALSE(snap[1].expires_in_ms);
  EXPECT_EQ(snap[2].state, "active");
  EXPECT_EQ(snap[2].sessions, 2u);
  EXPECT_EQ(snap[2].slot, c.slot);
  EXPECT_EQ(table.snapshot(t0 + 1h)[0].expires_in_ms, 0u);  // overdue reads as 0, not negative
}

}  // namespace
}  // namespace pfhost::core
