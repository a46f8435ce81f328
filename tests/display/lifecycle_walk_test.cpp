// A seeded random walk of the lifecycle machine against an independent shadow model: the model is
// written from the lifecycle table in docs/architecture.md in a different shape (counters and
// flags, not states), so a mistake would have to be made twice, the same way, to go unnoticed.
#include <gtest/gtest.h>

#include <random>

#include "display/lifecycle.hpp"

namespace pfhost::core {
namespace {

using namespace std::chrono_literals;

struct Shadow {
  long refs = 0;  // signed on purpose: an underflow shows as a negative count
  bool kept = false;
  bool forever = false;
  SteadyTime until{};
  bool exists = false;  // a display exists (created and not torn down)
};

TEST(LifecycleWalk, MatchesShadowModelOver200kSteps) {
  std::mt19937_64 rng(0x5eed'd15b1a7ULL);
  LifecycleState state;
  Shadow shadow;
  SteadyTime now = SteadyTime{} + 1h;
  long creates = 0, teardowns = 0;

  for (int step = 0; step < 200'000; ++step) {
    SCOPED_TRACE("step " + std::to_string(step));
    switch (rng() % 6) {
      case 0: {  // acquire
        const AcquireAction action = state.acquire();
        if (shadow.refs > 0) {
          ASSERT_EQ(action, AcquireAction::join);
        } else if (shadow.kept) {
          ASSERT_EQ(action, AcquireAction::reuse);
          ASSERT_TRUE(shadow.exists);
        } else {
          ASSERT_EQ(action, AcquireAction::create);
          ASSERT_FALSE(shadow.exists) << "create while a display exists: leak";
          shadow.exists = true;
          ++creates;
        }
        ++shadow.refs;
        shadow.kept = false;
        shadow.forever = false;
        break;
      }
      case 1:
      case 2: {  // release with a random linger
        const int pick = static_cast<int>(rng() % 3);
        const auto d = std::chrono::milliseconds(rng() % 5000);
        const LingerPolicy linger = pick == 0   ? LingerPolicy::immediate()
                                    : pick == 1 ? LingerPolicy::for_duration(d)
                                                : LingerPolicy::forever();
        const ReleaseAction action = state.release(now, linger);
        if (shadow.refs == 0) {
          ASSERT_EQ(action, ReleaseAction::noop);
        } else if (shadow.refs > 1) {
          ASSERT_EQ(action, ReleaseAction::decref);
          --shadow.refs;
        } else {
          shadow.refs = 0;
          if (pick == 0) {
            ASSERT_EQ(action, ReleaseAction::teardown);
            ASSERT_TRUE(shadow.exists) << "double teardown";
            shadow.exists = false;
            ++teardowns;
          } else if (pick == 1) {
            ASSERT_EQ(action, ReleaseAction::linger);
            shadow.kept = true;
            shadow.until = now + d;
          } else {
            ASSERT_EQ(action, ReleaseAction::pin);
            shadow.kept = true;
            shadow.forever = true;
          }
        }
        break;
      }
      case 3: {  // time passes, the timer polls
        now += std::chrono::milliseconds(rng() % 3000);
        const bool expired = state.poll_expiry(now);
        const bool expect = shadow.kept && !shadow.forever && now >= shadow.until;
        ASSERT_EQ(expired, expect);
        if (expired) {
          ASSERT_EQ(shadow.refs, 0) << "expiry tore down a held display";
          ASSERT_TRUE(shadow.exists) << "double teardown";
          shadow.kept = false;
          shadow.exists = false;
          ++teardowns;
        }
        break;
      }
      case 4: {  // force release
        const bool released = state.force_release();
        ASSERT_EQ(released, shadow.kept);
        if (released) {
          ASSERT_EQ(shadow.refs, 0) << "force release tore down a held display";
          ASSERT_TRUE(shadow.exists) << "double teardown";
          shadow.kept = false;
          shadow.forever = false;
          shadow.exists = false;
          ++teardowns;
        }
        break;
      }
      case 5:  // just time
        now += std::chrono::milliseconds(rng() % 200);
        break;
    }
    ASSERT_GE(shadow.refs, 0);
    ASSERT_EQ(state.refs(), static_cast<uint32_t>(shadow.refs));
    ASSERT_EQ(state.is_kept(), shadow.kept);
    ASSERT_EQ(state.kind() != LifecycleState::Kind::idle, shadow.exists);
    if (shadow.kept && !shadow.forever) {
      ASSERT_EQ(state.until(), shadow.until);
    }
  }
  // Drain: whatever is left is torn down exactly once.
  while (state.refs() > 0) {
    if (state.release(now, LingerPolicy::immediate()) == ReleaseAction::teardown) ++teardowns;
  }
  if (state.force_release()) ++teardowns;
  EXPECT_EQ(state.kind(), LifecycleState::Kind::idle);
  EXPECT_EQ(creates, teardowns) << "leaked or double-torn-down displays";
  EXPECT_GT(creates, 1000);  // the walk really went around the table
}

}  // namespace
}  // namespace pfhost::core
