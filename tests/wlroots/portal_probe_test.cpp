// The "wlroots-portal" backend where it can be tested here: its probe and create say why the
// portal is unavailable (no session bus; a bus without xdg-desktop-portal). The cast itself needs
// xdg-desktop-portal-wlr with dma-buf, which this machine lacks; the response parsing is
// unit-tested.
#include "wlroots_test_support.hpp"

#include <pfhost/os/child_process.hpp>

#include <gtest/gtest.h>

#include <pfhost/plugin.hpp>

#include <thread>

namespace pfhost::test {
namespace {

using namespace std::chrono_literals;

std::string probe_reason(const TestPlugin &plugin, pfhost_status *status) {
  char text[512] = {};
  pfhost_reason reason{sizeof(pfhost_reason), sizeof text, text};
  *status = plugin.backend("wlroots-portal").probe(plugin.ctx(), &reason);
  return text;
}

TEST(WlrootsPortal, WithoutASessionBusTheReasonSaysSo) {
  ScopedEnv env("DBUS_SESSION_BUS_ADDRESS", std::nullopt);
  const TestPlugin plugin(PFHOST_WLROOTS_PLUGIN);
  pfhost_status status = PFHOST_OK;
  const std::string why = probe_reason(plugin, &status);
  EXPECT_EQ(status, PFHOST_E_UNAVAILABLE);
  EXPECT_NE(why.find("no D-Bus session bus"), std::string::npos) << why;
}

TEST(WlrootsPortal, OnABusWithoutThePortalProbeAndCreateSayItIsNotRunning) {
  if (!os::find_executable("dbus-daemon")) GTEST_SKIP() << "dbus-daemon is not installed";
  TempDir dir("pfhost-portal-");
  const std::string address = "unix:path=" + (dir.path() / "bus").string();
  os::ChildProcess::Options options;
  options.argv = {"dbus-daemon", "--session", "--address=" + address, "--nofork", "--nopidfile"};
  options.log_path = dir.path() / "dbus.log";
  os::ChildProcess bus(std::move(options));
  for (int i = 0; i < 100 && !std::filesystem::exists(dir.path() / "bus"); ++i)
    std::this_thread::sleep_for(20ms);
  ScopedEnv env("DBUS_SESSION_BUS_ADDRESS", address);

  const TestPlugin plugin(PFHOST_WLROOTS_PLUGIN);
  pfhost_status status = PFHOST_OK;
  const std::string why = probe_reason(plugin, &status);
  EXPECT_EQ(status, PFHOST_E_UNAVAILABLE);
  EXPECT_NE(why.find("xdg-desktop-portal is not running on the session bus"), std::string::npos)
      << why;

  try {
    PluginDisplay display(plugin, {1280, 720, 60000}, {}, "wlroots-portal");
    FAIL() << "create must fail without a portal";
  } catch (const std::runtime_error &e) {
    EXPECT_NE(std::string(e.what()).find("unavailable"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("xdg-desktop-portal is not running"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(plugin.display_table("wlroots-portal")->target_kinds,
            1u << PFHOST_TARGET_PIPEWIRE_NODE);
}

}  // namespace
}  // namespace pfhost::test
