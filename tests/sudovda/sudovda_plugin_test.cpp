// The sudovda backend against the SudoVDA driver twin under wine: version gate, GUID identity,
// modes in millihertz, slots, failures, the device gone and back, a second host refused and a
// killed host's monitor taken by the driver's watchdog. The program doubles as a second host
// (`--hold CLIENT`) for the tests that need another process.
#include <gtest/gtest.h>

#include <pfhost/plugin.hpp>

#include <chrono>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "pfhost/windows/device_interface.hpp"
#include "sudovda_driver.hpp"
#include "test_process.hpp"
#include "twin_device.hpp"

namespace pfhost::sudovda {
namespace {

using namespace std::chrono_literals;
using test::ChildProcess;
using test::error_of;
using test::eventually;
using test::kSudoVdaInterface;
using test::self_hold_command;
using test::TwinDevice;

constexpr pfhost_mode kModes[] = {{1920, 1080, 60000}, {2560, 1440, 120000}, {1366, 768, 59940}};

windows::IddSettings test_settings() {
  windows::IddSettings settings;
  settings.manage_topology = false;  // wine has no display topology: the stand-in
  return settings;
}

TEST(SudoVdaNoDriver, ProbeSaysTheDriverIsNotInstalled) {
  EXPECT_EQ(error_of([] { probe_driver(); }),
            "SudoVDA driver not installed (no device with interface "
            "{E5BCC234-1E0C-418A-A0D4-EF8B7501414D})");
}

class SudoVdaBackend : public ::testing::Test {
 protected:
  void SetUp() override { twin_.reset(); }
  void TearDown() override { twin_.reset(); }
  TwinDevice twin_{kSudoVdaInterface};
};

TEST_F(SudoVdaBackend, ProbeReportsVersionAndWatchdog) {
  EXPECT_EQ(probe_driver(), "SudoVDA driver protocol 0.2.1, watchdog 3 s");
}

TEST_F(SudoVdaBackend, CreatesAndDestroysAtEachMode) {
  Driver driver(test_settings());
  for (const auto &mode : kModes) {
    {
      VirtualDisplay display(driver, mode, "");
      auto state = twin_.state();
      ASSERT_EQ(state.live_monitors, 1u);
      EXPECT_EQ(state.monitors[0].width, mode.width);
      EXPECT_EQ(state.monitors[0].height, mode.height);
      EXPECT_EQ(state.monitors[0].refresh, mode.refresh_millihz);
      auto target = display.target();
      EXPECT_EQ(target.kind, static_cast<uint32_t>(PFHOST_TARGET_WINDOWS_IDD));
      EXPECT_EQ(target.u.windows_idd.adapter_luid.low, 0x5344u);
      EXPECT_EQ(target.u.windows_idd.target_id, state.monitors[0].target_id);
      EXPECT_EQ(std::memcmp(state.monitors[0].guid, display.monitor().guid.data(), 16), 0);
      GUID twin_guid;
      std::memcpy(&twin_guid, state.monitors[0].guid, sizeof twin_guid);
      EXPECT_EQ(target.u.windows_idd.monitor_id, windows::guid_text(twin_guid));
      EXPECT_FALSE(display.why_dead());
    }
    EXPECT_EQ(twin_.state().live_monitors, 0u);
  }
  EXPECT_EQ(twin_.state().counters.removes, 3u);
}

TEST_F(SudoVdaBackend, SameClientSameGuidAcrossRestartsOthersDiffer) {
  MonitorGuid first{};
  {
    Driver driver(test_settings());
    VirtualDisplay tv(driver, kModes[0], "living-room-tv");
    VirtualDisplay laptop(driver, kModes[1], "laptop");  // two clients at once
    EXPECT_EQ(twin_.state().live_monitors, 2u);
    first = tv.monitor().guid;
    EXPECT_NE(laptop.monitor().guid, first);
  }
  Driver restarted(test_settings());
  VirtualDisplay again(restarted, kModes[2], "living-room-tv");
  EXPECT_EQ(again.monitor().guid, first);
}

// A client with a kept display at one mode asking for another: SudoVDA would answer the same
// GUID's ADD with the old monitor, so the second gets a GUID of its own; the client's own GUID
// is its again once the first is gone.
TEST_F(SudoVdaBackend, SameClientTwiceAtOnceGetsTwoMonitorsAtTheirModes) {
  Driver driver(test_settings());
  auto kept = std::make_unique<VirtualDisplay>(driver, kModes[0], "tv");
  {
    VirtualDisplay second(driver, kModes[1], "tv");
    auto state = twin_.state();
    ASSERT_EQ(state.live_monitors, 2u);
    EXPECT_NE(second.monitor().guid, kept->monitor().guid);
    EXPECT_EQ(state.monitors[1].width, kModes[1].width);
    EXPECT_EQ(state.monitors[1].refresh, kModes[1].refresh_millihz);
  }
  const MonitorGuid own = kept->monitor().guid;
  kept.reset();
  VirtualDisplay again(driver, kModes[2], "tv");
  EXPECT_EQ(again.monitor().guid, own);
  EXPECT_EQ(twin_.state().live_monitors, 1u);
}

TEST_F(SudoVdaBackend, IncompatibleProtocolsAreRefusedClearly) {
  twin_.configure(0x000100, 0);  // 0.1.0: minor too old
  EXPECT_EQ(error_of([] { probe_driver(); }),
            "SudoVDA driver protocol 0.1.0 is not compatible: host needs 0.2.x or a newer minor "
            "(install a matching SudoVDA driver)");
  twin_.configure(0x010200, 0);  // 1.2.0: another major
  Driver driver(test_settings());
  EXPECT_NE(
      error_of([&] { VirtualDisplay(driver, kModes[0], ""); }).find("1.2.0 is not compatible"),
      std::string::npos);
  twin_.configure(0x000305, 0);  // 0.3.5: a newer minor is fine
  EXPECT_EQ(probe_driver(), "SudoVDA driver protocol 0.3.5, watchdog 3 s");
}

TEST_F(SudoVdaBackend, TenSlotsThenAClearError) {
  Driver driver(test_settings());
  std::vector<std::unique_ptr<VirtualDisplay>> displays;
  for (int i = 0; i < 10; ++i) {
    displays.push_back(std::make_unique<VirtualDisplay>(driver, kModes[0], ""));
  }
  EXPECT_EQ(error_of([&] { VirtualDisplay(driver, kModes[0], ""); }),
            "SudoVDA has no free monitor slot (10 in use); release a kept display or stop what "
            "holds them");
  displays.clear();
  EXPECT_EQ(twin_.state().live_monitors, 0u);
}

TEST_F(SudoVdaBackend, InjectedAddFailureAndDeviceGoneThenBack) {
  Driver driver(test_settings());
  twin_.inject(0x800, 1, static_cast<int32_t>(0xC000009A));
  EXPECT_NE(error_of([&] { VirtualDisplay(driver, kModes[0], ""); }).find("SudoVDA ADD failed"),
            std::string::npos);
  auto display = std::make_unique<VirtualDisplay>(driver, kModes[0], "");
  twin_.set_present(false);
  EXPECT_TRUE(display->why_dead());
  display.reset();
  EXPECT_NE(error_of([&] { VirtualDisplay(driver, kModes[0], ""); }).find("not installed"),
            std::string::npos);
  twin_.set_present(true);
  VirtualDisplay again(driver, kModes[1], "");
  EXPECT_FALSE(again.why_dead());
  EXPECT_EQ(twin_.state().live_monitors, 1u);
}

TEST_F(SudoVdaBackend, PingerKeepsMonitorsPastTheWatchdog) {
  twin_.configure(0, 1);  // a 1 s watchdog: the pinger must ping every ~333 ms
  Driver driver(test_settings());
  VirtualDisplay display(driver, kModes[0], "");
  Sleep(2500);
  EXPECT_EQ(twin_.state().live_monitors, 1u);
  EXPECT_GE(twin_.state().counters.pings, 5u);
  EXPECT_EQ(twin_.state().counters.watchdog_expiries, 0u);
}

TEST_F(SudoVdaBackend, SecondHostIsRefusedAndTheFirstKeepsItsMonitor) {
  Driver driver(test_settings());
  VirtualDisplay mine(driver, kModes[0], "first");
  ChildProcess second(self_hold_command("second"));
  DWORD code = 0;
  ASSERT_TRUE(eventually([&] { return second.exited(&code); }, 20s)) << second.text();
  EXPECT_EQ(code, 3u);
  EXPECT_NE(second.text().find("in use by another pfhost on this machine: process " +
                               std::to_string(GetCurrentProcessId())),
            std::string::npos)
      << second.text();
  auto state = twin_.state();
  ASSERT_EQ(state.live_monitors, 1u);
  EXPECT_EQ(std::memcmp(state.monitors[0].guid, mine.monitor().guid.data(), 16), 0);
  EXPECT_EQ(state.counters.adds, 1u);
  EXPECT_EQ(state.counters.removes, 0u);
}

// SudoVDA keeps monitors when a handle closes; a killed host's monitor goes when the driver's
// watchdog runs out, because nobody pings any more.
TEST_F(SudoVdaBackend, KilledHostsMonitorIsRemovedByTheWatchdog) {
  twin_.configure(0, 2);  // a 2 s watchdog, the host pings every ~666 ms
  ChildProcess host(self_hold_command("killed"));
  ASSERT_TRUE(eventually([&] { return twin_.state().live_monitors == 1; }, 20s)) << host.text();
  ASSERT_TRUE(eventually([&] { return twin_.state().counters.pings >= 2; }, 5s));
  host.kill();
  DWORD code = 0;
  ASSERT_TRUE(eventually([&] { return host.exited(&code); }, 5s));
  EXPECT_EQ(twin_.state().live_monitors, 1u);  // the closed handle alone removes nothing
  ASSERT_TRUE(eventually([&] { return twin_.state().live_monitors == 0; }, 6s));
  auto state = twin_.state();
  EXPECT_EQ(state.counters.watchdog_expiries, 1u);
  EXPECT_EQ(state.counters.removes, 0u);
}

// A REMOVE the driver fails is warned about and done again before the next ADD: the same client
// reconnecting at another mode gets a new monitor at that mode, not the old one SudoVDA would
// hand back for its GUID.
TEST_F(SudoVdaBackend, FailedRemoveIsWarnedAndRetriedBeforeTheNextAdd) {
  auto settings = test_settings();
  auto warnings = std::make_shared<std::vector<std::string>>();
  settings.warn = [warnings](const std::string &message) { warnings->push_back(message); };
  Driver driver(settings);
  std::string guid;
  {
    VirtualDisplay display(driver, kModes[0], "tv");
    guid = Driver::monitor_identity(display.monitor());
    twin_.inject(0x801, 1, static_cast<int32_t>(0xC0000185));  // REMOVE: I/O device error
  }
  ASSERT_EQ(warnings->size(), 1u);
  EXPECT_NE((*warnings)[0].find("SudoVDA REMOVE failed: "), std::string::npos) << (*warnings)[0];
  EXPECT_NE((*warnings)[0].find("for monitor " + guid + "; removed again"), std::string::npos)
      << (*warnings)[0];
  EXPECT_EQ(twin_.state().live_monitors, 1u);
  VirtualDisplay again(driver, kModes[1], "tv");
  auto state = twin_.state();
  ASSERT_EQ(state.live_monitors, 1u);
  EXPECT_EQ(state.monitors[0].width, kModes[1].width);
  EXPECT_EQ(state.monitors[0].refresh, kModes[1].refresh_millihz);
  EXPECT_EQ(state.counters.removes, 1u);
  EXPECT_EQ(state.counters.adds, 2u);
}

}  // namespace
}  // namespace pfhost::sudovda

int main(int argc, char **argv) {
  if (argc == 3 && std::string(argv[1]) == "--hold") {
    return pfhost::test::hold_display<pfhost::sudovda::Driver>(pfhost::sudovda::test_settings(),
                                                               {1920, 1080, 60000}, argv[2]);
  }
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
