// Eight threads acquire, release, force-release and snapshot one registry at once, with short
// lingers so the timer races them too. Checked: a held display is never destroyed, snapshots are
// consistent, and at the end every created display was destroyed exactly once. Labelled `stress`
// in ctest; meant to run under ThreadSanitizer as well.
#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <thread>

#include "backends/display_error.hpp"
#include "display/display_registry.hpp"
#include "fake_display_backend.hpp"
#include "logging/log.hpp"

namespace pfhost::core {
namespace {

using namespace std::chrono_literals;
using test::FakeDisplayBackend;
using test::request_for;

struct StressCase {
  const char *name;
  KeepAlive::Kind keep;
  std::chrono::milliseconds duration;
  DisplaySharing sharing;
  uint32_t max_displays;
};

class DisplayRegistryStress : public ::testing::TestWithParam<StressCase> {};

void check_snapshot(const std::vector<DisplayInfo> &snap) {
  for (const DisplayInfo &info : snap) {
    if (info.state == "active") {
      ASSERT_GT(info.sessions, 0u);
      ASSERT_FALSE(info.expires_in_ms);
    } else if (info.state == "lingering") {
      ASSERT_EQ(info.sessions, 0u);
      ASSERT_TRUE(info.expires_in_ms);
    } else {
      ASSERT_EQ(info.state, "pinned");
      ASSERT_EQ(info.sessions, 0u);
    }
  }
}

TEST_P(DisplayRegistryStress, EightThreadsKeepEveryInvariant) {
  const StressCase c = GetParam();
  // Tens of thousands of info lines would only slow the race down.
  log::set_level(log::Level::warn);
  constexpr int kThreads = 8;
  constexpr int kIterations = 5000;
  FakeDisplayBackend fakes[2] = {FakeDisplayBackend("mutter"), FakeDisplayBackend("kwin")};
  const pfhost_display_request modes[] = {request_for(1280, 720, 60), request_for(1920, 1080, 60),
                                          request_for(800, 600, 30)};
  std::atomic<int> acquired{0}, busy{0};
  {
    DisplayPolicy policy;
    policy.keep_alive.kind = c.keep;
    policy.keep_alive.duration = c.duration;
    policy.sharing = c.sharing;
    policy.max_displays = c.max_displays;
    DisplayRegistry registry(policy);

    auto worker = [&](int index) {
      std::mt19937 rng(static_cast<unsigned>(1000 + index));
      struct Held {
        DisplayLease lease;
        int fake;
      };
      std::vector<Held> held;
      auto check_held = [&] {
        for (const Held &h : held)
          ASSERT_FALSE(fakes[h.fake].destroyed(h.lease.target().u.pipewire.node_id))
              << "a held display was destroyed";
      };
      for (int i = 0; i < kIterations; ++i) {
        const auto op = rng() % 100;
        if (op < 35) {
          if (held.size() >= 3) continue;
          const int f = static_cast<int>(rng() % 2);
          try {
            DisplayLease lease = registry.acquire(fakes[f].backend(), modes[rng() % 3]);
            held.push_back(Held{std::move(lease), f});
            ++acquired;
          } catch (const DisplayError &e) {
            ASSERT_EQ(e.status(), PFHOST_E_BUSY) << e.what();
            ++busy;
          }
        } else if (op < 65) {
          if (held.empty()) continue;
          const size_t k = rng() % held.size();
          held.erase(held.begin() + static_cast<long>(k));  // the lease's destructor releases
        } else if (op < 75) {
          registry.release();
        } else if (op < 85) {
          const auto snap = registry.snapshot();
          if (!snap.empty()) registry.release(snap[rng() % snap.size()].slot);
        } else {
          check_snapshot(registry.snapshot());
        }
        check_held();
        if (::testing::Test::HasFatalFailure()) return;
      }
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) threads.emplace_back(worker, t);
    for (std::thread &t : threads) t.join();
    check_snapshot(registry.snapshot());
    for (const DisplayInfo &info : registry.snapshot())
      EXPECT_NE(info.state, "active") << "every lease is gone, so nothing can be active";
  }  // the registry tears down whatever is kept

  // Sanity: the threads really contended (with max_displays 3 many acquires are refused).
  EXPECT_GT(acquired.load(), 200);
  EXPECT_GT(acquired.load() + busy.load(), 4000);
  for (FakeDisplayBackend &fake : fakes) {
    EXPECT_EQ(fake.creates(), fake.destroys()) << fake.backend().name() << " leaked displays";
    EXPECT_EQ(fake.double_destroys(), 0);
    EXPECT_EQ(fake.calls_after_destroy(), 0);
  }
}

// Under join sharing, callers of one mode arriving while its display is being made all wait for
// that one create and share its display; under ThreadSanitizer this is the registry's wait on
// `created` racing the create's completion.
TEST(DisplayRegistryJoinStress, EightCallersOfOneModeShareTheDisplayBeingMade) {
  log::set_level(log::Level::warn);
  for (int round = 0; round < 20; ++round) {
    FakeDisplayBackend fake("mutter");
    DisplayPolicy policy;
    policy.keep_alive.kind = KeepAlive::Kind::off;
    policy.sharing = DisplaySharing::join;
    policy.max_displays = 0;  // no limit: a caller that does not wait makes a display of its own
    DisplayRegistry registry(policy);
    fake.block_creates();
    std::vector<DisplayLease> leases(8);
    std::vector<std::thread> callers;
    for (DisplayLease &lease : leases)
      callers.emplace_back([&registry, &fake, &lease] {
        lease = registry.acquire(fake.backend(), request_for(1280, 720, 60));
      });
    ASSERT_TRUE(fake.wait_blocked_creates(1, 10s));
    if (round % 2 == 0) std::this_thread::sleep_for(1ms);  // some callers already waiting, some not
    fake.release_creates();
    for (std::thread &t : callers) t.join();
    for (const DisplayLease &lease : leases) {
      ASSERT_TRUE(lease);
      EXPECT_EQ(lease.slot(), leases[0].slot());
    }
    EXPECT_EQ(fake.creates(), 1);
    ASSERT_EQ(registry.snapshot().size(), 1u);
    EXPECT_EQ(registry.snapshot()[0].sessions, 8u);
    leases.clear();
    EXPECT_EQ(fake.destroys(), 1) << "keep-alive off: the last lease tears it down";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Policies, DisplayRegistryStress,
    ::testing::Values(
        StressCase{"linger_separate", KeepAlive::Kind::duration, 2ms, DisplaySharing::separate, 6},
        StressCase{"linger_join", KeepAlive::Kind::duration, 1ms, DisplaySharing::join, 4},
        StressCase{"forever_join", KeepAlive::Kind::forever, 0ms, DisplaySharing::join, 5},
        StressCase{"off_separate", KeepAlive::Kind::off, 0ms, DisplaySharing::separate, 3}),
    [](const ::testing::TestParamInfo<StressCase> &param) {
      return std::string(param.param.name);
    });

}  // namespace
}  // namespace pfhost::core
