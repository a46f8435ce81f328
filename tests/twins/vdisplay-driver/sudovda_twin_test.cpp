// The SudoVDA twin answers protocol 0.2.x as the real driver does (check order on ADD, GUID
// keys, ten slots, millihertz refresh, one global watchdog that GET_WATCHDOG does not reset).
// Raw IOCTLs here, no plugin code.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <thread>

#include "twin_device.hpp"

namespace pfhost::test {
namespace {

constexpr DWORD kAdd = 0x800, kRemove = 0x801, kGetWatchdog = 0x803, kPing = 0x888,
                kGetVersion = 0x8FF;

std::vector<uint8_t> guid_bytes(uint8_t seed) {
  std::vector<uint8_t> guid(16);
  for (size_t i = 0; i < guid.size(); ++i) guid[i] = static_cast<uint8_t>(seed + i);
  return guid;
}

std::vector<uint8_t> add_request(uint32_t width, uint32_t height, uint32_t refresh,
                                 uint8_t guid_seed) {
  std::vector<uint8_t> in(56, 0);
  std::memcpy(in.data(), &width, 4);
  std::memcpy(in.data() + 4, &height, 4);
  std::memcpy(in.data() + 8, &refresh, 4);
  auto guid = guid_bytes(guid_seed);
  std::memcpy(in.data() + 12, guid.data(), 16);
  std::memcpy(in.data() + 28, "pfhost", 6);  // device_name
  return in;
}

uint32_t u32_at(const std::vector<uint8_t> &bytes, size_t offset) {
  uint32_t value = 0;
  std::memcpy(&value, bytes.data() + offset, sizeof value);
  return value;
}

class SudoVdaTwin : public ::testing::Test {
 protected:
  void SetUp() override { twin_.reset(); }
  void TearDown() override { twin_.reset(); }

  DWORD add(uint32_t w, uint32_t h, uint32_t refresh, uint8_t seed, size_t reply_size = 12) {
    reply_.assign(reply_size, 0);
    return twin_.call(kAdd, add_request(w, h, refresh, seed), reply_);
  }

  TwinDevice twin_{kSudoVdaInterface};
  std::vector<uint8_t> reply_;
};

TEST_F(SudoVdaTwin, ReportsProtocolAndWatchdog) {
  std::vector<uint8_t> version(4);
  ASSERT_EQ(twin_.call(kGetVersion, {}, version), 0u);
  ASSERT_EQ(version.size(), 4u);
  EXPECT_EQ(version[0], 0);
  EXPECT_EQ(version[1], 2);
  EXPECT_EQ(version[2], 1);
  EXPECT_EQ(version[3], 0);
  std::vector<uint8_t> watchdog(8);
  ASSERT_EQ(twin_.call(kGetWatchdog, {}, watchdog), 0u);
  EXPECT_EQ(u32_at(watchdog, 0), 3u);
}

TEST_F(SudoVdaTwin, AddByGuidReturnsTheSameMonitorAgainAndRemoveTakesIt) {
  ASSERT_EQ(add(2560, 1440, 120000, 1), 0u);
  ASSERT_EQ(reply_.size(), 12u);
  EXPECT_EQ(u32_at(reply_, 0), 0x5344u);
  const uint32_t target = u32_at(reply_, 8);
  ASSERT_EQ(add(1920, 1080, 60, 1), 0u);  // the GUID exists: that monitor, unchanged
  EXPECT_EQ(u32_at(reply_, 8), target);
  auto state = twin_.state();
  ASSERT_EQ(state.live_monitors, 1u);
  EXPECT_EQ(state.monitors[0].width, 2560u);
  EXPECT_EQ(state.monitors[0].refresh, 120000u);  // millihertz, as sent
  std::vector<uint8_t> none;
  ASSERT_EQ(twin_.call(kRemove, guid_bytes(1), none), 0u);
  EXPECT_EQ(twin_.call(kRemove, guid_bytes(1), none), static_cast<DWORD>(ERROR_NOT_FOUND));
  EXPECT_EQ(twin_.state().live_monitors, 0u);
}

TEST_F(SudoVdaTwin, ChecksInTheRealDriversOrder) {
  EXPECT_EQ(add(1920, 1080, 60, 1, 8), static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER));
  EXPECT_EQ(add(0, 1080, 60, 2), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(add(1920, 1080, 0, 2), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  for (uint8_t seed = 10; seed < 20; ++seed) ASSERT_EQ(add(1280, 720, 60, seed), 0u) << seed;
  // No free slot comes first, before even the buffer sizes.
  EXPECT_NE(add(1280, 720, 60, 30, 4), 0u);
  EXPECT_NE(add(1280, 720, 60, 30), 0u);
  EXPECT_EQ(twin_.state().live_monitors, 10u);
  std::vector<uint8_t> none;
  EXPECT_EQ(twin_.call(0x804, {}, none), static_cast<DWORD>(ERROR_INVALID_FUNCTION));
}

TEST_F(SudoVdaTwin, MonitorsOutliveTheHandleUntilTheWatchdogRunsOut) {
  twin_.configure(0, 1);
  {
    TwinDevice other{kSudoVdaInterface};
    std::vector<uint8_t> reply(12);
    ASSERT_EQ(other.call(kAdd, add_request(1920, 1080, 60, 5), reply), 0u);
  }
  EXPECT_EQ(twin_.state().live_monitors, 1u);
  std::vector<uint8_t> watchdog(8);
  auto stopped = std::chrono::steady_clock::now();
  while (twin_.state().live_monitors != 0 &&
         std::chrono::steady_clock::now() - stopped < std::chrono::seconds(3)) {
    ASSERT_EQ(twin_.call(kGetWatchdog, {}, watchdog), 0u);  // does not keep it alive
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(twin_.state().live_monitors, 0u);
  EXPECT_EQ(twin_.state().counters.watchdog_expiries, 1u);
  std::vector<uint8_t> none;
  EXPECT_EQ(twin_.call(kPing, {}, none), 0u);
}

}  // namespace
}  // namespace pfhost::test
