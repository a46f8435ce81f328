// Rate-limited logging of refused callers: once per rejection and quiet period, then a count.
#include "serve/rejection_log.hpp"

#include <gtest/gtest.h>

namespace pfhost::core::serve {
namespace {

using namespace std::chrono_literals;

TEST(RejectionLog, ARetryingCallerIsLoggedOncePerQuietPeriodWithACount) {
  RejectionLog log(60s);
  const auto t0 = RejectionLog::Clock::time_point{} + 1h;
  EXPECT_EQ(log.note("10.0.0.1 bad", "refused", t0), "refused");
  for (int i = 1; i <= 100; ++i) {
    EXPECT_FALSE(log.note("10.0.0.1 bad", "refused", t0 + i * 10ms)) << "retry " << i;
  }
  const auto later = log.note("10.0.0.1 bad", "refused", t0 + 61s);
  ASSERT_TRUE(later);
  EXPECT_EQ(*later, "refused (refused 100 more time(s) since last said)");
  EXPECT_FALSE(log.note("10.0.0.1 bad", "refused", t0 + 62s));
}

TEST(RejectionLog, DifferentRejectionsAreEachLogged) {
  RejectionLog log(60s);
  const auto t0 = RejectionLog::Clock::time_point{} + 1h;
  EXPECT_TRUE(log.note("a", "one", t0));
  EXPECT_TRUE(log.note("b", "two", t0));
  EXPECT_FALSE(log.note("a", "one", t0 + 1s));
}

TEST(RejectionLog, MemoryStaysBoundedUnderAScan) {
  RejectionLog log(60s, 4);
  const auto t0 = RejectionLog::Clock::time_point{} + 1h;
  for (int i = 0; i < 1000; ++i) log.note("key" + std::to_string(i), "x", t0 + i * 1ms);
  // The oldest were forgotten, so they log again; the newest are still remembered.
  EXPECT_TRUE(log.note("key0", "x", t0 + 2s));
  EXPECT_FALSE(log.note("key999", "x", t0 + 2s));
}

}  // namespace
}  // namespace pfhost::core::serve
