// Integration tests against SyntheticVideoSource, a producer whose buffers the test controls:
// padded rows, CORRUPTED / empty buffers, and a size change mid-stream.
#include "synthetic_source_fixture.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

namespace pfhost::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

// Pixels that are not exactly (b, g, r).
size_t pixels_not(const HeldFrame &frame, uint8_t b, uint8_t g, uint8_t r) {
  size_t bad = 0;
  for (uint32_t y = 0; y < frame->height; ++y)
    for (uint32_t x = 0; x < frame->width; ++x) {
      const uint8_t *p = frame.pixel(x, y);
      if (p[0] != b || p[1] != g || p[2] != r) ++bad;
    }
  return bad;
}

class DamagedBuffers : public SyntheticSourceCapture,
                       public ::testing::WithParamInterface<SyntheticVideoSource::Damage> {};

TEST_P(DamagedBuffers, AreNeverHandedOutAndTheTimeoutSaysWhy) {
  SyntheticVideoSource source("synthetic-damaged", 640, 480);
  source.set_colour(0, 0xFF, 0);  // green: good frames
  auto capture = open(source, {640, 480, 30000});
  ASSERT_TRUE(capture);
  FrameResult r = capture->next_frame(5000);
  ASSERT_EQ(r.status, PFHOST_OK) << r.reason << "\n" << pw_->logs();
  r.frame.release();

  // Damage first, then red: every red buffer is a damaged one and must never come out.
  source.set_damage(GetParam());
  source.set_colour(0, 0, 0xFF);
  r = drain(*capture, 3s, [](const HeldFrame &f) {
    EXPECT_EQ(pixels_not(f, 0, 0xFF, 0), 0u) << "a damaged buffer was handed out";
  });
  ASSERT_EQ(r.status, PFHOST_E_TIMEOUT);
  const char *expected = GetParam() == SyntheticVideoSource::Damage::kEmptyChunk
                             ? "chunk of size 0"
                             : "flagged CORRUPTED";
  EXPECT_THAT(r.reason, HasSubstr("buffers skipped"));
  EXPECT_THAT(r.reason, HasSubstr(expected));

  source.set_damage(SyntheticVideoSource::Damage::kNone);
  r = capture->next_frame(2000);
  ASSERT_EQ(r.status, PFHOST_OK) << r.reason;
  EXPECT_EQ(pixels_not(r.frame, 0, 0, 0xFF), 0u);
}

INSTANTIATE_TEST_SUITE_P(AllKinds, DamagedBuffers,
                         ::testing::Values(SyntheticVideoSource::Damage::kCorruptedHeader,
                                           SyntheticVideoSource::Damage::kCorruptedChunk,
                                           SyntheticVideoSource::Damage::kEmptyChunk),
                         [](const auto &param_info) {
                           switch (param_info.param) {
                             case SyntheticVideoSource::Damage::kCorruptedHeader:
                               return std::string("CorruptedHeader");
                             case SyntheticVideoSource::Damage::kCorruptedChunk:
                               return std::string("CorruptedChunk");
                             default:
                               return std::string("EmptyChunk");
                           }
                         });

TEST_F(SyntheticSourceCapture, SizeChangeMidStreamRenegotiatesAndFramesCarryTheNewSize) {
  SyntheticVideoSource source("synthetic-resize", 640, 480, /*row_padding=*/16);
  source.set_colour(0x11, 0x22, 0x33);
  auto capture = open(source, {640, 480, 30000});
  ASSERT_TRUE(capture);
  FrameResult r = capture->next_frame(5000);
  ASSERT_EQ(r.status, PFHOST_OK) << r.reason << "\n" << pw_->logs();
  EXPECT_EQ(r.frame->width, 640u);
  HeldFrame old_frame = std::move(r.frame);  // held across the renegotiation

  source.resize(1366, 768);
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  do {
    r = capture->next_frame(1000);
    ASSERT_EQ(r.status, PFHOST_OK) << r.reason << "\n" << pw_->logs();
  } while (r.frame->width != 1366 && std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(r.frame->width, 1366u);
  EXPECT_EQ(r.frame->height, 768u);
  EXPECT_EQ(r.frame->u.cpu.stride[0], 1366u * 4u);
  EXPECT_GT(r.frame->sequence, old_frame->sequence);
  EXPECT_EQ(pixels_not(r.frame, 0x11, 0x22, 0x33), 0u);
  // The frame held from before the change is untouched.
  EXPECT_EQ(old_frame->width, 640u);
  EXPECT_EQ(pixels_not(old_frame, 0x11, 0x22, 0x33), 0u);
}

}  // namespace
}  // namespace pfhost::test
