// The repeat policy: what a session sends while the capturer delivers nothing new. Counters and
// timestamps, not timings: a repeat sent when the policy says none is due shows up as a submit.
#include "session_rig.hpp"

#include <thread>

namespace pfhost::test {
namespace {

SessionOptions variable_rate(uint32_t fps, std::chrono::nanoseconds duration,
                             std::chrono::nanoseconds idle) {
  SessionOptions o = options_at(fps, duration);
  o.repeats.every_slot = false;
  o.repeats.idle_interval = idle;
  return o;
}

constexpr uint64_t kSlot20ms = 20'000'000;

// Output timestamps on the 20 ms grid, strictly increasing; returns each frame's slot.
std::vector<uint64_t> slots_of(const std::vector<SubmittedFrame> &submitted) {
  std::vector<uint64_t> slots;
  for (const SubmittedFrame &frame : submitted) {
    const uint64_t offset = frame.timestamp_ns - submitted[0].timestamp_ns;
    EXPECT_EQ(offset % kSlot20ms, 0u) << "off the grid";
    slots.push_back(offset / kSlot20ms);
    if (slots.size() > 1) {
      EXPECT_GT(slots.back(), slots[slots.size() - 2]);
    }
  }
  return slots;
}

TEST(RepeatPolicy, AStaticScreenIsRepeatedOnlyOncePerIdleInterval) {
  Rig rig;  // one frame, then nothing
  // 1 s at 50 fps = 50 slots; a repeat every 200 ms = every 10 slots.
  const SessionResult result = rig.make(variable_rate(50, 1000ms, 200ms))->run();

  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.end_reason, "duration reached");
  const SessionStats &s = result.stats;
  EXPECT_EQ(s.frames_captured, 1u);
  const auto submitted = rig.encoder_plugin.submitted();
  ASSERT_EQ(submitted.size(), s.frames_encoded);
  // The fresh frame, a repeat at slots 10, 20, 30, 40 and the closing one at slot 49 (a loaded
  // machine may push a repeat to a later slot, never add one).
  EXPECT_GE(s.frames_encoded, 4u);
  EXPECT_LE(s.frames_encoded, 6u);
  EXPECT_EQ(s.frames_repeated, s.frames_encoded - 1);
  EXPECT_EQ(s.frames_encoded + s.slots_idle + s.ticks_missed, 50u);
  const std::vector<uint64_t> slots = slots_of(submitted);
  for (size_t i = 1; i < slots.size(); ++i) {
    EXPECT_NE(submitted[i].frame_flags & PFHOST_FRAME_FLAG_UNCHANGED, 0u);
    if (i + 1 < slots.size()) {
      EXPECT_GE(slots[i] - slots[i - 1], 10u) << "repeat " << i;
    }
  }
  // The last frame sits in the last slot of the duration, so the output lasts the whole second.
  EXPECT_EQ(slots.back(), 49u);
  EXPECT_EQ(rig.packets().size(), s.frames_encoded);
  expect_all_frames_released(rig);
}

TEST(RepeatPolicy, AConstantRateRepeatsInEverySlot) {
  Rig rig;
  SessionOptions options = variable_rate(50, 600ms, 200ms);
  options.repeats.every_slot = true;
  const SessionResult result = rig.make(std::move(options))->run();

  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.stats.frames_encoded + result.stats.ticks_missed, 30u);
  EXPECT_EQ(result.stats.slots_idle, 0u);
}

TEST(RepeatPolicy, AnOutputWithoutTimestampsGetsEverySlot) {
  Rig rig;
  rig.record->keeps_timestamps = false;  // a raw .h264 file: players assume a fixed rate
  const SessionResult result = rig.make(variable_rate(50, 600ms, 200ms))->run();

  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.stats.frames_encoded + result.stats.ticks_missed, 30u);
  EXPECT_EQ(result.stats.slots_idle, 0u);
}

TEST(RepeatPolicy, FreshFramesAreStillEncodedAtTheirOwnRate) {
  FakeSourceScript script;
  script.interval = 20ms;  // content changing every slot
  Rig rig(script);
  const SessionResult result = rig.make(variable_rate(50, 600ms, 200ms))->run();

  ASSERT_TRUE(result.ok) << result.error;
  const SessionStats &s = result.stats;
  EXPECT_GE(s.frames_encoded - s.frames_repeated, 20u) << "fresh frames";
  EXPECT_LE(s.frames_encoded, 30u);
}

// x264 counts its keyframe interval in frames; with a frame a second it would make one every
// couple of minutes. The session forces them by time instead.
TEST(RepeatPolicy, KeyframesComeByTimeWhileTheScreenIsStatic) {
  Rig rig;
  SessionOptions options = variable_rate(50, 1000ms, 100ms);
  options.encoder.gop_length = 15;  // 300 ms at 50 fps
  const SessionResult result = rig.make(std::move(options))->run();

  ASSERT_TRUE(result.ok) << result.error;
  const auto submitted = rig.encoder_plugin.submitted();
  const std::vector<uint64_t> slots = slots_of(submitted);
  std::vector<uint64_t> forced;
  for (size_t i = 0; i < submitted.size(); ++i) {
    if ((submitted[i].submit_flags & PFHOST_SUBMIT_FORCE_KEYFRAME) != 0) forced.push_back(slots[i]);
  }
  // Slot 0 (the first frame), then about every 15 slots: 15, 30, 45 (at the 5-slot repeats).
  ASSERT_GE(forced.size(), 3u);
  for (size_t i = 1; i < forced.size(); ++i) {
    EXPECT_GE(forced[i] - forced[i - 1], 15u);
    EXPECT_LE(forced[i] - forced[i - 1], 25u) << "a keyframe came late";
  }
  EXPECT_EQ(result.stats.keyframes, forced.size());
}

// Unpaced (the ceiling benchmark's mode): no slot cap and no repeats; every frame takes the next
// slot, so timestamps stay one slot apart however fast frames come.
TEST(RepeatPolicy, UnpacedSessionsTakeFramesAsFastAsTheyComeAndRepeatNothing) {
  FakeSourceScript script;
  script.interval = 2ms;  // 500 fps against a 10 fps grid
  Rig rig(script);
  SessionOptions options = options_at(10, std::nullopt);
  options.unpaced = true;
  auto session = rig.make(std::move(options));
  std::thread stopper([&] {
    std::this_thread::sleep_for(500ms);
    session->request_stop();
  });
  const SessionResult result = session->run();
  stopper.join();

  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_GT(result.stats.frames_encoded, 20u) << "paced at 10 fps it would be 5";
  EXPECT_EQ(result.stats.frames_repeated, 0u);
  const std::vector<SubmittedFrame> submitted = rig.encoder_plugin.submitted();
  for (size_t i = 1; i < submitted.size(); ++i) {
    EXPECT_EQ(submitted[i].timestamp_ns - submitted[i - 1].timestamp_ns, 100'000'000u);
  }
}

}  // namespace
}  // namespace pfhost::test
