// Session behaviour through fake C-vtable backends: pacing, repeats, latency, drops, stop,
// duration, failures and teardown order.
#include "session/session.hpp"

#include "session_rig.hpp"

#include <gtest/gtest.h>

#include <pfhost/plugin.hpp>

#include <functional>
#include <thread>

namespace pfhost::test {
using namespace pfhost::core;  // the host's own types
namespace {

using namespace std::chrono_literals;

TEST(Session, StaticSourceIsRepeatedToHoldTheRate) {
  Rig rig;  // one frame, then nothing: a static screen
  auto session = rig.make(options_at(50, 600ms));
  const SessionResult result = session->run();

  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.end_reason, "duration reached");
  const SessionStats &s = result.stats;
  EXPECT_EQ(s.frames_captured, 1u);
  // 0.6 s at 50 fps = 30 slots; a slot only goes unserved when this machine stalls the thread.
  EXPECT_EQ(s.frames_encoded + s.ticks_missed, 30u);
  EXPECT_GE(s.frames_encoded, 20u);
  EXPECT_EQ(s.frames_repeated, s.frames_encoded - 1);
  EXPECT_EQ(s.packets, s.frames_encoded);
  EXPECT_EQ(s.keyframes, 1u);
  EXPECT_EQ(s.width, 64u);
  EXPECT_EQ(s.height, 48u);

  const auto opens = rig.encoder_plugin.opens();
  ASSERT_EQ(opens.size(), 1u);
  EXPECT_EQ(opens[0].width, 64u);
  EXPECT_EQ(opens[0].height, 48u);
  EXPECT_EQ(opens[0].input_format, static_cast<uint32_t>(PFHOST_PIXEL_FORMAT_BGRX));
  EXPECT_EQ(opens[0].framerate_num, 50u);
  EXPECT_EQ(opens[0].framerate_den, 1u);
  EXPECT_EQ(opens[0].gop_length, 100u);  // two seconds by default

