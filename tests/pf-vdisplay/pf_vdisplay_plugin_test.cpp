// The pf-vdisplay backend against the driver twin under wine: the plugin's own code (control
// device, version gate, identities, pinger, guard) talking to a kernel driver through SetupAPI
// and DeviceIoControl, the twin confirming every monitor. The program doubles as a second host
// (`--hold CLIENT`) for the tests that need another process.
#include <gtest/gtest.h>

#include <windows.h>

#include <pfhost/plugin.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>
#include <vector>

#include "pf_vdisplay_driver.hpp"
#include "test_process.hpp"
#include "twin_device.hpp"

namespace pfhost::pf_vdisplay {
namespace {

using namespace std::chrono_literals;
using test::ChildProcess;
using test::error_of;
using test::eventually;
using test::kPfVdisplayInterface;
using test::self_hold_command;
using test::TwinDevice;
using test::wine_path;

constexpr pfhost_mode kModes[] = {{1920, 1080, 60000}, {2560, 1440, 120000}, {1366, 768, 59940}};

std::filesystem::path state_dir() {
  return std::filesystem::temp_directory_path() / "pfhost-pf-vdisplay-test-state";
}

windows::IddSettings test_settings() {
  windows::IddSettings settings;
  settings.manage_topology = false;  // wine has no display topology: the stand-in
  settings.state_dir = state_dir();
  return settings;
}

TEST(PfVdisplayNoDriver, ProbeSaysTheDriverIsNotInstalled) {
  EXPECT_EQ(error_of([] { probe_driver(); }),
            "pf-vdisplay driver not installed (no device with interface "
            "{70667664-7044-5350-A1B2-C3D4E5F60001})");
  Driver driver(test_settings());
  EXPECT_NE(error_of([&] { VirtualDisplay(driver, kModes[0], "x"); }).find("not installed"),
            std::string::npos);
}

class PfVdisplayBackend : public ::testing::Test {
 protected:
  void SetUp() override {
    twin_.reset();
    std::filesystem::remove_all(state_dir());
  }
  void TearDown() override { twin_.reset(); }

