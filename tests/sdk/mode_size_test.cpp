// pfhost/plugin.hpp's require_mode_size(): the check every display backend runs on a requested
// mode before asking its compositor for an output. Sizes 1..max_side pass; anything else is
// refused with PFHOST_E_INVALID_ARGUMENT and a text that names the caller, the range and the
// size, which is what a user reads in `pfhost stream`'s error. Built as C++17, as vendors use it.
#include <pfhost/plugin.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>

namespace {

pfhost_mode mode(uint32_t width, uint32_t height, uint32_t refresh_millihz = 60000) {
  return pfhost_mode{width, height, refresh_millihz};
}

// The Error require_mode_size throws, as "<status name>: <text>", or "accepted".
std::string outcome(const pfhost_mode &m, const char *what, uint32_t max_side = 16384) {
  try {
    pfhost::require_mode_size(m, what, max_side);
  } catch (const pfhost::Error &e) {
    return std::string(pfhost::status_name(e.status())) + ": " + e.what();
  }
  return "accepted";
}

TEST(RequireModeSize, AcceptsEverySizeFromOneToTheDefaultLimit) {
  EXPECT_EQ(outcome(mode(1, 1), "create"), "accepted");
  EXPECT_EQ(outcome(mode(1920, 1080), "create"), "accepted");
  EXPECT_EQ(outcome(mode(16384, 16384), "create"), "accepted");
  EXPECT_EQ(outcome(mode(16384, 1), "create"), "accepted");
  EXPECT_EQ(outcome(mode(1, 16384), "create"), "accepted");
  // The refresh rate is not its business: 0 means "the compositor's choice".
  EXPECT_EQ(outcome(mode(1280, 720, 0), "create"), "accepted");
}

TEST(RequireModeSize, RefusesAZeroOrTooLargeSideWithTheExactText) {
  EXPECT_EQ(outcome(mode(0, 720), "create"),
            "invalid argument: create: width and height must be 1..16384, got 0x720");
  EXPECT_EQ(outcome(mode(1280, 0), "create"),
            "invalid argument: create: width and height must be 1..16384, got 1280x0");
  EXPECT_EQ(outcome(mode(0, 0), "create"),
            "invalid argument: create: width and height must be 1..16384, got 0x0");
  EXPECT_EQ(outcome(mode(16385, 1080), "create"),
            "invalid argument: create: width and height must be 1..16384, got 16385x1080");
  EXPECT_EQ(outcome(mode(1920, 16385), "create"),
            "invalid argument: create: width and height must be 1..16384, got 1920x16385");
  EXPECT_EQ(outcome(mode(UINT32_MAX, 1080), "create"),
            "invalid argument: create: width and height must be 1..16384, got 4294967295x1080");
}

TEST(RequireModeSize, AnOwnLimitIsInclusiveAndNamedInTheText) {
  EXPECT_EQ(outcome(mode(4096, 4096), "wlroots", 4096), "accepted");
  EXPECT_EQ(outcome(mode(4097, 2160), "wlroots", 4096),
            "invalid argument: wlroots: width and height must be 1..4096, got 4097x2160");
  EXPECT_EQ(outcome(mode(3840, 4097), "wlroots", 4096),
            "invalid argument: wlroots: width and height must be 1..4096, got 3840x4097");
}

TEST(RequireModeSize, ThroughGuardedTheHostGetsTheStatusAndTheText) {
  // How a display backend's create() reaches the host: guarded() at the C boundary.
  std::array<char, 256> text{};
  pfhost_reason reason{sizeof(pfhost_reason), static_cast<uint32_t>(text.size()), text.data()};
  const pfhost_status status =
      pfhost::guarded(&reason, [] { pfhost::require_mode_size(mode(0, 720), "create"); });
  EXPECT_EQ(status, PFHOST_E_INVALID_ARGUMENT);
  EXPECT_STREQ(text.data(), "create: width and height must be 1..16384, got 0x720");

  text.fill('\0');
  EXPECT_EQ(pfhost::guarded(&reason, [] { pfhost::require_mode_size(mode(800, 600), "create"); }),
            PFHOST_OK);
  EXPECT_STREQ(text.data(), "") << "an accepted mode writes no reason";
}

}  // namespace
