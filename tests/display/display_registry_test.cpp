// DisplayRegistry against the fake C plugin: reuse, join, separate, stale leases, expiry on the
// timer, eviction order, force release, leases outliving the registry, and proof that a blocked
// create does not block the registry. Waits are on conditions with generous bounds, never fixed
// sleeps.
#include "display/display_registry.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "backends/display_error.hpp"
#include "display/registry_core.hpp"
#include "fake_display_backend.hpp"

namespace pfhost::core {
namespace {

using namespace std::chrono_literals;
using test::FakeDisplayBackend;
using test::request_for;

constexpr auto kBound = 10s;  // generous: the machine is shared and may be slow

DisplayPolicy policy(KeepAlive::Kind kind, std::chrono::milliseconds keep = 1h,
                     uint32_t max_displays = 4, DisplaySharing sharing = DisplaySharing::separate) {
  DisplayPolicy p;
  p.keep_alive.kind = kind;
  p.keep_alive.duration = keep;
  p.max_displays = max_displays;
  p.sharing = sharing;
  return p;
}
DisplayPolicy lingering(std::chrono::milliseconds keep = 1h, uint32_t max_displays = 4,
                        DisplaySharing sharing = DisplaySharing::separate) {
  return policy(KeepAlive::Kind::duration, keep, max_displays, sharing);
}

const pfhost_display_request k720 = request_for(1280, 720, 60);
const pfhost_display_request k1080 = request_for(1920, 1080, 60);
const pfhost_display_request k600 = request_for(800, 600, 60);
const pfhost_display_request k480 = request_for(640, 480, 60);

class DisplayRegistryTest : public ::testing::Test {
 protected:
  FakeDisplayBackend mutter{"mutter"};
  FakeDisplayBackend kwin{"kwin"};
};

TEST_F(DisplayRegistryTest, CreatesThenReusesTheKeptDisplay) {
  DisplayRegistry registry(lingering());
  DisplayLease first = registry.acquire(mutter.backend(), k720, "alice");
  ASSERT_TRUE(first);
  EXPECT_EQ(first.backend(), "mutter");
  EXPECT_EQ(first.mode().width, 1280u);
  EXPECT_EQ(first.target().kind, static_cast<uint32_t>(PFHOST_TARGET_PIPEWIRE_NODE));
  const uint32_t node = first.target().u.pipewire.node_id;
  const uint64_t slot = first.slot();
  const uint64_t generation = first.generation();
  first.reset();
  EXPECT_FALSE(first);

  auto snap = registry.snapshot();
  ASSERT_EQ(snap.size(), 1u);
  EXPECT_EQ(snap[0].state, "lingering");
  EXPECT_EQ(snap[0].sessions, 0u);
  ASSERT_TRUE(snap[0].expires_in_ms);
  EXPECT_LE(*snap[0].expires_in_ms, 3'600'000u);
  EXPECT_EQ(snap[0].client, "alice");

  DisplayLease second = registry.acquire(mutter.backend(), k720, "alice-again");
  EXPECT_EQ(second.slot(), slot);
  EXPECT_NE(second.generation(), generation);
  EXPECT_EQ(second.target().u.pipewire.node_id, node);
  EXPECT_EQ(mutter.creates(), 1);
  EXPECT_EQ(mutter.is_alive_calls(), 2);  // checked before keeping it, and before reuse
  snap = registry.snapshot();
  EXPECT_EQ(snap[0].state, "active");
  EXPECT_EQ(snap[0].sessions, 1u);
  EXPECT_FALSE(snap[0].expires_in_ms);
  EXPECT_EQ(snap[0].client, "alice-again");
}

TEST_F(DisplayRegistryTest, OtherModeOrBackendGetsItsOwnDisplay) {
  DisplayRegistry registry(lingering());
  registry.acquire(mutter.backend(), k720).reset();
  DisplayLease other_mode = registry.acquire(mutter.backend(), k1080);
  DisplayLease other_backend = registry.acquire(kwin.backend(), k720);
  EXPECT_EQ(mutter.creates(), 2);
  EXPECT_EQ(kwin.creates(), 1);
  EXPECT_EQ(registry.snapshot().size(), 3u);
}

TEST_F(DisplayRegistryTest, DeadKeptDisplayIsTornDownAndReplaced) {
  DisplayRegistry registry(lingering());
  registry.acquire(mutter.backend(), k720).reset();
  mutter.set_alive(false);
  DisplayLease lease = registry.acquire(mutter.backend(), k720);
  EXPECT_EQ(mutter.creates(), 2);
  EXPECT_EQ(mutter.destroys(), 1);
  EXPECT_EQ(lease.target().u.pipewire.node_id, 2u);
  EXPECT_EQ(registry.snapshot().size(), 1u);
}

TEST_F(DisplayRegistryTest, DisplayThatDiedDuringItsSessionIsNotKept) {
  // E.g. the compositor was killed mid-session: lingering would only hold a slot for nothing.
  DisplayRegistry registry(lingering());
  DisplayLease lease = registry.acquire(mutter.backend(), k720);
  mutter.set_alive(false);
  lease.reset();
  EXPECT_EQ(mutter.destroys(), 1);
  EXPECT_TRUE(registry.snapshot().empty());

  // Pinned (keep_alive = forever) likewise.
  registry.set_policy(policy(KeepAlive::Kind::forever));
  mutter.set_alive(true);
  lease = registry.acquire(mutter.backend(), k720);
  mutter.set_alive(false);
  lease.reset();
  EXPECT_EQ(mutter.destroys(), 2);
  EXPECT_TRUE(registry.snapshot().empty());
}

TEST_F(DisplayRegistryTest, SeparateSharingGivesEachSessionItsOwnDisplay) {
  DisplayRegistry registry(lingering(1h, 4, DisplaySharing::separate));
  DisplayLease a = registry.acquire(mutter.backend(), k720);
  DisplayLease b = registry.acquire(mutter.backend(), k720);
  EXPECT_NE(a.slot(), b.slot());
  EXPECT_EQ(mutter.creates(), 2);
}

TEST_F(DisplayRegistryTest, JoinSharingSharesTheActiveDisplay) {
  DisplayRegistry registry(lingering(1h, 4, DisplaySharing::join));
  DisplayLease a = registry.acquire(mutter.backend(), k720);
  DisplayLease b = registry.acquire(mutter.backend(), k720);
  EXPECT_EQ(a.slot(), b.slot());
  EXPECT_EQ(mutter.creates(), 1);
  EXPECT_EQ(registry.snapshot()[0].sessions, 2u);
  a.reset();
  auto snap = registry.snapshot();
  EXPECT_EQ(snap[0].state, "active");
  EXPECT_EQ(snap[0].sessions, 1u);
  b.reset();
  EXPECT_EQ(registry.snapshot()[0].state, "lingering");
  EXPECT_EQ(mutter.destroys(), 0);
}

TEST_F(DisplayRegistryTest, JoinWaitsForTheDisplayBeingMadeAndSharesIt) {
  DisplayRegistry registry(lingering(1h, 4, DisplaySharing::join));
  mutter.block_creates();
  DisplayLease first, second;
  std::thread first_caller([&] { first = registry.acquire(mutter.backend(), k720, "a"); });
  ASSERT_TRUE(mutter.wait_blocked_creates(1, kBound));
  std::thread second_caller([&] { second = registry.acquire(mutter.backend(), k720, "b"); });
  // The second caller must wait for the first display, not ask the plugin for another one. (A
  // bounded wait for something that must not happen; it would show within milliseconds.)
  EXPECT_FALSE(mutter.wait_blocked_creates(2, 500ms));
  // Another mode is not held up by it.
  DisplayLease other = registry.acquire(kwin.backend(), k720);
  mutter.release_creates();
  first_caller.join();
  second_caller.join();
  ASSERT_TRUE(first);
  ASSERT_TRUE(second);
  EXPECT_EQ(first.slot(), second.slot());
  EXPECT_EQ(mutter.creates(), 1);
  const auto snap = registry.snapshot();
  ASSERT_EQ(snap.size(), 2u);
  EXPECT_EQ(snap[1].backend, "mutter");  // oldest first: kwin's was made while mutter's waited
  EXPECT_EQ(snap[1].sessions, 2u);
}

TEST_F(DisplayRegistryTest, AJoinerWhoseDisplayFailedToBeMadeMakesItsOwn) {
  DisplayRegistry registry(lingering(1h, 4, DisplaySharing::join));
  mutter.fail_next_create(PFHOST_E_UNAVAILABLE, "compositor went away");
  mutter.block_creates();
  std::string first_error;
  DisplayLease second;
  std::thread first_caller([&] {
    try {
      (void)registry.acquire(mutter.backend(), k720, "a");
    } catch (const DisplayError &error) {
      first_error = error.what();
    }
  });
  ASSERT_TRUE(mutter.wait_blocked_creates(1, kBound));
  std::thread second_caller([&] { second = registry.acquire(mutter.backend(), k720, "b"); });
  EXPECT_FALSE(mutter.wait_blocked_creates(2, 500ms));
  mutter.release_creates();
  first_caller.join();
  second_caller.join();
  EXPECT_NE(first_error.find("compositor went away"), std::string::npos) << first_error;
  ASSERT_TRUE(second);
  EXPECT_EQ(mutter.creates(), 1);
  EXPECT_EQ(registry.snapshot().size(), 1u);
}

TEST_F(DisplayRegistryTest, SeparateSharingMakesConcurrentDisplaysInParallel) {
  DisplayRegistry registry(lingering(1h, 4, DisplaySharing::separate));
  mutter.block_creates();
  DisplayLease first, second;
  std::thread first_caller([&] { first = registry.acquire(mutter.backend(), k720); });
  std::thread second_caller([&] { second = registry.acquire(mutter.backend(), k720); });
  EXPECT_TRUE(mutter.wait_blocked_creates(2, kBound));
  mutter.release_creates();
  first_caller.join();
  second_caller.join();
  EXPECT_NE(first.slot(), second.slot());
  EXPECT_EQ(mutter.creates(), 2);
}

TEST_F(DisplayRegistryTest, KeepAliveOffTearsDownWhenTheLastSessionLeaves) {
  DisplayRegistry registry(policy(KeepAlive::Kind::off));
  DisplayLease lease = registry.acquire(mutter.backend(), k720);
  lease.reset();  // teardown runs in the releasing thread, synchronously
  EXPECT_EQ(mutter.destroys(), 1);
  EXPECT_TRUE(registry.snapshot().empty());
}

TEST_F(DisplayRegistryTest, ZeroDurationMeansOff) {
  DisplayRegistry registry(lingering(0ms));
  registry.acquire(mutter.backend(), k720).reset();
  EXPECT_EQ(mutter.destroys(), 1);
}

TEST_F(DisplayRegistryTest, ForeverPinsUntilReleased) {
  DisplayRegistry registry(policy(KeepAlive::Kind::forever));
  DisplayLease lease = registry.acquire(mutter.backend(), k720);
  const uint64_t slot = lease.slot();
  lease.reset();
  auto snap = registry.snapshot();
  ASSERT_EQ(snap.size(), 1u);
  EXPECT_EQ(snap[0].state, "pinned");
  EXPECT_FALSE(snap[0].expires_in_ms);
  const ReleaseResult result = registry.release(slot);
  EXPECT_EQ(result.released, std::vector<uint64_t>{slot});
  EXPECT_TRUE(result.refused.empty());
  EXPECT_EQ(mutter.destroys(), 1);
}

TEST_F(DisplayRegistryTest, EmptyMovedAndResetLeasesReleaseNothing) {
  DisplayRegistry registry(lingering(1h, 4, DisplaySharing::join));
  DisplayLease empty;
  EXPECT_FALSE(empty);
  empty.reset();

  DisplayLease a = registry.acquire(mutter.backend(), k720);
  DisplayLease keep = registry.acquire(mutter.backend(), k720);  // joined: 2 sessions
  DisplayLease moved = std::move(a);
  EXPECT_FALSE(a);  // NOLINT(bugprone-use-after-move): moved-from is defined as empty
  a.reset();
  moved.reset();
  moved.reset();  // twice: still one release
  EXPECT_EQ(registry.snapshot()[0].sessions, 1u) << "a lease released more than once";

  // Move-assignment releases what the target held before taking over.
  DisplayLease other = registry.acquire(mutter.backend(), k1080);
  other = std::move(keep);
  auto snap = registry.snapshot();
  ASSERT_EQ(snap.size(), 2u);
  EXPECT_EQ(snap[0].sessions, 1u);
  EXPECT_EQ(snap[1].state, "lingering");
}

TEST_F(DisplayRegistryTest, LeaseFromAnEarlierLifeDoesNotReleaseTheNextSession) {
  // A DisplayLease empties itself on its first release, so no lease object can send an old stamp
  // twice; the generation check guards against a hold arriving from an earlier life anyway. This
  // drives the registry's release path (RegistryCore::release_hold, what DisplayLease::reset
  // calls) with the first life's (slot, generation), exactly as such a hold would arrive.
  detail::RegistryCore core(lingering());
  const DisplayClaim first =
      core.table.add(mutter.backend().create(k720), "mutter", k720.mode, "alice");
  core.release_hold(first.slot, first.generation);  // its last session left: it lingers
  ASSERT_STREQ(to_string(core.table.find(first.slot)->state.kind()), "lingering");
  ASSERT_EQ(mutter.is_alive_calls(), 1);  // asked before keeping it

  std::optional<DisplayClaim> second = core.table.reuse_kept("mutter", k720.mode, "bob");
  ASSERT_TRUE(second);
  core.table.finish_check(second->slot);
  ASSERT_EQ(second->slot, first.slot);
  ASSERT_NE(second->generation, first.generation);  // re-stamped

  core.release_hold(first.slot, first.generation);  // the earlier life's hold: nothing
  const DisplayEntry *entry = core.table.find(first.slot);
  ASSERT_NE(entry, nullptr) << "the stale hold tore the reused display down";
  EXPECT_STREQ(to_string(entry->state.kind()), "active") << "the stale hold released bob's session";
  EXPECT_EQ(entry->state.refs(), 1u);
  EXPECT_EQ(mutter.is_alive_calls(), 1) << "the stale hold started a last-release check";
  EXPECT_EQ(mutter.destroys(), 0);

  // The current hold still releases normally.
  core.release_hold(second->slot, second->generation);
  EXPECT_STREQ(to_string(core.table.find(first.slot)->state.kind()), "lingering");
  EXPECT_EQ(mutter.is_alive_calls(), 2);
}

TEST_F(DisplayRegistryTest, KeptDisplayIsNotReusedAtAnotherRefreshRate) {
  // Same size, other rate: the kept display runs at the wrong rate for the new session, which
  // would be captured at 60 Hz while asking for 30 Hz.
  DisplayRegistry registry(lingering());
  DisplayLease first = registry.acquire(mutter.backend(), request_for(1280, 720, 60));
  const uint32_t kept_node = first.target().u.pipewire.node_id;
  const uint64_t kept_slot = first.slot();
  first.reset();
  ASSERT_EQ(registry.snapshot().at(0).state, "lingering");

  DisplayLease second = registry.acquire(mutter.backend(), request_for(1280, 720, 30));
  EXPECT_EQ(mutter.creates(), 2) << "the 60 Hz display was handed out for a 30 Hz request";
  EXPECT_NE(second.slot(), kept_slot);
  EXPECT_NE(second.target().u.pipewire.node_id, kept_node);
  EXPECT_EQ(second.mode().refresh_millihz, 30000u);
  const auto snap = registry.snapshot();
  ASSERT_EQ(snap.size(), 2u);
  EXPECT_EQ(snap[0].slot, kept_slot);
  EXPECT_EQ(snap[0].state, "lingering");  // still kept, for a 60 Hz session
  EXPECT_EQ(snap[0].mode.refresh_millihz, 60000u);
}

TEST_F(DisplayRegistryTest, LingerExpiresOnTheTimer) {
  DisplayRegistry registry(lingering(30ms));
  registry.acquire(mutter.backend(), k720).reset();
  ASSERT_TRUE(mutter.wait_destroys(1, kBound));
  // The timer tears down outside the lock, after removing the entry.
  EXPECT_TRUE(registry.snapshot().empty());
  EXPECT_EQ(mutter.double_destroys(), 0);
}

TEST_F(DisplayRegistryTest, NearerDeadlineWakesTheTimer) {
  DisplayRegistry registry(lingering(1h));
  registry.acquire(mutter.backend(), k720).reset();  // the timer now waits for an hour
  registry.set_policy(lingering(20ms));
  registry.acquire(kwin.backend(), k720).reset();
  ASSERT_TRUE(kwin.wait_destroys(1, kBound)) << "the timer kept sleeping toward the old deadline";
  EXPECT_EQ(mutter.destroys(), 0);
  EXPECT_EQ(registry.snapshot().size(), 1u);
}

TEST_F(DisplayRegistryTest, ReusedDisplayIsNotExpiredByItsOldDeadline) {
  DisplayRegistry registry(lingering(40ms));
  registry.acquire(mutter.backend(), k720).reset();
  DisplayLease lease = registry.acquire(mutter.backend(), k720);
  if (mutter.creates() != 1) GTEST_SKIP() << "this thread stalled past the 40ms linger";
  // A second display lingers past the first one's old deadline; once it is gone the timer has
  // certainly looked at the first one's old deadline too.
  registry.set_policy(lingering(80ms));
  registry.acquire(kwin.backend(), k720).reset();
  ASSERT_TRUE(kwin.wait_destroys(1, kBound));
  EXPECT_EQ(mutter.destroys(), 0);
  EXPECT_FALSE(mutter.destroyed(lease.target().u.pipewire.node_id));
}

TEST_F(DisplayRegistryTest, EvictsNearestExpiryFirstPinnedLastAndFailsWhenAllActive) {
  DisplayRegistry registry(policy(KeepAlive::Kind::forever, 1h, 3));
  DisplayLease a = registry.acquire(mutter.backend(), k720);
  const uint64_t pinned = a.slot();
  a.reset();  // pinned
  registry.set_policy(lingering(1h, 3));
  DisplayLease b = registry.acquire(mutter.backend(), k1080);
  DisplayLease c = registry.acquire(mutter.backend(), k600);
  const uint64_t slot_b = b.slot();
  c.reset();  // lingers until now + 1h
  b.reset();  // lingers a little longer
  ASSERT_EQ(registry.snapshot().size(), 3u);

  auto slots = [&] {
    std::vector<uint64_t> out;
    for (const DisplayInfo &info : registry.snapshot()) out.push_back(info.slot);
    return out;
  };
  DisplayLease d = registry.acquire(kwin.backend(), k720);  // evicts c: nearest expiry
  EXPECT_EQ(slots(), (std::vector<uint64_t>{pinned, slot_b, d.slot()}));
  DisplayLease e = registry.acquire(kwin.backend(), k1080);  // evicts b
  EXPECT_EQ(slots(), (std::vector<uint64_t>{pinned, d.slot(), e.slot()}));
  DisplayLease f = registry.acquire(kwin.backend(), k600);  // evicts the pinned one last
  EXPECT_EQ(slots(), (std::vector<uint64_t>{d.slot(), e.slot(), f.slot()}));
  EXPECT_EQ(mutter.destroys(), 3);

  try {
    (void)registry.acquire(kwin.backend(), k480);
    FAIL() << "acquire should have failed";
  } catch (const DisplayError &err) {
    EXPECT_EQ(err.status(), PFHOST_E_BUSY);
    EXPECT_NE(std::string(err.what()).find("max_displays (3) reached: all displays are in use"),
              std::string::npos)
        << err.what();
  }
  EXPECT_EQ(kwin.creates(), 3);
}

TEST_F(DisplayRegistryTest, ReuseNeedsNoRoom) {
  DisplayRegistry registry(lingering(1h, 1));
  registry.acquire(mutter.backend(), k720).reset();
  DisplayLease lease = registry.acquire(mutter.backend(), k720);
  EXPECT_EQ(mutter.creates(), 1);
  EXPECT_EQ(mutter.destroys(), 0);
}

TEST_F(DisplayRegistryTest, ForceReleaseOneOrAllRefusesActive) {
  DisplayRegistry registry(lingering());
  DisplayLease a = registry.acquire(mutter.backend(), k720);
  DisplayLease b = registry.acquire(mutter.backend(), k1080);
  DisplayLease c = registry.acquire(mutter.backend(), k600);
  const uint64_t sa = a.slot(), sb = b.slot(), sc = c.slot();
  a.reset();
  b.reset();

  ReleaseResult r = registry.release(sc);
  EXPECT_TRUE(r.released.empty());
  EXPECT_EQ(r.refused, std::vector<uint64_t>{sc});

  r = registry.release(sa);
  EXPECT_EQ(r.released, std::vector<uint64_t>{sa});
  EXPECT_EQ(mutter.destroys(), 1);

  r = registry.release(12345);
  EXPECT_TRUE(r.released.empty());
  EXPECT_TRUE(r.refused.empty());

  r = registry.release();
  EXPECT_EQ(r.released, std::vector<uint64_t>{sb});
  EXPECT_EQ(r.refused, std::vector<uint64_t>{sc});
  EXPECT_EQ(mutter.destroys(), 2);
  ASSERT_EQ(registry.snapshot().size(), 1u);
  EXPECT_FALSE(mutter.destroyed(c.target().u.pipewire.node_id));
}

TEST_F(DisplayRegistryTest, LeaseOutlivingTheRegistryIsHarmless) {
  DisplayLease lease;
  {
    DisplayRegistry registry(lingering());
    lease = registry.acquire(mutter.backend(), k720);
    registry.acquire(mutter.backend(), k1080).reset();  // kept
  }  // shutdown tears both down, the held one with a warning
  EXPECT_EQ(mutter.destroys(), 2);
  lease.reset();
  EXPECT_EQ(mutter.destroys(), 2);
  EXPECT_EQ(mutter.double_destroys(), 0);
}

TEST_F(DisplayRegistryTest, CreateFailurePropagatesAndFreesItsRoom) {
  DisplayRegistry registry(lingering(1h, 1));
  mutter.fail_next_create(PFHOST_E_UNAVAILABLE, "no compositor");
  try {
    (void)registry.acquire(mutter.backend(), k720);
    FAIL() << "acquire should have failed";
  } catch (const DisplayError &err) {
    EXPECT_EQ(err.status(), PFHOST_E_UNAVAILABLE);
    EXPECT_EQ(err.reason(), "no compositor");
  }
  DisplayLease lease = registry.acquire(mutter.backend(), k720);  // the room was given back
  EXPECT_TRUE(lease);
}

TEST_F(DisplayRegistryTest, AcquireByModeMatchesTheRequestForm) {
  DisplayRegistry registry(lingering());
  registry.acquire(mutter.backend(), pfhost_mode{1280, 720, 60000}, "bob").reset();
  DisplayLease lease = registry.acquire(mutter.backend(), k720);
  EXPECT_EQ(mutter.creates(), 1);
  EXPECT_EQ(registry.snapshot()[0].client, "bob");
}

TEST_F(DisplayRegistryTest, ClientDefaultsToTheRequestClientId) {
  DisplayRegistry registry(lingering());
  pfhost_display_request request = k720;
  request.client_id = "cert:ab12";
  DisplayLease lease = registry.acquire(mutter.backend(), request);
  EXPECT_EQ(registry.snapshot()[0].client, "cert:ab12");
}

TEST_F(DisplayRegistryTest, BlockedCreateDoesNotBlockTheRegistry) {
  DisplayRegistry registry(lingering(1h, 3));
  DisplayLease kept_lease = registry.acquire(kwin.backend(), k1080);
  DisplayLease active = registry.acquire(kwin.backend(), k600);
  kept_lease.reset();

  mutter.block_creates();
  DisplayLease blocked_lease;
  std::thread creator([&] { blocked_lease = registry.acquire(mutter.backend(), k720); });
  ASSERT_TRUE(mutter.wait_blocked_creates(1, kBound));

  // Everything else goes on while the compositor call hangs.
  EXPECT_EQ(registry.snapshot().size(), 2u);
  DisplayLease reused = registry.acquire(kwin.backend(), k1080);
  EXPECT_EQ(kwin.creates(), 2);
  reused.reset();
  // The create in flight counts against max_displays: 2 displays + 1 coming = full, and the
  // kept one is evicted to make room for another.
  DisplayLease evictor = registry.acquire(kwin.backend(), k480);
  EXPECT_EQ(kwin.destroys(), 1);
  EXPECT_THROW((void)registry.acquire(kwin.backend(), request_for(320, 240, 30)), DisplayError);
  const ReleaseResult r = registry.release();
  EXPECT_EQ(r.refused.size(), 2u);

  mutter.release_creates();
  creator.join();
  ASSERT_TRUE(blocked_lease);
  EXPECT_EQ(registry.snapshot().size(), 3u);
}

}  // namespace
}  // namespace pfhost::core
