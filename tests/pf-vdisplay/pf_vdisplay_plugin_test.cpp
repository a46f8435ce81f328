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
#include <sstream>
#include <thread>

#include "pf_vdisplay_driver.hpp"
#include "twin_device.hpp"

namespace pfhost::pf_vdisplay {
namespace {

using namespace std::chrono_literals;
using test::error_of;
using test::kPfVdisplayInterface;
using test::TwinDevice;

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

template <class Predicate>
bool eventually(Predicate predicate, std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!predicate()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

std::wstring self_command(const std::string &client) {
  wchar_t self[MAX_PATH];
  GetModuleFileNameW(nullptr, self, MAX_PATH);
  return L"\"" + std::wstring(self) + L"\" --hold " + std::wstring(client.begin(), client.end());
}

// Another process (this program again as a second host, or pfhost.exe); its output goes to a
// file the test reads; it is killed if still running at the end.
struct ChildProcess {
  PROCESS_INFORMATION process{};
  std::filesystem::path output;

  explicit ChildProcess(std::wstring command) {
    output = std::filesystem::temp_directory_path() /
             ("pfhost-second-host-" + std::to_string(GetTickCount64()) + ".txt");
    SECURITY_ATTRIBUTES inherit{sizeof inherit, nullptr, TRUE};
    HANDLE file = CreateFileW(output.wstring().c_str(), GENERIC_WRITE, FILE_SHARE_READ, &inherit,
                              CREATE_ALWAYS, 0, nullptr);
    STARTUPINFOW startup{};
    startup.cb = sizeof startup;
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdOutput = file;
    startup.hStdError = file;
    startup.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    if (!CreateProcessW(nullptr, command.data(), nullptr, nullptr, TRUE, 0, nullptr, nullptr,
                        &startup, &process)) {
      ADD_FAILURE() << "cannot start the second host: " << GetLastError();
    }
    CloseHandle(file);
  }
  ~ChildProcess() {
    if (process.hProcess) {
      TerminateProcess(process.hProcess, 9);
      WaitForSingleObject(process.hProcess, 10000);
      CloseHandle(process.hProcess);
      CloseHandle(process.hThread);
    }
    std::error_code ignored;
    std::filesystem::remove(output, ignored);
  }
  std::string text() const {
    std::ifstream in(output);
    std::stringstream all;
    all << in.rdbuf();
    return all.str();
  }
  bool exited(DWORD *code) const {
    return WaitForSingleObject(process.hProcess, 0) == WAIT_OBJECT_0 &&
           GetExitCodeProcess(process.hProcess, code);
  }
};

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
  ChildProcess second(self_command("second"));
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
  ChildProcess host(self_command("killed"));
  ASSERT_TRUE(eventually([&] { return twin_.state().live_monitors == 1; }, 20s)) << host.text();
  EXPECT_EQ(twin_.state().monitors[0].owner_pid, host.process.dwProcessId);
  TerminateProcess(host.process.hProcess, 9);
  ASSERT_TRUE(eventually([&] { return twin_.state().live_monitors == 0; }, 10s));
  EXPECT_EQ(twin_.state().counters.closed_with_monitors, 1u);
}

// The Done-when check: pfhost.exe lists the backend with the driver's version, and `display`
// makes exactly one monitor at the mode, gone when the command returns.
std::wstring wine_path(const std::string &unix_path) {  // Z: is wine's view of the Linux root
  return L"Z:" + std::wstring(unix_path.begin(), unix_path.end());
}

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
  EXPECT_EQ(state.monitors[0].owner_pid, display.process.dwProcessId);
  const uint32_t target_id = state.monitors[0].target_id;
  DWORD code = 1;
  ASSERT_TRUE(eventually([&] { return display.exited(&code); }, 30s)) << display.text();
  EXPECT_EQ(code, 0u) << display.text();
  state = twin_.state();
  EXPECT_EQ(state.live_monitors, 0u);
  EXPECT_EQ(state.counters.adds, 1u);
  EXPECT_EQ(state.counters.removes, 1u);  // removed by the host, not by closing its handle
  EXPECT_NE(display.text().find("pf-vdisplay: 2560x1440@120"), std::string::npos) << display.text();
  EXPECT_NE(display.text().find("target id " + std::to_string(target_id)), std::string::npos)
      << display.text();
}

// The second host: holds one display until killed; exit code 3 with the reason when refused.
int hold_display(const std::string &client) {
  try {
    Driver driver(test_settings());
    VirtualDisplay display(driver, kModes[0], client);
    std::cout << "holding monitor " << display.monitor().reply.monitor_id << std::endl;
    Sleep(60000);
    return 0;
  } catch (const std::exception &e) {
    std::cout << e.what() << std::endl;
    return 3;
  }
}

}  // namespace
}  // namespace pfhost::pf_vdisplay

int main(int argc, char **argv) {
  if (argc == 3 && std::string(argv[1]) == "--hold") {
    return pfhost::pf_vdisplay::hold_display(argv[2]);
  }
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