  // Repeats are flagged; output timestamps sit exactly on the 20 ms grid and never repeat.
  const auto submitted = rig.encoder_plugin.submitted();
  ASSERT_EQ(submitted.size(), s.frames_encoded);
  EXPECT_EQ(submitted[0].frame_flags & PFHOST_FRAME_FLAG_UNCHANGED, 0u);
  for (size_t i = 1; i < submitted.size(); ++i) {
    EXPECT_NE(submitted[i].frame_flags & PFHOST_FRAME_FLAG_UNCHANGED, 0u);
    EXPECT_EQ(submitted[i].sequence, submitted[0].sequence);
    const uint64_t step = submitted[i].timestamp_ns - submitted[i - 1].timestamp_ns;
    EXPECT_EQ(step % 20'000'000u, 0u);
    EXPECT_GT(step, 0u);
  }
  EXPECT_EQ(rig.packets().size(), s.frames_encoded);
  expect_all_frames_released(rig);
}

TEST(Session, LatencyComesFromCaptureTimestamps) {
  FakeSourceScript script;
  script.interval = 10ms;
  script.timestamp_age = 40ms;  // each frame reports it was captured 40 ms before handover
  Rig rig(script);
  auto session = rig.make(options_at(100, 500ms));
  const SessionResult result = session->run();

  ASSERT_TRUE(result.ok) << result.error;
  const SessionStats &s = result.stats;
  EXPECT_GT(s.latency_samples, 10u);
  EXPECT_LE(s.latency_samples, s.frames_encoded - s.frames_repeated);
  EXPECT_GE(s.latency_p50_ms, 40.0);
  EXPECT_LT(s.latency_p50_ms, 40.0 + 60.0);  // at most a pacing period plus a loaded machine
  EXPECT_GE(s.latency_p99_ms, s.latency_p50_ms);
  EXPECT_GE(s.latency_max_ms, s.latency_p99_ms - 0.1);
}

// A fresh frame goes to the encoder when it arrives, not at the next slot of the output rate: a
// 70 ms source against a 30 fps grid arrives at every phase of the 33 ms period, so waiting for
// the next slot would cost about 17 ms on average and up to 33 ms; encoding on arrival costs the
// (instant) fake encoder's time and a thread wake-up.
TEST(Session, FreshFramesAreEncodedOnArrival) {
  FakeSourceScript script;
  script.interval = 70ms;
  Rig rig(script);
  const SessionResult result = rig.make(options_at(30, 1500ms))->run();

  ASSERT_TRUE(result.ok) << result.error;
  const SessionStats &s = result.stats;
  EXPECT_GE(s.latency_samples, 15u);
  EXPECT_LT(s.latency_p50_ms, 5.0) << "fresh frames waited for the next slot";
  EXPECT_LT(s.latency_p99_ms, 25.0);
  // The encoder's own time is measured on the same fresh frames, for comparison.
  EXPECT_EQ(s.encode_samples, s.frames_encoded - s.frames_repeated);
  EXPECT_LE(s.encode_p50_ms, s.latency_p50_ms + 0.1);
  // Still one frame per slot of the 30 fps grid: repeats fill the gaps between fresh frames.
  EXPECT_EQ(s.frames_encoded + s.ticks_missed, 45u);
  const auto submitted = rig.encoder_plugin.submitted();
  for (const uint64_t step : timestamp_steps(submitted)) {
    EXPECT_GT(step, 0u) << "timestamps must strictly increase";
    EXPECT_LE(step % 33'333'333u, 1u) << "timestamps leave the 30 fps grid";
  }
  expect_all_frames_released(rig);
}

// A source much faster than the output rate is capped at one frame per slot: the output holds
// duration x rate frames (the grid follows a fast source by at most 1% of an interval per frame,
// so one more at most), and the frames in between are counted as dropped.
TEST(Session, AFasterSourceIsCappedAtTheRate) {
  FakeSourceScript script;
  script.interval = 2ms;
  Rig rig(script);
  const SessionResult result = rig.make(options_at(50, 600ms))->run();

  ASSERT_TRUE(result.ok) << result.error;
  const SessionStats &s = result.stats;
  EXPECT_GE(s.frames_encoded + s.ticks_missed, 30u);
  EXPECT_LE(s.frames_encoded + s.ticks_missed, 31u);
  EXPECT_GT(s.frames_dropped_mailbox, 100u);
  const auto submitted = rig.encoder_plugin.submitted();
  ASSERT_EQ(submitted.size(), s.frames_encoded);
  for (const uint64_t step : timestamp_steps(submitted)) {
    EXPECT_GE(step, 19'800'000u) << "two frames in one slot";
    EXPECT_TRUE(step % 20'000'000u <= 200'000u || step % 20'000'000u >= 19'800'000u)
        << "off the 50 fps grid by more than the grid may follow: " << step;
  }
  expect_all_frames_released(rig);
}

// A display's clock runs a little fast against ours: a 50 Hz source 0.9% fast. Its frames arrive
// a little earlier against the output grid each time; made to wait for their slot, the wait grew
// by 0.18 ms a frame up to a whole 20 ms interval until one was dropped (p99 about 19 ms here).
// The grid follows it instead: every frame is encoded on arrival, none is dropped, and the
// timestamps still strictly increase, steady within the 1% the grid may follow.
TEST(Session, ASourceRunningSlightlyFastIsFollowedNotMadeToWait) {
  FakeSourceScript script;
  script.interval = 19820us;  // 50.45 Hz
  script.on_schedule = true;
  Rig rig(script);
  const SessionResult result = rig.make(options_at(50, 5s))->run();

  ASSERT_TRUE(result.ok) << result.error;
  const SessionStats &s = result.stats;
  EXPECT_GE(s.latency_samples, 240u);
  // Waiting frames give about 19 ms here; the margin is for a loaded machine's wake-ups.
  EXPECT_LT(s.latency_p99_ms, 14.0) << "frames waited for their slot";
  EXPECT_LE(s.frames_dropped_mailbox, 2u);
  const auto submitted = rig.encoder_plugin.submitted();
  for (const uint64_t step : timestamp_steps(submitted)) {
    EXPECT_GE(step, 19'800'000u) << "the grid moved by more than 1% of an interval at once";
  }
  expect_all_frames_released(rig);
}

// The grid follows only drift: a source on the rate's own clock whose frames come 4 ms early and
// late by turns (a loaded machine) keeps every timestamp exactly on the 50 fps grid, so players
// and ffprobe see exactly the asked rate.
TEST(Session, JitterAloneDoesNotBendTheTimestamps) {
  FakeSourceScript script;
  script.interval = 20ms;
  script.on_schedule = true;
  script.jitter = 4ms;
  Rig rig(script);
  const SessionResult result = rig.make(options_at(50, 2s))->run();

  ASSERT_TRUE(result.ok) << result.error;
  const auto submitted = rig.encoder_plugin.submitted();
  ASSERT_GE(submitted.size(), 90u);
  for (const uint64_t step : timestamp_steps(submitted)) {
    EXPECT_EQ(step % 20'000'000u, 0u) << "the grid moved by " << step;
  }
  expect_all_frames_released(rig);
}

TEST(Session, ClosedCaptureEndsWithErrorAndReleasesKeepaliveLast) {
  FakeSourceScript script;
  script.interval = 10ms;
  script.close_after_frames = 5;
  Rig rig(script);
  auto session = rig.make(options_at(100, std::nullopt));
  const SessionResult result = session->run();

  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.end_reason, "capture closed");
  EXPECT_NE(result.error.find("fake-capture"), std::string::npos) << result.error;
  EXPECT_NE(result.error.find("closed: fake source gone"), std::string::npos) << result.error;
  EXPECT_EQ(result.stats.frames_captured, 5u);

  const long capture_close = rig.log.index_of("capture.close");
  const long encoder_close = rig.log.index_of("encoder.close");
  const long output_close = rig.log.index_of("output.close");
  const long keepalive = rig.log.index_of("keepalive.release");
  ASSERT_GE(capture_close, 0);
  ASSERT_GE(encoder_close, 0);
  ASSERT_GE(output_close, 0);
  ASSERT_GE(keepalive, 0);
  EXPECT_LT(encoder_close, output_close);
  EXPECT_LT(capture_close, keepalive);
  EXPECT_EQ(keepalive, static_cast<long>(rig.log.events().size()) - 1) << "keepalive goes last";
  expect_all_frames_released(rig);
}

TEST(Session, StopRequestEndsCleanly) {
  Rig rig;
  auto session = rig.make(options_at(60, std::nullopt));
  std::thread stopper([&] {
    std::this_thread::sleep_for(300ms);
    session->request_stop();
  });
  const auto started = std::chrono::steady_clock::now();
  const SessionResult result = session->run();
  const auto took = std::chrono::steady_clock::now() - started;
  stopper.join();

  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.end_reason, "stopped");
  EXPECT_GT(result.stats.frames_encoded, 5u);
  EXPECT_LT(took, 2s);
  EXPECT_EQ(rig.capture_plugin.closes.load(), 1);
  EXPECT_EQ(rig.encoder_plugin.closes.load(), 1);
  EXPECT_GE(rig.log.index_of("keepalive.release"), 0);
  expect_all_frames_released(rig);
}

