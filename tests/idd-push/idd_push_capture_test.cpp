// The IDD-push capturer under wine: a real pf-vdisplay monitor made against the kernel driver
// twin, the real capturer (header section, event, generations, timing) over shared-memory slots,
// and the driver-side twin program publishing the moving test pattern into them by target id.
#include <gtest/gtest.h>

#include <windows.h>

#include <psapi.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "idd_push/idd_push_capture.hpp"
#include "idd_test_pattern.hpp"
#include "pf_vdisplay_driver.hpp"
#include "test_process.hpp"
#include "twin_device.hpp"

namespace pfhost::pf_vdisplay {
namespace {

using namespace std::chrono_literals;
using test::error_of;
using test::kPfVdisplayInterface;
using test::Rgb;
using test::TwinDevice;

constexpr pfhost_mode kMode = {320, 240, 60000};

windows::IddSettings test_settings() {
  windows::IddSettings settings;
  settings.manage_topology = false;  // wine has no display topology: the stand-in
  settings.state_dir = std::filesystem::temp_directory_path() / "pfhost-idd-push-test-state";
  return settings;
}

// The driver-side twin's command line for `target_id`.
std::wstring publisher(uint32_t target_id, const std::string &arguments) {
  return L"\"" + test::wine_path(PFHOST_IDD_PUBLISHER) + L"\" --target " +
         std::to_wstring(target_id) + L" " + core::os::widen(arguments);
}

std::filesystem::path publisher_log() {
  return std::filesystem::temp_directory_path() / "pfhost-idd-publisher.log";
}

// A frame handed out by the capture, given back when the test is done with it.
struct HeldFrame {
  pfhost_frame *frame = nullptr;
  ~HeldFrame() {
    if (frame) frame->release(frame);
  }
};

uint32_t bytes_per_pixel(const pfhost_frame &frame) {
  return frame.pixel_format == PFHOST_PIXEL_FORMAT_RGBA16F ? 8 : 4;
}

Rgb pixel(const pfhost_frame &frame, uint32_t x, uint32_t y) {
  return test::read_pixel(static_cast<const uint8_t *>(frame.u.cpu.data[0]), frame.u.cpu.stride[0],
                          bytes_per_pixel(frame), x, y);
}

// Checks one frame against the pattern and returns the counter it carries.
uint32_t check_pattern(const pfhost_frame &frame) {
  const uint32_t w = frame.width, h = frame.height;
  const uint32_t counter = test::counter_of(pixel(frame, 0, 0));
  EXPECT_EQ(pixel(frame, 0, 0).r, 0x80);
  EXPECT_EQ(test::counter_of(pixel(frame, w - 1, h - 1)), counter) << "torn frame";
  const uint32_t bar = test::bar_x(counter, w);
  EXPECT_EQ(pixel(frame, bar + test::kBarWidth / 2, h / 4), test::kBar) << "frame " << counter;
  // Each quadrant's colour, sampled where the bar is not.
  for (uint32_t q = 0; q < 4; ++q) {
    uint32_t x = (q % 2 == 0 ? w / 4 : 3 * w / 4);
    if (x + 8 >= bar && x <= bar + test::kBarWidth + 8) x = (q % 2 == 0 ? 12 : w - 12);
    const uint32_t y = q < 2 ? h / 4 : 3 * h / 4;
    EXPECT_EQ(pixel(frame, x, y), test::kQuadrants[q]) << "quadrant " << q << " at " << x;
  }
  return counter;
}

class IddPushTwin : public ::testing::Test {
 protected:
  void SetUp() override {
    twin_.reset();
    std::filesystem::remove_all(test_settings().state_dir);
    driver_ = std::make_unique<Driver>(test_settings());
    display_ = std::make_unique<VirtualDisplay>(*driver_, kMode, "idd-push-test");
    target_ = display_->target();
  }
  void TearDown() override {
    display_.reset();
    driver_.reset();
  }

  uint32_t target_id() const { return target_.u.windows_idd.target_id; }

  std::unique_ptr<IddPushCapture> open(std::chrono::milliseconds timeout = 3000ms,
                                       DisplayStateProbe probe = {}) {
    IddPushOptions options;
    options.open_timeout = timeout;
    options.state_poll = 50ms;
    return std::make_unique<IddPushCapture>(make_shared_memory_texture_device(), target_,
                                            probe ? probe : windows_display_state(target_),
                                            options);
  }

