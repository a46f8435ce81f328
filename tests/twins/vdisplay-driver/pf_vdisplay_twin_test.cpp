// The pf-vdisplay twin answers the protocol as the real driver does (../BACKENDS-level facts:
// layouts, limits, error codes, per-process ownership, the watchdog), so plugin tests against it
// mean something. Raw IOCTLs here, no plugin code.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <thread>

#include "pfhost/windows/device_interface.hpp"
#include "twin_device.hpp"

namespace pfhost::test {
namespace {

constexpr DWORD kAdd = 0x900, kRemove = 0x901, kRenderAdapter = 0x902, kPing = 0x903,
                kGetInfo = 0x904, kClearAll = 0x905, kUpdateModes = 0x907;

void put(std::vector<uint8_t> &bytes, uint64_t value, int size) {
  for (int i = 0; i < size; ++i) bytes.push_back(static_cast<uint8_t>(value >> (8 * i)));
}

uint32_t u32_at(const std::vector<uint8_t> &bytes, size_t offset) {
  uint32_t value = 0;
  std::memcpy(&value, bytes.data() + offset, sizeof value);
  return value;
}

std::vector<uint8_t> add_request(uint64_t session, uint32_t width, uint32_t height, uint32_t hz,
                                 uint32_t preferred_id) {
  std::vector<uint8_t> in;
  put(in, session, 8);
  for (uint32_t value : {width, height, hz, preferred_id}) put(in, value, 4);
  return in;
}

std::vector<uint8_t> session_request(uint64_t session) {
  std::vector<uint8_t> in;
  put(in, session, 8);
  return in;
}

class PfVdisplayTwin : public ::testing::Test {
 protected:
  void SetUp() override { twin_.reset(); }
  void TearDown() override { twin_.reset(); }

  DWORD add(uint64_t session, uint32_t w, uint32_t h, uint32_t hz, uint32_t preferred = 0,
            size_t reply_size = 24) {
    reply_.assign(reply_size, 0);
    return twin_.call(kAdd, add_request(session, w, h, hz, preferred), reply_);
  }

