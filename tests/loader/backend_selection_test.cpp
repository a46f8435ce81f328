#include "loader/backend_selection.hpp"

#include <gtest/gtest.h>

#include <pfhost/plugin.h>

namespace pfhost::core {
namespace {

constexpr uint32_t kPipeWire = 1u << PFHOST_TARGET_PIPEWIRE_NODE;
constexpr uint32_t kWayland = 1u << PFHOST_TARGET_WAYLAND_OUTPUT;
constexpr uint32_t kCpu = 1u << PFHOST_MEMORY_CPU;
constexpr uint32_t kDmabuf = 1u << PFHOST_MEMORY_DMABUF;
constexpr uint64_t kBgrx = 1ull << PFHOST_PIXEL_FORMAT_BGRX;
constexpr uint64_t kNv12 = 1ull << PFHOST_PIXEL_FORMAT_NV12;

SelectionCandidate display(std::string name, int32_t rank, bool usable, uint32_t targets) {
  SelectionCandidate c;
  c.name = std::move(name);
  c.kind = PFHOST_BACKEND_DISPLAY;
  c.rank = rank;
  c.usable = usable;
  c.unusable_reason = usable ? "" : "unavailable: not running";
  c.target_kinds = targets;
  return c;
}

SelectionCandidate capture(std::string name, int32_t rank, uint32_t targets, uint32_t memory,
                           uint64_t formats) {
  SelectionCandidate c = display(std::move(name), rank, true, targets);
  c.kind = PFHOST_BACKEND_CAPTURE;
  c.memory_kinds = memory;
  c.pixel_formats = formats;
  return c;
}

SelectionCandidate encoder(std::string name, int32_t rank, uint32_t memory, uint64_t formats) {
  SelectionCandidate c = display(std::move(name), rank, true, 0);
  c.kind = PFHOST_BACKEND_ENCODE;
  EncoderCaps caps;
  caps.input_memory = memory;
  caps.input_formats = formats;
  c.caps = caps;
  return c;
}

BackendPreference automatic() {
  return {};
}
BackendPreference list(std::vector<std::string> names) {
  return {false, std::move(names)};
}

TEST(BackendSelection, AutoTakesTheHighestRankThatProbedOkTiesByName) {
  const std::vector<SelectionCandidate> all = {
      display("kwin", 50, true, kPipeWire), display("mutter", 50, true, kPipeWire),
      display("gpu", 100, false, kPipeWire), display("fallback", 10, true, kPipeWire)};
  const auto s = select_backends(all, automatic(), automatic(), automatic());
  ASSERT_TRUE(s.display.selected);
  EXPECT_EQ(*s.display.selected, "kwin");
  ASSERT_EQ(s.display.passed_over.size(), 3u);
  EXPECT_EQ(s.display.passed_over[0].backend, "gpu");
  EXPECT_EQ(s.display.passed_over[0].reason, "unavailable: not running");
  EXPECT_EQ(s.display.passed_over[1].backend, "mutter");
  EXPECT_EQ(s.display.passed_over[1].reason, "ranked below 'kwin'");
}

TEST(BackendSelection, AListIsWalkedInOrderAndOnlyItsEntriesCount) {
  const std::vector<SelectionCandidate> all = {
      display("a", 100, true, kPipeWire), display("b", 1, false, kPipeWire),
      display("c", 1, true, kPipeWire), encoder("enc", 1, kCpu, kBgrx)};
  const auto s = select_backends(all, list({"missing", "enc", "b", "c"}), automatic(), automatic());
  ASSERT_TRUE(s.display.selected);
  EXPECT_EQ(*s.display.selected, "c");
  ASSERT_EQ(s.display.passed_over.size(), 4u);
  EXPECT_EQ(s.display.passed_over[0].reason, "not installed (no plugin provides it)");
  EXPECT_EQ(s.display.passed_over[1].reason, "is a encode backend, not display");
  EXPECT_EQ(s.display.passed_over[2].backend, "b");
  EXPECT_EQ(s.display.passed_over[3].backend, "a");
  EXPECT_EQ(s.display.passed_over[3].reason, "not in the list");
}

TEST(BackendSelection, CapturerMustAcceptTheDisplaysTargets) {
  const std::vector<SelectionCandidate> all = {display("wlroots", 50, true, kWayland),
                                               capture("pipewire", 100, kPipeWire, kCpu, kBgrx),
                                               capture("screencopy", 10, kWayland, kCpu, kBgrx)};
  const auto s = select_backends(all, automatic(), automatic(), automatic());
  ASSERT_TRUE(s.capture.selected);
  EXPECT_EQ(*s.capture.selected, "screencopy");
  EXPECT_EQ(s.capture.passed_over[0].reason,
            "accepts targets pipewire_node but display 'wlroots' produces wayland_output");
}

// Windows IDD targets come from two drivers that are read differently: a display is captured by
// its own plugin's capturer when the plugin ships one, even when another ranks higher, and the
// reason says so when that capturer cannot run.
TEST(BackendSelection, ADisplayIsCapturedByItsOwnPluginsCapturer) {
  constexpr uint32_t kIdd = 1u << PFHOST_TARGET_WINDOWS_IDD;
  auto from = [](SelectionCandidate c, std::string plugin) {
    c.plugin = std::move(plugin);
    return c;
  };
  std::vector<SelectionCandidate> all = {
      from(display("pf-vdisplay", 60, true, kIdd), "pf-vdisplay"),
      from(display("sudovda", 55, true, kIdd), "sudovda"),
      from(capture("idd-push", 60, kIdd, kCpu, kBgrx), "pf-vdisplay"),
      from(capture("desktop-duplication", 50, kIdd, kCpu, kBgrx), "sudovda")};
  auto s = select_backends(all, automatic(), automatic(), automatic());
  ASSERT_TRUE(s.capture.selected);
  EXPECT_EQ(*s.capture.selected, "idd-push");

  s = select_backends(all, list({"sudovda"}), automatic(), automatic());
  ASSERT_TRUE(s.capture.selected);
  EXPECT_EQ(*s.capture.selected, "desktop-duplication");
  EXPECT_EQ(s.capture.passed_over[0].reason,
            "display 'sudovda' is captured by its own plugin's 'desktop-duplication'");

  all[3].usable = false;
  all[3].unusable_reason = "unavailable: desktop duplication does not work here";
  s = select_backends(all, list({"sudovda"}), automatic(), automatic());
  EXPECT_FALSE(s.capture.selected);
  EXPECT_EQ(s.capture.none_reason,
            "none available: idd-push: display 'sudovda' is captured by its own plugin's "
            "'desktop-duplication'; desktop-duplication: unavailable: desktop duplication does "
            "not work here");
}

TEST(BackendSelection, EncoderMustTakeTheCapturersFrames) {
  const std::vector<SelectionCandidate> all = {
      display("d", 1, true, kPipeWire), capture("c", 1, kPipeWire, kCpu, kBgrx),
      encoder("vaapi", 100, kDmabuf, kNv12), encoder("nv12-only", 90, kCpu, kNv12),
      encoder("software", 10, kCpu, kBgrx | kNv12)};
  const auto s = select_backends(all, automatic(), automatic(), automatic());
  ASSERT_TRUE(s.encode.selected);
  EXPECT_EQ(*s.encode.selected, "software");
  EXPECT_EQ(s.encode.passed_over[0].reason, "takes dmabuf memory but capture 'c' delivers cpu");
  EXPECT_EQ(s.encode.passed_over[1].reason,
            "takes pixel formats nv12 but capture 'c' delivers bgrx");
}

TEST(BackendSelection, NoneAvailableSaysWhy) {
  const std::vector<SelectionCandidate> all = {display("d", 1, false, kPipeWire)};
  const auto s = select_backends(all, automatic(), automatic(), list({"x"}));
  EXPECT_FALSE(s.display.selected);
  EXPECT_EQ(s.display.none_reason, "none available: d: unavailable: not running");
  EXPECT_EQ(s.capture.none_reason, "none available: no capture backend is installed");
  EXPECT_EQ(s.encode.none_reason, "none available: x: not installed (no plugin provides it)");
}

}  // namespace
}  // namespace pfhost::core