  TwinDevice twin_{kPfVdisplayInterface};
  std::unique_ptr<Driver> driver_;
  std::unique_ptr<VirtualDisplay> display_;
  pfhost_target target_{};
};

TEST_F(IddPushTwin, FramesHaveTheDisplaySizeAndThePatternColours) {
  test::ChildProcess twin_publisher(publisher(target_id(), "--fps 120"), publisher_log());
  auto capture = open();
  uint32_t previous = 0;
  for (int i = 0; i < 20; ++i) {
    HeldFrame held;
    std::string why;
    ASSERT_EQ(capture->next_frame(1000, &held.frame, &why), PFHOST_OK) << why;
    const pfhost_frame &frame = *held.frame;
    ASSERT_EQ(frame.memory, static_cast<uint32_t>(PFHOST_MEMORY_CPU));
    ASSERT_EQ(frame.width, 320u);
    ASSERT_EQ(frame.height, 240u);
    ASSERT_EQ(frame.pixel_format, static_cast<uint32_t>(PFHOST_PIXEL_FORMAT_BGRX));
    ASSERT_EQ(frame.u.cpu.stride[0], 320u * 4);
    const uint32_t counter = check_pattern(frame);
    EXPECT_GT(counter, previous) << "a stale or repeated frame";
    previous = counter;
  }
}

TEST_F(IddPushTwin, OpenFailsAtOnceWithEachDriverStatus) {
  const struct {
    const char *flag;
    const char *text;
  } cases[] = {{"tex-fail", "driver status 2 (cannot open the ring textures), detail 0x887A0026"},
               {"no-device", "driver status 3 (no render device), detail 0x887A0026"},
               {"other-target", "driver status 4 (bound to another target), detail 0x887A0026"}};
  for (const auto &c : cases) {
    test::ChildProcess twin_publisher(
        publisher(target_id(), std::string("--status ") + c.flag + " --detail 887A0026"),
        publisher_log());
    const auto start = std::chrono::steady_clock::now();
    const std::string error = error_of([&] { open(3000ms); });
    EXPECT_NE(error.find("pf-vdisplay driver cannot use the IDD-push ring of target " +
                         std::to_string(target_id()) + ": " + c.text),
              std::string::npos)
        << error;
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2500ms) << c.flag << " was not fast";
  }
}

TEST_F(IddPushTwin, OpenTimesOutWhenTheDriverNeverAttaches) {
  test::ChildProcess twin_publisher(publisher(target_id(), "--status none"), publisher_log());
  const std::string error = error_of([&] { open(600ms); });
  EXPECT_NE(
      error.find("did not attach to the IDD-push ring of target " + std::to_string(target_id()) +
                 " within 600 ms (driver status 0 (not attached)"),
      std::string::npos)
      << error;
}

TEST_F(IddPushTwin, OpenFailsWhenTheDriverAttachesButPublishesNothing) {
  test::ChildProcess twin_publisher(publisher(target_id(), "--mismatch --fps 120"),
                                    publisher_log());  // surfaces 16 px narrower: skipped
  const std::string error = error_of([&] { open(800ms); });
  EXPECT_NE(error.find("attached to the IDD-push ring of target " + std::to_string(target_id()) +
                       " but published no frame within 800 ms (driver status 1 (opened)"),
            std::string::npos)
      << error;
}

TEST_F(IddPushTwin, FollowsAGenerationChangeWithoutStaleOrTornFrames) {
  test::ChildProcess twin_publisher(publisher(target_id(), "--fps 120"), publisher_log());
  std::atomic<bool> hdr{false};
  auto capture = open(3000ms, [&] { return DisplayState{320, 240, hdr.load()}; });
  const uint32_t first_generation = capture->generation();
  uint32_t previous = 0;
  for (int i = 0; i < 5; ++i) {
    HeldFrame held;
    std::string why;
    ASSERT_EQ(capture->next_frame(1000, &held.frame, &why), PFHOST_OK) << why;
    previous = check_pattern(*held.frame);
  }
  hdr = true;  // "Use HDR" switched on: the ring becomes FP16 under a new generation
  int hdr_frames = 0;
  for (int i = 0; i < 40 && hdr_frames < 10; ++i) {
    HeldFrame held;
    std::string why;
    ASSERT_EQ(capture->next_frame(2000, &held.frame, &why), PFHOST_OK) << why;
    const bool is_hdr = held.frame->pixel_format == PFHOST_PIXEL_FORMAT_RGBA16F;
    if (hdr_frames > 0) {
      ASSERT_TRUE(is_hdr) << "an SDR frame after the switch";
    }
    if (is_hdr) {
      ++hdr_frames;
      EXPECT_EQ(held.frame->u.cpu.stride[0], 320u * 8);
    }
    const uint32_t counter = check_pattern(*held.frame);
    EXPECT_GT(counter, previous) << "a stale frame";
    previous = counter;
  }
  EXPECT_EQ(hdr_frames, 10);
  EXPECT_GT(capture->generation(), first_generation);
}

// A full-screen game sets another mode on the monitor: the ring follows the actual size.
TEST_F(IddPushTwin, FollowsTheDisplaysActualSize) {
  test::ChildProcess twin_publisher(publisher(target_id(), "--fps 120"), publisher_log());
  std::atomic<uint32_t> width{320};
  auto capture = open(3000ms, [&] { return DisplayState{width.load(), 240, false}; });
  HeldFrame first;
  std::string why;
  ASSERT_EQ(capture->next_frame(1000, &first.frame, &why), PFHOST_OK) << why;
  EXPECT_EQ(first.frame->width, 320u);
  width = 256;
  for (int i = 0; i < 40; ++i) {
    HeldFrame held;
    ASSERT_EQ(capture->next_frame(2000, &held.frame, &why), PFHOST_OK) << why;
    if (held.frame->width != 256u) continue;
    EXPECT_EQ(held.frame->u.cpu.stride[0], 256u * 4);
    check_pattern(*held.frame);
    return;
  }
  FAIL() << "no frame at the display's new width";
}

TEST_F(IddPushTwin, AStalledPublisherTimesOutWithTheDriverStatus) {
  test::ChildProcess twin_publisher(publisher(target_id(), "--fps 120 --stall-after 5"),
                                    publisher_log());
  auto capture = open();
  std::string why;
  pfhost_status status = PFHOST_OK;
  for (int i = 0; i < 10 && status == PFHOST_OK; ++i) {
    HeldFrame held;
    status = capture->next_frame(300, &held.frame, &why);
  }
  ASSERT_EQ(status, PFHOST_E_TIMEOUT);
  EXPECT_NE(why.find("no new frame from the pf-vdisplay driver for target " +
                     std::to_string(target_id()) +
                     " in 300 ms (driver status 1 (opened), detail 0x00000000, last frame 5)"),
            std::string::npos)
      << why;
}

TEST_F(IddPushTwin, ClosesAndReopensAtOnce) {
  test::ChildProcess twin_publisher(publisher(target_id(), "--fps 120"), publisher_log());
  for (int round = 0; round < 3; ++round) {
    auto capture = open();
    HeldFrame held;
    std::string why;
    ASSERT_EQ(capture->next_frame(1000, &held.frame, &why), PFHOST_OK) << "round " << round << why;
    check_pattern(*held.frame);
  }
}

TEST_F(IddPushTwin, AThousandFramesWithoutHandleOrMemoryGrowth) {
  test::ChildProcess twin_publisher(publisher(target_id(), "--fps 1000"), publisher_log());
  auto capture = open();
  auto take = [&](int count) {
    for (int i = 0; i < count; ++i) {
      HeldFrame held;
      std::string why;
      ASSERT_EQ(capture->next_frame(1000, &held.frame, &why), PFHOST_OK) << why;
    }
  };
  take(100);
  // Committed private bytes (PagefileUsage: wine leaves PrivateUsage at 0), and the handle
  // table's first free entry (a handle just made and closed): wine's GetProcessHandleCount does
  // not count, but leaked handles push that entry up.
  auto usage = [] {
    PROCESS_MEMORY_COUNTERS_EX counters{};
    GetProcessMemoryInfo(GetCurrentProcess(),
                         reinterpret_cast<PROCESS_MEMORY_COUNTERS *>(&counters), sizeof counters);
    HANDLE probe = CreateEventA(nullptr, FALSE, FALSE, nullptr);
    CloseHandle(probe);
    return std::pair<size_t, uintptr_t>{counters.PagefileUsage, reinterpret_cast<uintptr_t>(probe)};
  };
  const auto before = usage();
  take(1000);
  const auto after = usage();
  EXPECT_LE(after.second, before.second + 8 * sizeof(HANDLE))
      << "first free handle " << before.second << " -> " << after.second;
  EXPECT_LT(after.first, before.first + (2u << 20))
      << "committed bytes " << before.first << " -> " << after.first;
  EXPECT_GE(capture->output_stats().handed_out, 1100u);
}

}  // namespace
}  // namespace pfhost::pf_vdisplay