  TwinDevice twin_{kPfVdisplayInterface};
};

TEST_F(PfVdisplayBackend, ProbeReportsProtocolAndWatchdog) {
  EXPECT_EQ(probe_driver(), "pf-vdisplay driver protocol 9, watchdog 10 s");
  EXPECT_EQ(twin_.state().counters.clear_alls, 0u);  // a probe never touches monitors
}

TEST_F(PfVdisplayBackend, CreatesAndDestroysAtEachMode) {
  Driver driver(test_settings());
  for (const auto &mode : kModes) {
    {
      VirtualDisplay display(driver, mode, "");
      auto target = display.target();
      auto state = twin_.state();
      ASSERT_EQ(state.live_monitors, 1u);
      EXPECT_EQ(state.monitors[0].width, mode.width);
      EXPECT_EQ(state.monitors[0].height, mode.height);
      EXPECT_EQ(state.monitors[0].refresh, (mode.refresh_millihz + 500) / 1000);
      EXPECT_EQ(target.kind, static_cast<uint32_t>(PFHOST_TARGET_WINDOWS_IDD));
      EXPECT_EQ(target.mode.width, mode.width);
      EXPECT_EQ(target.u.windows_idd.adapter_luid.low, 0x5046u);
      EXPECT_EQ(target.u.windows_idd.target_id, state.monitors[0].target_id);
      EXPECT_EQ(target.u.windows_idd.driver_pid, state.driver_pid);
      EXPECT_STREQ(target.u.windows_idd.monitor_id,
                   std::to_string(state.monitors[0].monitor_id).c_str());
      EXPECT_FALSE(display.why_dead());
    }
    EXPECT_EQ(twin_.state().live_monitors, 0u);
  }
  EXPECT_EQ(twin_.state().counters.adds, 3u);
  EXPECT_EQ(twin_.state().counters.removes, 3u);
  EXPECT_EQ(twin_.state().counters.clear_alls, 1u);  // the first open of the process only
}

TEST_F(PfVdisplayBackend, TwoClientsAtOnceGetTwoMonitors) {
  Driver driver(test_settings());
  VirtualDisplay alice(driver, kModes[0], "alice");
  VirtualDisplay bob(driver, kModes[1], "bob");
  auto state = twin_.state();
  ASSERT_EQ(state.live_monitors, 2u);
  EXPECT_NE(alice.monitor().reply.monitor_id, bob.monitor().reply.monitor_id);
  EXPECT_NE(alice.target().u.windows_idd.target_id, bob.target().u.windows_idd.target_id);
}

TEST_F(PfVdisplayBackend, SameClientSameMonitorIdAfterReconnectAndRestart) {
  uint32_t first = 0;
  {
    Driver driver(test_settings());
    VirtualDisplay other(driver, kModes[0], "someone-else");
    first = VirtualDisplay(driver, kModes[0], "living-room-tv").monitor().reply.monitor_id;
    VirtualDisplay again(driver, kModes[1], "living-room-tv");  // a reconnect
    EXPECT_EQ(again.monitor().reply.monitor_id, first);
    EXPECT_NE(other.monitor().reply.monitor_id, first);
  }
  Driver restarted(test_settings());  // a host restart: only the file remembers
  VirtualDisplay after_restart(restarted, kModes[2], "living-room-tv");
  EXPECT_EQ(after_restart.monitor().reply.monitor_id, first);
  EXPECT_TRUE(std::filesystem::exists(state_dir() / "pf-vdisplay-monitors.txt"));
}

TEST_F(PfVdisplayBackend, ProtocolOutsideTheRangeIsRefusedClearly) {
  twin_.configure(8, 0);
  EXPECT_EQ(error_of([] { probe_driver(); }),
            "driver outdated: driver protocol 8, host needs 9..9 (install a newer pf-vdisplay "
            "driver)");
  Driver driver(test_settings());
  EXPECT_NE(error_of([&] { VirtualDisplay(driver, kModes[0], ""); }).find("driver outdated"),
            std::string::npos);
  twin_.configure(10, 0);
  EXPECT_NE(error_of([] { probe_driver(); }).find("driver newer than this host"),
            std::string::npos);
  EXPECT_EQ(twin_.state().live_monitors, 0u);
}

TEST_F(PfVdisplayBackend, InjectedFailuresGiveClearErrorsAndLeakNothing) {
  Driver driver(test_settings());
  twin_.inject(0x900, 1, static_cast<int32_t>(0xC000009A));  // ADD: insufficient resources
  EXPECT_NE(error_of([&] { VirtualDisplay(driver, kModes[0], ""); }).find("pf-vdisplay ADD failed"),
            std::string::npos);
  EXPECT_EQ(twin_.state().live_monitors, 0u);

  VirtualDisplay display(driver, kModes[0], "");
  twin_.inject(0x903, 1, static_cast<int32_t>(0xC0000185));  // PING: I/O device error
  auto why = display.why_dead();
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("PING failed"), std::string::npos) << *why;
  EXPECT_FALSE(display.why_dead());
}

TEST_F(PfVdisplayBackend, DeviceGoneThenBackReopensOnTheNextCreate) {
  Driver driver(test_settings());
  auto display = std::make_unique<VirtualDisplay>(driver, kModes[0], "");
  twin_.set_present(false);
  EXPECT_TRUE(display->why_dead());
  display.reset();  // REMOVE on a gone device: nothing to do, nothing thrown
  EXPECT_NE(error_of([&] { VirtualDisplay(driver, kModes[0], ""); }).find("not installed"),
            std::string::npos);
  twin_.set_present(true);
  VirtualDisplay again(driver, kModes[1], "");
  EXPECT_FALSE(again.why_dead());
  EXPECT_EQ(twin_.state().live_monitors, 1u);
  EXPECT_EQ(twin_.state().counters.clear_alls, 1u);  // a reopen never clears
}

TEST_F(PfVdisplayBackend, SecondHostIsRefusedAndTheFirstKeepsItsMonitor) {
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
  EXPECT_EQ(state.monitors[0].owner_pid, GetCurrentProcessId());
  EXPECT_EQ(state.counters.clear_alls, 1u);
}

TEST_F(PfVdisplayBackend, KilledHostLosesItsMonitors) {
  ChildProcess host(self_hold_command("killed"));
  ASSERT_TRUE(eventually([&] { return twin_.state().live_monitors == 1; }, 20s)) << host.text();
  EXPECT_EQ(twin_.state().monitors[0].owner_pid, host.pid());
  host.kill();
  ASSERT_TRUE(eventually([&] { return twin_.state().live_monitors == 0; }, 10s));
  EXPECT_EQ(twin_.state().counters.closed_with_monitors, 1u);
}

// A hung host keeps its control handle open but stops pinging: the driver's per-process watchdog
// removes its monitors.
TEST_F(PfVdisplayBackend, HungHostsMonitorsAreRemovedByTheWatchdog) {
  twin_.configure(0, 1);  // a 1 s watchdog, the host pings every ~333 ms
  ChildProcess host(self_hold_command("hung"));
  ASSERT_TRUE(eventually([&] { return twin_.state().live_monitors == 1; }, 20s)) << host.text();
  host.suspend();
  ASSERT_TRUE(eventually([&] { return twin_.state().live_monitors == 0; }, 5s));
  auto state = twin_.state();
  EXPECT_EQ(state.counters.watchdog_expiries, 1u);
  EXPECT_EQ(state.counters.closed_with_monitors, 0u);  // its handle is still open
  EXPECT_GE(state.open_handles, 2u);                   // ours and the hung host's
}

// pf-vdisplay's orphan clean-up on a restart: the killed host's monitors are gone (its handle
// closed), the next host clears once on its first open and gets the client's monitor id back.
TEST_F(PfVdisplayBackend, KilledHostsMonitorsAreGoneForTheNextStart) {
  uint32_t killed_id = 0;
  {
    ChildProcess host(self_hold_command("kitchen"));
    ASSERT_TRUE(eventually([&] { return twin_.state().live_monitors == 1; }, 20s)) << host.text();
    killed_id = twin_.state().monitors[0].monitor_id;
    host.kill();
    ASSERT_TRUE(eventually([&] { return twin_.state().live_monitors == 0; }, 10s));
  }
  const uint32_t clears_before = twin_.state().counters.clear_alls;
  Driver next(test_settings());
  VirtualDisplay again(next, kModes[1], "kitchen");
  auto state = twin_.state();
  EXPECT_EQ(state.live_monitors, 1u);
  EXPECT_EQ(state.monitors[0].owner_pid, GetCurrentProcessId());
  EXPECT_EQ(again.monitor().reply.monitor_id, killed_id);
  EXPECT_EQ(state.counters.clear_alls, clears_before + 1);
  VirtualDisplay second(next, kModes[0], "hall");
  EXPECT_EQ(twin_.state().counters.clear_alls, clears_before + 1);  // the first open only
}

std::vector<std::string> *capture_warnings(windows::IddSettings &settings) {
  auto warnings = std::make_shared<std::vector<std::string>>();
  settings.warn = [warnings](const std::string &message) { warnings->push_back(message); };
  return warnings.get();  // owned by the settings' (and so the driver's) warn function
}

// A REMOVE the driver fails: destroy cannot fail, so it is a warning; the monitor is removed
// again before the next ADD, and nothing is left over.
TEST_F(PfVdisplayBackend, FailedRemoveIsWarnedAndRetriedBeforeTheNextAdd) {
  auto settings = test_settings();
  auto *warnings = capture_warnings(settings);
  Driver driver(settings);
  VirtualDisplay kept(driver, kModes[0], "kept");
  {
    VirtualDisplay doomed(driver, kModes[1], "doomed");
    twin_.inject(0x901, 1, static_cast<int32_t>(0xC0000185));  // REMOVE: I/O device error
  }
  ASSERT_EQ(warnings->size(), 1u);
  EXPECT_NE((*warnings)[0].find("pf-vdisplay REMOVE failed: "), std::string::npos)
      << (*warnings)[0];
  EXPECT_NE((*warnings)[0].find("for session 2; removed again before the next monitor is added"),
            std::string::npos)
      << (*warnings)[0];
  EXPECT_EQ(twin_.state().live_monitors, 2u);  // the driver still has it
  {
    VirtualDisplay next(driver, kModes[2], "next");
    auto state = twin_.state();
    EXPECT_EQ(state.live_monitors, 2u);  // kept and next; doomed went first
    EXPECT_EQ(state.counters.removes, 1u);
  }
  EXPECT_EQ(twin_.state().live_monitors, 1u);
  EXPECT_EQ(warnings->size(), 1u);
}

// The last monitor's REMOVE fails and nothing else comes: the pinger stops with it, so the
// driver's watchdog takes the monitor away.
TEST_F(PfVdisplayBackend, FailedRemoveOfTheLastMonitorIsLeftToTheWatchdog) {
  twin_.configure(0, 1);  // a 1 s watchdog
  auto settings = test_settings();
  auto *warnings = capture_warnings(settings);
  Driver driver(settings);
  {
    VirtualDisplay display(driver, kModes[0], "");
    twin_.inject(0x901, 1, static_cast<int32_t>(0xC0000185));
  }
  EXPECT_EQ(warnings->size(), 1u);
  ASSERT_TRUE(eventually([&] { return twin_.state().live_monitors == 0; }, 5s));
  EXPECT_EQ(twin_.state().counters.watchdog_expiries, 1u);
  EXPECT_EQ(twin_.state().counters.removes, 0u);
}

// The Done-when check: pfhost.exe lists the backend with the driver's version, and `display`
// makes exactly one monitor at the mode, gone when the command returns.
std::wstring pfhost_command(const std::wstring &arguments) {
  auto config = std::filesystem::temp_directory_path() / "pfhost-display-test.toml";
  std::ofstream(config) << "[plugins.pf-vdisplay]\ntopology = \"off\"\n";
  return L"\"" + wine_path(PFHOST_BINARY) + L"\" --no-cache --plugin-dir \"" +
         wine_path(PFHOST_PLUGIN_DIR) + L"\" --config \"" + config.wstring() + L"\" " + arguments;
}

TEST_F(PfVdisplayBackend, ListBackendsShowsTheDriverVersion) {
  ChildProcess list(pfhost_command(L"--list-backends"));
  DWORD code = 1;
  ASSERT_TRUE(eventually([&] { return list.exited(&code); }, 60s)) << list.text();
  EXPECT_EQ(code, 0u) << list.text();
  EXPECT_NE(list.text().find("pf-vdisplay driver protocol 9, watchdog 10 s"), std::string::npos)
      << list.text();
}

TEST_F(PfVdisplayBackend, DisplayCommandHoldsOneMonitorAndRemovesIt) {
  ChildProcess display(
      pfhost_command(L"display --backend pf-vdisplay --mode 2560x1440@120 --hold 3"));
  ASSERT_TRUE(eventually([&] { return twin_.state().live_monitors == 1; }, 60s)) << display.text();
  auto state = twin_.state();
  EXPECT_EQ(state.monitors[0].width, 2560u);
  EXPECT_EQ(state.monitors[0].height, 1440u);
  EXPECT_EQ(state.monitors[0].refresh, 120u);
  EXPECT_EQ(state.monitors[0].owner_pid, display.pid());
  const uint32_t target_id = state.monitors[0].target_id;
  const uint32_t monitor_id = state.monitors[0].monitor_id;
  DWORD code = 1;
  ASSERT_TRUE(eventually([&] { return display.exited(&code); }, 30s)) << display.text();
  EXPECT_EQ(code, 0u) << display.text();
  state = twin_.state();
  EXPECT_EQ(state.live_monitors, 0u);
  EXPECT_EQ(state.counters.adds, 1u);
  EXPECT_EQ(state.counters.removes, 1u);  // removed by the host, not by closing its handle
  EXPECT_NE(display.text().find("pf-vdisplay: 2560x1440@120"), std::string::npos) << display.text();
  EXPECT_NE(display.text().find("target id " + std::to_string(target_id) + ", monitor id " +
                                std::to_string(monitor_id)),
            std::string::npos)
      << display.text();
}

}  // namespace
}  // namespace pfhost::pf_vdisplay

int main(int argc, char **argv) {
  if (argc == 3 && std::string(argv[1]) == "--hold") {
    return pfhost::test::hold_display<pfhost::pf_vdisplay::Driver>(
        pfhost::pf_vdisplay::test_settings(), {1920, 1080, 60000}, argv[2]);
  }
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
