// Availability: available with a version when Mutter runs, unavailable with a reason a user can
// act on when it does not (no Mutter on the bus; no bus at all).
#include "mutter_environment.hpp"

#include <pfhost/test/scoped_env.hpp>
#include <pfhost/test/test_plugin.hpp>

#include <gtest/gtest.h>

#include <array>

namespace pfhost::test {
namespace {

struct ProbeAnswer {
  pfhost_status status;
  std::string reason;
};

ProbeAnswer probe_mutter() {
  const TestPlugin plugin(PFHOST_MUTTER_PLUGIN);
  std::array<char, 512> text{};
  pfhost_reason reason{sizeof(pfhost_reason), static_cast<uint32_t>(text.size()), text.data()};
  const pfhost_status status = plugin.backend("mutter").probe(plugin.ctx(), &reason);
  return {status, text.data()};
}

TEST(MutterProbe, AvailableWithTheScreenCastVersionWhenMutterRuns) {
  if (auto why = MutterEnvironment::unavailable_reason()) GTEST_SKIP() << *why;
  MutterEnvironment gnome;
  const ProbeAnswer answer = probe_mutter();
  EXPECT_EQ(answer.status, PFHOST_OK) << answer.reason;
  // Mutter 43 reports ScreenCast API version 4.
  EXPECT_NE(answer.reason.find("ScreenCast API version"), std::string::npos) << answer.reason;
}

TEST(MutterProbe, UnavailableNamingTheServiceWhenMutterIsNotOnTheBus) {
  if (auto why = PipeWireEnvironment::unavailable_reason()) GTEST_SKIP() << *why;
  PipeWireEnvironment pw;  // a session bus without Mutter
  const ProbeAnswer answer = probe_mutter();
  EXPECT_EQ(answer.status, PFHOST_E_UNAVAILABLE);
  EXPECT_NE(answer.reason.find("org.gnome.Mutter.ScreenCast"), std::string::npos) << answer.reason;
  EXPECT_NE(answer.reason.find("is not on the session bus"), std::string::npos) << answer.reason;
  EXPECT_NE(answer.reason.find(pw.bus_address()), std::string::npos) << answer.reason;
}

TEST(MutterProbe, UnavailableNamingTheAddressWhenThereIsNoSessionBus) {
  const ScopedEnv env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/pfhost-test-bus");
  const ProbeAnswer answer = probe_mutter();
  EXPECT_EQ(answer.status, PFHOST_E_UNAVAILABLE);
  EXPECT_NE(answer.reason.find("cannot connect to the D-Bus session bus"), std::string::npos)
      << answer.reason;
  EXPECT_NE(answer.reason.find("/nonexistent/pfhost-test-bus"), std::string::npos) << answer.reason;
}

}  // namespace
}  // namespace pfhost::test