TEST(Session, FirstFrameTimeoutSaysWhy) {
  FakeSourceScript script;
  script.never_produce = true;
  Rig rig(script);
  SessionOptions options = options_at(30, std::nullopt);
  options.first_frame_timeout = 300ms;
  auto session = rig.make(options);
  const SessionResult result = session->run();

  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.error.find("no frame from capture 'fake-capture' within 0.3 s"),
            std::string::npos)
      << result.error;
  EXPECT_NE(result.error.find("format never negotiated"), std::string::npos) << result.error;
  EXPECT_TRUE(rig.encoder_plugin.opens().empty());
  EXPECT_LT(rig.log.index_of("capture.close"), rig.log.index_of("keepalive.release"));
}

TEST(Session, SourceSequenceGapsCountAsDrops) {
  FakeSourceScript script;
  script.interval = 20ms;
  script.sequence_step = 3;  // two frames lost at the source between each pair
  script.close_after_frames = 4;
  Rig rig(script);
  const SessionResult result = rig.make(options_at(100, std::nullopt))->run();

  EXPECT_EQ(result.stats.frames_captured, 4u);
  EXPECT_EQ(result.stats.frames_dropped_source, 6u);
  EXPECT_GE(result.stats.frames_dropped, 6u);
}

TEST(Session, FramesReplacedInTheMailboxCountAsDrops) {
  FakeSourceScript script;
  script.interval = 2ms;  // far faster than the 20 fps output
  Rig rig(script);
  const SessionResult result = rig.make(options_at(20, 500ms))->run();

  ASSERT_TRUE(result.ok) << result.error;
  const SessionStats &s = result.stats;
  const uint64_t fresh = s.frames_encoded - s.frames_repeated;
  EXPECT_GT(s.frames_dropped_mailbox, 0u);
  // Every captured frame was either encoded, replaced, or still in the box at the end.
  EXPECT_LE(s.frames_captured - fresh - s.frames_dropped_mailbox, 1u);
  expect_all_frames_released(rig);
}

