// The KWin plugin's pure parts: output names and the probe's judgement of a compositor's globals.
#include "kwin_probe.hpp"
#include "output_names.hpp"

#include <gtest/gtest.h>

namespace pfhost::kwin {
namespace {

TEST(KwinOutputNames, SameIdentityGetsTheSameNameEveryTime) {
  OutputNames names;
  const std::string first = names.claim("living-room-tv");
  EXPECT_EQ(first, "pfhost-living-room-tv");
  names.release(first);
  EXPECT_EQ(names.claim("living-room-tv"), first);
}

TEST(KwinOutputNames, LiveNamesNeverCollide) {
  OutputNames names("host");
  EXPECT_EQ(names.claim("tv"), "host-tv");
  EXPECT_EQ(names.claim("tv"), "host-tv-2");
  EXPECT_EQ(names.claim(nullptr), "host-display-1");
  EXPECT_EQ(names.claim(""), "host-display-2");
  names.release("host-display-1");
  EXPECT_EQ(names.claim(nullptr), "host-display-1");
}

TEST(KwinOutputNames, OddIdentitiesAreSanitizedButStayDistinct) {
  const std::string a = sanitize_identity("Anna's phone / 5G");
  const std::string b = sanitize_identity("Anna's phone | 5G");
  EXPECT_EQ(
      a.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"),
      std::string::npos);
  EXPECT_NE(a, b);
  EXPECT_LE(sanitize_identity(std::string(200, 'x')).size(), 40u + 9u);
  EXPECT_EQ(sanitize_identity("plain-id_1.2"), "plain-id_1.2");
}

TEST(KwinProbeVerdict, ScreencastVersion2OrNewerIsAvailable) {
  const auto verdict =
      judge_globals({{1, "wl_compositor", 5}, {7, "zkde_screencast_unstable_v1", 3}}, "wayland-0",
                    "/usr/bin/pfhost");
  EXPECT_EQ(verdict.status, PFHOST_OK);
  EXPECT_TRUE(verdict.reason.empty());
}

TEST(KwinProbeVerdict, VersionOneIsTooOld) {
  const auto verdict =
      judge_globals({{7, "zkde_screencast_unstable_v1", 1}}, "wayland-0", "/usr/bin/pfhost");
  EXPECT_EQ(verdict.status, PFHOST_E_UNAVAILABLE);
  EXPECT_NE(verdict.reason.find("version 1"), std::string::npos) << verdict.reason;
}

TEST(KwinProbeVerdict, OtherCompositorIsNotKwin) {
  const auto verdict =
      judge_globals({{1, "wl_compositor", 5}, {2, "zwlr_screencopy_manager_v1", 3}}, "wayland-1",
                    "/usr/bin/pfhost");
  EXPECT_EQ(verdict.status, PFHOST_E_UNAVAILABLE);
  EXPECT_NE(verdict.reason.find("not running under KDE Plasma/KWin"), std::string::npos);
  EXPECT_NE(verdict.reason.find("'wayland-1'"), std::string::npos) << verdict.reason;
}

TEST(KwinProbeVerdict, KwinHidingTheInterfaceNamesTheDesktopFile) {
  const auto verdict = judge_globals({{1, "org_kde_kwin_idle", 1}}, "wayland-0", "/opt/x/pfhost");
  EXPECT_EQ(verdict.status, PFHOST_E_UNAVAILABLE);
  EXPECT_NE(verdict.reason.find("KWin hides zkde_screencast_unstable_v1 from /opt/x/pfhost"),
            std::string::npos)
      << verdict.reason;
  EXPECT_NE(verdict.reason.find(".desktop"), std::string::npos);
  EXPECT_NE(verdict.reason.find("Exec=/opt/x/pfhost"), std::string::npos);
}

TEST(KwinProbeVerdict, ReplacedBinarySaysSo) {
  const auto verdict =
      judge_globals({{1, "org_kde_kwin_idle", 1}}, "wayland-0", "/usr/bin/pfhost (deleted)");
  EXPECT_NE(verdict.reason.find("changed since it started"), std::string::npos) << verdict.reason;
}

}  // namespace
}  // namespace pfhost::kwin
