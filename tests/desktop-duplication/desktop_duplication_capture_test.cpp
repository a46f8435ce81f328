// Desktop duplication's recovery rules against a scripted duplication source (the real one,
// DXGI's, does not run under wine or on Linux): a frame is copied and released, WAIT_TIMEOUT is
// "no change", ACCESS_LOST recreates the duplication (retrying while opening fails, giving up
// after the recovery window with the reason), any other failure ends the capture.
#include "desktop_duplication/desktop_duplication_capture.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <stdexcept>

namespace pfhost::sudovda {
namespace {

using namespace std::chrono_literals;

// What the scripted sources answer, shared by every source the factory opens.
struct Script {
  std::deque<AcquireResult> answers;      // empty: no change
  std::deque<std::string> open_failures;  // the next opens fail with these, in order
  int opens = 0;
  int releases = 0;
  uint8_t fill = 0x10;
};

class ScriptedSource final : public DuplicationSource {
 public:
  explicit ScriptedSource(Script &script) : script_(script) {}
  AcquireResult acquire(uint32_t) override {
    if (script_.answers.empty()) return {Acquired::kNoChange, 0, 0, {}};
    last_ = script_.answers.front();
    script_.answers.pop_front();
    return last_;
  }
  void copy_and_release(uint8_t *into, uint32_t stride) override {
    for (uint32_t y = 0; into != nullptr && y < last_.height; ++y) {
      for (uint32_t x = 0; x < stride; ++x) into[y * stride + x] = script_.fill;
    }
    ++script_.fill;
    ++script_.releases;
  }

 private:
  Script &script_;
  AcquireResult last_;
};

class ScriptedFactory final : public DuplicationFactory {
 public:
  explicit ScriptedFactory(Script &script) : script_(script) {}
  std::unique_ptr<DuplicationSource> open() override {
    ++script_.opens;
    if (!script_.open_failures.empty()) {
      const std::string why = script_.open_failures.front();
      script_.open_failures.pop_front();
      throw std::runtime_error(why);
    }
    return std::make_unique<ScriptedSource>(script_);
  }

 private:
  Script &script_;
};

const AcquireResult kFrame = {Acquired::kFrame, 4, 2, {}};
const AcquireResult kLost = {Acquired::kAccessLost, 0, 0, {}};

struct Fixture {
  Script script;
  DesktopDuplicationCapture capture{std::make_unique<ScriptedFactory>(script),
                                    DuplicationOptions{200ms, 5ms}};
};

TEST(DesktopDuplication, AFrameIsCopiedAndReleased) {
  Fixture f;
  f.script.answers = {kFrame};
  pfhost_frame *frame = nullptr;
  std::string why;
  ASSERT_EQ(f.capture.next_frame(100, &frame, &why), PFHOST_OK) << why;
  EXPECT_EQ(frame->width, 4u);
  EXPECT_EQ(frame->height, 2u);
  EXPECT_EQ(frame->pixel_format, static_cast<uint32_t>(PFHOST_PIXEL_FORMAT_BGRX));
  EXPECT_EQ(frame->u.cpu.stride[0], 16u);
  EXPECT_EQ(static_cast<const uint8_t *>(frame->u.cpu.data[0])[31], 0x10);
  EXPECT_EQ(frame->sequence, 1u);
  EXPECT_EQ(f.script.releases, 1);
  frame->release(frame);
}

TEST(DesktopDuplication, WaitTimeoutMeansNoChange) {
  Fixture f;
  pfhost_frame *frame = nullptr;
  std::string why;
  EXPECT_EQ(f.capture.next_frame(50, &frame, &why), PFHOST_E_TIMEOUT);
  EXPECT_EQ(why, "the desktop did not change in 50 ms");
  EXPECT_EQ(f.script.opens, 1);  // no change is not a reason to recreate anything
}

TEST(DesktopDuplication, AccessLostRecreatesTheDuplication) {
  Fixture f;
  f.script.answers = {kLost, kFrame};
  pfhost_frame *frame = nullptr;
  std::string why;
  ASSERT_EQ(f.capture.next_frame(100, &frame, &why), PFHOST_OK) << why;
  EXPECT_EQ(f.script.opens, 2);
  EXPECT_EQ(f.capture.recreated(), 1u);
  frame->release(frame);
}

TEST(DesktopDuplication, OpeningIsRetriedWhileTheSecureDesktopIsUp) {
  Fixture f;
  f.script.answers = {kLost, kFrame};
  f.script.open_failures = {"DuplicateOutput failed (0x887A0022)",
                            "DuplicateOutput failed (0x887A0022)"};
  pfhost_frame *frame = nullptr;
  std::string why;
  ASSERT_EQ(f.capture.next_frame(150, &frame, &why), PFHOST_OK) << why;
  EXPECT_EQ(f.script.opens, 4);  // the first, two failures, the one that worked
  EXPECT_EQ(f.capture.recreated(), 1u);
  frame->release(frame);
}

TEST(DesktopDuplication, ALostDuplicationNotRecreatedInTheWindowEndsTheCapture) {
  Fixture f;
  f.script.answers = {kLost};
  for (int i = 0; i < 1000; ++i)
    f.script.open_failures.push_back("no active output \\\\.\\DISPLAY9");
  pfhost_frame *frame = nullptr;
  std::string why;
  pfhost_status status = PFHOST_E_TIMEOUT;
  for (int i = 0; i < 10 && status == PFHOST_E_TIMEOUT; ++i) {
    status = f.capture.next_frame(100, &frame, &why);
  }
  EXPECT_EQ(status, PFHOST_E_CLOSED);
  EXPECT_EQ(why,
            "desktop duplication lost and not recreated within 200 ms: no active output "
            "\\\\.\\DISPLAY9");
}

TEST(DesktopDuplication, AnotherFailureEndsTheCaptureWithItsDetail) {
  Fixture f;
  f.script.answers = {{Acquired::kFailed, 0, 0, "AcquireNextFrame failed (0x887A0001)"}};
  pfhost_frame *frame = nullptr;
  std::string why;
  EXPECT_EQ(f.capture.next_frame(100, &frame, &why), PFHOST_E_CLOSED);
  EXPECT_EQ(why, "desktop duplication failed: AcquireNextFrame failed (0x887A0001)");
}

}  // namespace
}  // namespace pfhost::sudovda