TEST(Session, SizeChangeReopensTheEncoderWhenTheOutputAllowsIt) {
  Rig rig({}, /*sink_can_change_size=*/true);
  auto session = rig.make(options_at(50, std::nullopt));
  std::thread changer([&] {
    std::this_thread::sleep_for(200ms);
    rig.capture_plugin.set_size(32, 16);
    rig.capture_plugin.emit_frame();
    std::this_thread::sleep_for(200ms);
    session->request_stop();
  });
  const SessionResult result = session->run();
  changer.join();

  ASSERT_TRUE(result.ok) << result.error;
  const auto opens = rig.encoder_plugin.opens();
  ASSERT_EQ(opens.size(), 2u);
  EXPECT_EQ(opens[1].width, 32u);
  EXPECT_EQ(opens[1].height, 16u);
  EXPECT_EQ(result.stats.encoder_opens, 2u);
  EXPECT_EQ(result.stats.width, 32u);
  {
    std::lock_guard lock(rig.record->mutex);
    ASSERT_EQ(rig.record->streams.size(), 2u);
    EXPECT_EQ(rig.record->streams[1].width, 32u);
  }
  // The first packet at the new size is a keyframe.
  const auto packets = rig.packets();
  bool seen_new = false;
  for (const SunkPacket &p : packets) {
    if (p.width16 == 2 && !seen_new) {
      EXPECT_TRUE(p.keyframe);
      seen_new = true;
    }
  }
  EXPECT_TRUE(seen_new);
  EXPECT_EQ(rig.encoder_plugin.closes.load(), 2);
  expect_all_frames_released(rig);
}

TEST(Session, SizeChangeFailsClearlyWhenTheOutputCannotChangeSize) {
  Rig rig({}, /*sink_can_change_size=*/false);
  auto session = rig.make(options_at(50, std::nullopt));
  std::thread changer([&] {
    std::this_thread::sleep_for(150ms);
    rig.capture_plugin.set_size(32, 16);
    rig.capture_plugin.emit_frame();
  });
  const SessionResult result = session->run();
  changer.join();

  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.error.find("from 64x48 to 32x16"), std::string::npos) << result.error;
  EXPECT_NE(result.error.find("cannot change its picture size"), std::string::npos);
  EXPECT_EQ(rig.encoder_plugin.opens().size(), 1u);
  expect_all_frames_released(rig);
}

