// The probe and the failure path against what a user can meet: no Wayland session, a compositor
// that is not KWin, and a real headless KWin that hides the interface (no .desktop entry) or
// grants it (the plugin's own .desktop template naming this test's executable) and then refuses
// the virtual output as KWin 5.27's headless backend does.
#include "kwin_probe.hpp"
#include "fake_screencast_server.hpp"
#include "kwin_instance.hpp"
#include "kwin_test_support.hpp"

#include "backends/display_error.hpp"

#include <pfhost/test/scoped_env.hpp>
#include <pfhost/test/temp_dir.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace pfhost::test {
using namespace pfhost::core;  // the host's own types
namespace {

using ::testing::HasSubstr;

TEST(KwinProbe, WithoutWaylandDisplayIsNotKde) {
  ScopedEnv env("WAYLAND_DISPLAY", std::nullopt);
  std::string reason;
  EXPECT_EQ(kwin_probe(&reason), PFHOST_E_UNAVAILABLE);
  EXPECT_THAT(reason, HasSubstr("not running under KDE Plasma/KWin"));
  EXPECT_THAT(reason, HasSubstr("$WAYLAND_DISPLAY is not set"));
}

TEST(KwinProbe, UnreachableDisplayIsNotKde) {
  TempDir runtime;
  ScopedEnv env;
  env.set("XDG_RUNTIME_DIR", runtime.path().string()).set("WAYLAND_DISPLAY", "wayland-nobody");
  std::string reason;
  EXPECT_EQ(kwin_probe(&reason), PFHOST_E_UNAVAILABLE);
  EXPECT_THAT(reason, HasSubstr("not running under KDE Plasma/KWin"));
  EXPECT_THAT(reason, HasSubstr("cannot connect to Wayland display 'wayland-nobody'"));
}

TEST(KwinProbe, OtherCompositorIsNotKwin) {
  TempDir runtime;
  ScopedEnv env("XDG_RUNTIME_DIR", runtime.path().string());
  FakeScreencastServer server({.advertise_screencast = false});
  env.set("WAYLAND_DISPLAY", server.socket_name());
  std::string reason;
  EXPECT_EQ(kwin_probe(&reason), PFHOST_E_UNAVAILABLE);
  EXPECT_THAT(reason, HasSubstr("advertises no org_kde_* interfaces"));
}

class RealKwin : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto why = PipeWireEnvironment::unavailable_reason()) GTEST_SKIP() << *why;
    if (auto why = KwinInstance::unavailable_reason()) GTEST_SKIP() << *why;
  }
};

TEST_F(RealKwin, WithoutPermissionTheGlobalIsHiddenAndTheProbeSaysWhy) {
  PipeWireEnvironment pw;
  KwinInstance kwin(pw, {});
  ScopedEnv env("WAYLAND_DISPLAY", kwin.socket_name());
  std::string reason;
  EXPECT_EQ(kwin_probe(&reason), PFHOST_E_UNAVAILABLE) << kwin.log();
  EXPECT_THAT(reason,
              HasSubstr("KWin hides zkde_screencast_unstable_v1 from " + kwin::self_executable()));
  EXPECT_THAT(reason, HasSubstr("pfhost-kwin.desktop"));
}

// The permission comes from the plugin's own .desktop template (what `cmake --install` puts in
// share/applications), pointed at this test executable: the client KWin sees.
TEST_F(RealKwin, DesktopFileGrantsTheGlobalAndKwinsFailureIsACleanError) {
  PipeWireEnvironment pw;
  KwinInstance kwin(
      pw, {.desktop_files = {{"pfhost-kwin.desktop", desktop_file_for(kwin::self_executable())}}});
  ScopedEnv env("WAYLAND_DISPLAY", kwin.socket_name());
  std::string reason;
  ASSERT_EQ(kwin_probe(&reason), PFHOST_OK) << reason << "\n" << kwin.log();

  const DisplayBackend backend = kwin_backend();
  DisplayRegistry registry(no_keep_alive());
  try {
    DisplayLease lease = registry.acquire(backend, pfhost_mode{1280, 720, 60000}, "tv");
    FAIL() << "KWin 5.27's virtual backend cannot make virtual outputs; got node "
           << lease.target().u.pipewire.node_id;
  } catch (const DisplayError &e) {
    EXPECT_EQ(e.status(), PFHOST_E_UNAVAILABLE);
    EXPECT_THAT(e.what(), HasSubstr("KWin refused the virtual output 'pfhost-tv' (1280x720)"));
    EXPECT_THAT(e.what(), HasSubstr("Could not find output"));  // KWin's own text
  }
  EXPECT_TRUE(registry.snapshot().empty());
  // The host goes on: KWin still answers a fresh probe and a second attempt fails the same way.
  EXPECT_EQ(kwin_probe(&reason), PFHOST_OK) << reason;
  EXPECT_THROW(registry.acquire(backend, pfhost_mode{640, 480, 60000}), DisplayError);
  EXPECT_TRUE(registry.snapshot().empty());
}

}  // namespace
}  // namespace pfhost::test