  TwinDevice twin_{kPfVdisplayInterface};
  std::vector<uint8_t> reply_;
};

TEST_F(PfVdisplayTwin, GetInfoReportsProtocolNineAndTenSecondWatchdog) {
  std::vector<uint8_t> reply(8);
  ASSERT_EQ(twin_.call(kGetInfo, {}, reply), 0u);
  ASSERT_EQ(reply.size(), 8u);
  EXPECT_EQ(u32_at(reply, 0), 9u);
  EXPECT_EQ(u32_at(reply, 4), 10u);
  twin_.configure(7, 0);
  ASSERT_EQ(twin_.call(kGetInfo, {}, reply = std::vector<uint8_t>(8)), 0u);
  EXPECT_EQ(u32_at(reply, 0), 7u);
}

TEST_F(PfVdisplayTwin, AddReturnsTheMonitorAndRemoveTakesItAway) {
  ASSERT_EQ(add(41, 2560, 1440, 120, 3), 0u);
  ASSERT_EQ(reply_.size(), 24u);
  auto state = twin_.state();
  EXPECT_EQ(u32_at(reply_, 0), 0x5046u);  // adapter LUID low
  EXPECT_EQ(u32_at(reply_, 12), 3u);      // the preferred monitor id was free
  EXPECT_EQ(u32_at(reply_, 16), state.driver_pid);
  ASSERT_EQ(state.live_monitors, 1u);
  EXPECT_EQ(state.monitors[0].session_id, 41u);
  EXPECT_EQ(state.monitors[0].width, 2560u);
  EXPECT_EQ(state.monitors[0].height, 1440u);
  EXPECT_EQ(state.monitors[0].refresh, 120u);
  EXPECT_EQ(state.monitors[0].target_id, u32_at(reply_, 8));
  EXPECT_EQ(state.monitors[0].owner_pid, GetCurrentProcessId());

  std::vector<uint8_t> none;
  ASSERT_EQ(twin_.call(kRemove, session_request(41), none), 0u);
  EXPECT_EQ(twin_.state().live_monitors, 0u);
  EXPECT_EQ(twin_.state().counters.removes, 1u);
  EXPECT_EQ(twin_.call(kRemove, session_request(41), none), 0u);  // REMOVE always succeeds
}

TEST_F(PfVdisplayTwin, ShortReplyFailsButTheMonitorStays) {
  EXPECT_EQ(add(5, 1920, 1080, 60, 0, 16), static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER));
  EXPECT_EQ(twin_.state().live_monitors, 1u);  // what the host's compensating REMOVE is for
  EXPECT_EQ(add(6, 1920, 1080, 60, 0, 20), 0u);
  EXPECT_EQ(reply_.size(), 20u);
}

TEST_F(PfVdisplayTwin, RefusesBadInputAndUnknownCodes) {
  std::vector<uint8_t> reply(24);
  auto short_input = add_request(1, 1920, 1080, 60, 0);
  short_input.resize(20);
  EXPECT_EQ(twin_.call(kAdd, short_input, reply), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(add(1, 0, 1080, 60), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(add(1, 16385, 1080, 60), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(add(1, 1920, 1080, 1001), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  std::vector<uint8_t> none;
  EXPECT_EQ(twin_.call(0x906, {}, none), static_cast<DWORD>(ERROR_NOT_FOUND));
  EXPECT_EQ(twin_.state().live_monitors, 0u);
}

TEST_F(PfVdisplayTwin, FifteenMonitorsThenNotFound) {
  for (uint64_t session = 1; session <= 15; ++session) {
    ASSERT_EQ(add(session, 1280, 720, 60), 0u) << session;
  }
  EXPECT_EQ(add(16, 1280, 720, 60), static_cast<DWORD>(ERROR_NOT_FOUND));
  std::vector<uint8_t> none;
  ASSERT_EQ(twin_.call(kClearAll, {}, none), 0u);
  EXPECT_EQ(twin_.state().live_monitors, 0u);
}

TEST_F(PfVdisplayTwin, ReAddReplacesAndUpdateModesChangesTheMode) {
  ASSERT_EQ(add(9, 1920, 1080, 60, 2), 0u);
  ASSERT_EQ(add(9, 1280, 720, 30, 2), 0u);
  auto state = twin_.state();
  ASSERT_EQ(state.live_monitors, 1u);
  EXPECT_EQ(state.monitors[0].width, 1280u);
  std::vector<uint8_t> in = session_request(9), none;
  for (uint32_t value : {3840u, 2160u, 144u, 0u}) put(in, value, 4);
  ASSERT_EQ(twin_.call(kUpdateModes, in, none), 0u);
  state = twin_.state();
  EXPECT_EQ(state.monitors[0].width, 3840u);
  EXPECT_EQ(state.monitors[0].refresh, 144u);
  std::vector<uint8_t> adapter;
  put(adapter, 0x1234, 4);
  put(adapter, 0, 4);
  ASSERT_EQ(twin_.call(kRenderAdapter, adapter, none), 0u);
  EXPECT_EQ(twin_.state().render_adapter_low, 0x1234);
}

TEST_F(PfVdisplayTwin, MonitorsStayWhileTheProcessHoldsAnotherHandle) {
  {
    TwinDevice second{kPfVdisplayInterface};
    std::vector<uint8_t> reply(24);
    ASSERT_EQ(second.call(kAdd, add_request(77, 1920, 1080, 60, 0), reply), 0u);
    EXPECT_EQ(twin_.state().live_monitors, 1u);  // this process still holds another handle
  }
  ASSERT_EQ(add(78, 1920, 1080, 60), 0u);
  EXPECT_EQ(twin_.state().live_monitors, 2u);
}

TEST_F(PfVdisplayTwin, WatchdogRemovesMonitorsWhenPingsStop) {
  twin_.configure(0, 1);
  ASSERT_EQ(add(3, 1920, 1080, 60), 0u);
  std::vector<uint8_t> none;
  for (int i = 0; i < 6; ++i) {  // pinging every 300 ms keeps it
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    ASSERT_EQ(twin_.call(kPing, {}, none), 0u);
  }
  EXPECT_EQ(twin_.state().live_monitors, 1u);
  auto stopped = std::chrono::steady_clock::now();
  while (twin_.state().live_monitors != 0 &&
         std::chrono::steady_clock::now() - stopped < std::chrono::seconds(3)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(twin_.state().live_monitors, 0u);
  EXPECT_EQ(twin_.state().counters.watchdog_expiries, 1u);
  EXPECT_GT(twin_.state().counters.watchdog_checks, 10u);
  EXPECT_GE(std::chrono::steady_clock::now() - stopped, std::chrono::milliseconds(900));
}

TEST_F(PfVdisplayTwin, InjectedFailuresHitTheNamedFunctionOnly) {
  twin_.inject(kAdd, 1, static_cast<int32_t>(0xC000009A));  // STATUS_INSUFFICIENT_RESOURCES
  std::vector<uint8_t> none;
  EXPECT_EQ(twin_.call(kPing, {}, none), 0u);
  EXPECT_EQ(add(1, 1920, 1080, 60), static_cast<DWORD>(ERROR_NO_SYSTEM_RESOURCES));
  EXPECT_EQ(add(1, 1920, 1080, 60), 0u);
  EXPECT_EQ(twin_.state().counters.injected_failures, 1u);
}

TEST_F(PfVdisplayTwin, DeviceGoneFailsOldHandlesAndHidesTheInterface) {
  TwinDevice user{kPfVdisplayInterface};
  std::vector<uint8_t> reply(24);
  ASSERT_EQ(user.call(kAdd, add_request(1, 1920, 1080, 60, 0), reply), 0u);
  twin_.set_present(false);
  EXPECT_EQ(twin_.state().live_monitors, 0u);
  EXPECT_NE(user.call(kPing, {}, reply), 0u);
  EXPECT_TRUE(windows::present_device_interfaces(kPfVdisplayInterface).empty());
  twin_.set_present(true);
  EXPECT_NE(user.call(kPing, {}, reply), 0u);  // an old handle stays dead
  ASSERT_EQ(windows::present_device_interfaces(kPfVdisplayInterface).size(), 1u);
  TwinDevice reopened{kPfVdisplayInterface};
  EXPECT_EQ(
      reopened.call(kAdd, add_request(2, 1920, 1080, 60, 0), reply = std::vector<uint8_t>(24)), 0u);
}

}  // namespace
}  // namespace pfhost::test