// Waits (bounded) until the fake encoder was opened `n` times.
bool wait_opens(const FakeEncoderPlugin &encoder, size_t n, std::chrono::milliseconds bound) {
  const auto give_up = std::chrono::steady_clock::now() + bound;
  while (encoder.opens().size() < n) {
    if (std::chrono::steady_clock::now() >= give_up) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

// Runs a session at 50 fps; once the encoder is open, `change` alters the source at the same size
// and one more frame is sent; the session stops once the encoder reopened (or after a bound).
SessionResult run_with_mid_stream_change(Rig &rig, const std::function<void()> &change) {
  auto session = rig.make(options_at(50, std::nullopt));
  std::thread changer([&] {
    wait_opens(rig.encoder_plugin, 1, 10s);
    change();
    rig.capture_plugin.emit_frame();
    wait_opens(rig.encoder_plugin, 2, 2s);
    std::this_thread::sleep_for(100ms);  // a few frames through the new encoder
    session->request_stop();
  });
  const SessionResult result = session->run();
  changer.join();
  return result;
}

// A source may renegotiate its pixel format mid-stream at the same size (e.g. the compositor
// switches to a format with alpha): the encoder was opened for the old layout and would misread
// the new one, so it is reopened.
TEST(Session, PixelFormatChangeReopensTheEncoder) {
  Rig rig;
  const SessionResult result = run_with_mid_stream_change(
      rig, [&] { rig.capture_plugin.set_pixel_format(PFHOST_PIXEL_FORMAT_RGBX); });

  ASSERT_TRUE(result.ok) << result.error;
  const auto opens = rig.encoder_plugin.opens();
  ASSERT_EQ(opens.size(), 2u) << "RGBX frames went to the encoder opened for BGRX";
  EXPECT_EQ(opens[0].input_format, static_cast<uint32_t>(PFHOST_PIXEL_FORMAT_BGRX));
  EXPECT_EQ(opens[1].input_format, static_cast<uint32_t>(PFHOST_PIXEL_FORMAT_RGBX));
  EXPECT_EQ(opens[1].input_memory, static_cast<uint32_t>(PFHOST_MEMORY_CPU));
  EXPECT_EQ(opens[1].width, 64u);
  EXPECT_EQ(opens[1].height, 48u);
  EXPECT_EQ(result.stats.encoder_opens, 2u);
  EXPECT_EQ(rig.encoder_plugin.closes.load(), 2);
  expect_all_frames_released(rig);
}

// Likewise when frames move between memory kinds (CPU copies to dma-bufs, e.g. after the
// capturer's buffer negotiation changed): an encoder set up for CPU pointers cannot read fds.
TEST(Session, MemoryKindChangeReopensTheEncoder) {
  Rig rig;
  const SessionResult result =
      run_with_mid_stream_change(rig, [&] { rig.capture_plugin.set_memory(PFHOST_MEMORY_DMABUF); });

  ASSERT_TRUE(result.ok) << result.error;
  const auto opens = rig.encoder_plugin.opens();
  ASSERT_EQ(opens.size(), 2u) << "dma-buf frames went to the encoder opened for CPU memory";
  EXPECT_EQ(opens[0].input_memory, static_cast<uint32_t>(PFHOST_MEMORY_CPU));
  EXPECT_EQ(opens[1].input_memory, static_cast<uint32_t>(PFHOST_MEMORY_DMABUF));
  EXPECT_EQ(opens[1].input_format, static_cast<uint32_t>(PFHOST_PIXEL_FORMAT_BGRX));
  EXPECT_EQ(opens[1].width, 64u);
  EXPECT_EQ(result.stats.encoder_opens, 2u);
  EXPECT_EQ(rig.encoder_plugin.closes.load(), 2);
  expect_all_frames_released(rig);
}

TEST(Session, ProgressCallbackAndKeyframeRequest) {
  Rig rig;
  SessionOptions options = options_at(50, 700ms);
  options.progress_interval = 100ms;
  std::atomic<int> calls{0};
  Session *self = nullptr;
  options.on_progress = [&](const SessionStats &s) {
    if (calls.fetch_add(1) == 2) self->request_keyframe();
    EXPECT_GE(s.elapsed, 100ms);
  };
  auto session = rig.make(std::move(options));
  self = session.get();
  const SessionResult result = session->run();

  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_GE(calls.load(), 3);
  EXPECT_LE(calls.load(), 9);
  EXPECT_EQ(result.stats.keyframes, 2u);
  int forced = 0;
  for (const SubmittedFrame &f : rig.encoder_plugin.submitted()) {
    if (f.submit_flags & PFHOST_SUBMIT_FORCE_KEYFRAME) ++forced;
  }
  EXPECT_EQ(forced, 1);
  EXPECT_GT(result.stats.fps, 0.0);
  EXPECT_GT(result.stats.bitrate_kbps, 0.0);
}

TEST(Session, BitrateChangeReachesTheEncoder) {
  Rig rig;
  auto session = rig.make(options_at(50, 300ms));
  session->set_bitrate(1234);
  ASSERT_TRUE(session->run().ok);
  EXPECT_EQ(rig.encoder_plugin.bitrate_changes.load(), 1);
  // The value asked for, not merely a call: the encoder opened at the default 8000 kbps.
  EXPECT_EQ(rig.encoder_plugin.bitrates(), std::vector<uint32_t>{1234});
  ASSERT_FALSE(rig.encoder_plugin.opens().empty());
  EXPECT_EQ(rig.encoder_plugin.opens()[0].bitrate_kbps, 8000u);
}

TEST(Session, DestroyWithoutRunStillReleasesInOrder) {
  Rig rig;
  { auto session = rig.make(options_at(30, std::nullopt)); }
  EXPECT_LT(rig.log.index_of("capture.close"), rig.log.index_of("keepalive.release"));
  EXPECT_GE(rig.log.index_of("capture.close"), 0);
}

}  // namespace
}  // namespace pfhost::test
