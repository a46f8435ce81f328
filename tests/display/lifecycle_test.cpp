// Every cell of the lifecycle table in docs/architecture.md ("Display lifecycle"), one test per
// row.
#include "display/lifecycle.hpp"

#include <gtest/gtest.h>

namespace pfhost::core {
namespace {

using namespace std::chrono_literals;
using Kind = LifecycleState::Kind;

const SteadyTime t0 = SteadyTime{} + 1h;

LifecycleState active(uint32_t refs) {
  LifecycleState s;
  EXPECT_EQ(s.acquire(), AcquireAction::create);
  for (uint32_t i = 1; i < refs; ++i) EXPECT_EQ(s.acquire(), AcquireAction::join);
  EXPECT_EQ(s.refs(), refs);
  return s;
}
LifecycleState lingering(SteadyTime until) {
  LifecycleState s = active(1);
  EXPECT_EQ(s.release(until - 10s, LingerPolicy::for_duration(10s)), ReleaseAction::linger);
  return s;
}
LifecycleState pinned() {
  LifecycleState s = active(1);
  EXPECT_EQ(s.release(t0, LingerPolicy::forever()), ReleaseAction::pin);
  return s;
}

const LingerPolicy kLingers[] = {LingerPolicy::immediate(), LingerPolicy::for_duration(5s),
                                 LingerPolicy::forever()};

TEST(Lifecycle, IdleRow) {
  LifecycleState s;
  EXPECT_EQ(s.kind(), Kind::idle);
  for (LingerPolicy linger : kLingers) {
    EXPECT_EQ(s.release(t0, linger), ReleaseAction::noop);
    EXPECT_EQ(s.kind(), Kind::idle);
  }
  EXPECT_FALSE(s.poll_expiry(t0 + 1000h));
  EXPECT_FALSE(s.force_release());
  EXPECT_EQ(s.kind(), Kind::idle);
  EXPECT_EQ(s.acquire(), AcquireAction::create);
  EXPECT_EQ(s.kind(), Kind::active);
  EXPECT_EQ(s.refs(), 1u);
}

TEST(Lifecycle, ActiveManyRow) {
  LifecycleState s = active(3);
  EXPECT_EQ(s.acquire(), AcquireAction::join);
  EXPECT_EQ(s.refs(), 4u);
  for (LingerPolicy linger : kLingers) {
    LifecycleState copy = active(3);
    EXPECT_EQ(copy.release(t0, linger), ReleaseAction::decref);
    EXPECT_EQ(copy.kind(), Kind::active);
    EXPECT_EQ(copy.refs(), 2u);
  }
  EXPECT_FALSE(s.poll_expiry(t0 + 1000h));
  EXPECT_FALSE(s.force_release());  // refused
  EXPECT_EQ(s.kind(), Kind::active);
  EXPECT_EQ(s.refs(), 4u);
}

TEST(Lifecycle, ActiveOneRow) {
  {
    LifecycleState s = active(1);
    EXPECT_EQ(s.acquire(), AcquireAction::join);
    EXPECT_EQ(s.refs(), 2u);
  }
  {
    LifecycleState s = active(1);
    EXPECT_EQ(s.release(t0, LingerPolicy::immediate()), ReleaseAction::teardown);
    EXPECT_EQ(s.kind(), Kind::idle);
    EXPECT_EQ(s.refs(), 0u);
  }
  {
    LifecycleState s = active(1);
    EXPECT_EQ(s.release(t0, LingerPolicy::for_duration(7s)), ReleaseAction::linger);
    EXPECT_EQ(s.kind(), Kind::lingering);
    EXPECT_EQ(s.until(), t0 + 7s);
    EXPECT_EQ(s.refs(), 0u);
  }
  {
    LifecycleState s = active(1);
    EXPECT_EQ(s.release(t0, LingerPolicy::forever()), ReleaseAction::pin);
    EXPECT_EQ(s.kind(), Kind::pinned);
    EXPECT_FALSE(s.until().has_value());
  }
  LifecycleState s = active(1);
  EXPECT_FALSE(s.poll_expiry(t0 + 1000h));
  EXPECT_FALSE(s.force_release());
  EXPECT_EQ(s.kind(), Kind::active);
}

TEST(Lifecycle, LingeringRow) {
  {
    LifecycleState s = lingering(t0);
    EXPECT_EQ(s.acquire(), AcquireAction::reuse);
    EXPECT_EQ(s.kind(), Kind::active);
    EXPECT_EQ(s.refs(), 1u);
    EXPECT_FALSE(s.until().has_value());
  }
  for (LingerPolicy linger : kLingers) {
    LifecycleState s = lingering(t0);
    EXPECT_EQ(s.release(t0 - 1s, linger), ReleaseAction::noop);
    EXPECT_EQ(s.kind(), Kind::lingering);
    EXPECT_EQ(s.until(), t0);  // a stray release does not move the deadline
  }
  {
    LifecycleState s = lingering(t0);
    EXPECT_FALSE(s.poll_expiry(t0 - 1ns));
    EXPECT_EQ(s.kind(), Kind::lingering);
    EXPECT_TRUE(s.poll_expiry(t0));  // now >= until
    EXPECT_EQ(s.kind(), Kind::idle);
    EXPECT_FALSE(s.poll_expiry(t0));  // only once
  }
  {
    LifecycleState s = lingering(t0);
    EXPECT_TRUE(s.force_release());
    EXPECT_EQ(s.kind(), Kind::idle);
    EXPECT_FALSE(s.force_release());
  }
}

TEST(Lifecycle, PinnedRow) {
  {
    LifecycleState s = pinned();
    EXPECT_EQ(s.acquire(), AcquireAction::reuse);
    EXPECT_EQ(s.kind(), Kind::active);
    EXPECT_EQ(s.refs(), 1u);
  }
  for (LingerPolicy linger : kLingers) {
    LifecycleState s = pinned();
    EXPECT_EQ(s.release(t0, linger), ReleaseAction::noop);
    EXPECT_EQ(s.kind(), Kind::pinned);
  }
  {
    LifecycleState s = pinned();
    EXPECT_FALSE(s.poll_expiry(t0 + 100000h));
    EXPECT_EQ(s.kind(), Kind::pinned);
    EXPECT_TRUE(s.force_release());
    EXPECT_EQ(s.kind(), Kind::idle);
  }
}

TEST(Lifecycle, KeptMeansLingeringOrPinned) {
  EXPECT_FALSE(LifecycleState{}.is_kept());
  EXPECT_FALSE(active(2).is_kept());
  EXPECT_TRUE(lingering(t0).is_kept());
  EXPECT_TRUE(pinned().is_kept());
}

TEST(Lifecycle, StateNames) {
  EXPECT_STREQ(to_string(Kind::idle), "idle");
  EXPECT_STREQ(to_string(Kind::active), "active");
  EXPECT_STREQ(to_string(Kind::lingering), "lingering");
  EXPECT_STREQ(to_string(Kind::pinned), "pinned");
}

}  // namespace
}  // namespace pfhost::core
