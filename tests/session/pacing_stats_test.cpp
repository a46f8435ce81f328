// The pure pieces: frame rate fractions, drift-free deadlines, latency percentiles, mailbox,
// output format choice.
#include "output/output_format.hpp"
#include "session/frame_mailbox.hpp"
#include "session/frame_pacer.hpp"
#include "session/stats_collector.hpp"

#include <gtest/gtest.h>

namespace pfhost::core {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST(Framerate, FromMillihertzIsExactAndReduced) {
  EXPECT_EQ(Framerate::from_millihz(60000).num, 60u);
  EXPECT_EQ(Framerate::from_millihz(60000).den, 1u);
  const Framerate ntsc = Framerate::from_millihz(59940);
  EXPECT_EQ(ntsc.num, 2997u);
  EXPECT_EQ(ntsc.den, 50u);
  EXPECT_NEAR(ntsc.fps(), 59.94, 1e-9);
  EXPECT_FALSE(Framerate::from_millihz(0).valid());
}

TEST(FramePacer, DeadlinesDoNotDrift) {
  const auto start = Clock::time_point{} + 1h;
  FramePacer pacer(Framerate{2997, 50}, start);
  // After exactly 2997 frames at 59.94 Hz, exactly 50 s have passed: no accumulated rounding.
  EXPECT_EQ(pacer.offset(2997), 50s);
  EXPECT_EQ(pacer.offset(2997 * 3600), 50s * 3600);
  FramePacer sixty(Framerate{60, 1}, start);
  EXPECT_EQ(sixty.offset(1), 16'666'666ns);
  EXPECT_EQ(sixty.offset(3), 50ms);
}

TEST(FramePacer, FindsTheSlotsAroundAnInstant) {
  const auto start = Clock::time_point{} + 1h;
  FramePacer pacer(Framerate{100, 1}, start);
  EXPECT_EQ(pacer.at(0), start);
  EXPECT_EQ(pacer.at(5), start + 50ms);
  EXPECT_EQ(pacer.slot_at_or_before(start - 1ms), 0u);
  EXPECT_EQ(pacer.slot_at_or_before(start), 0u);
  EXPECT_EQ(pacer.slot_at_or_after(start), 0u);
  EXPECT_EQ(pacer.slot_at_or_before(start + 15ms), 1u);
  EXPECT_EQ(pacer.slot_at_or_after(start + 15ms), 2u);
  // Exactly on a slot: both answers are that slot.
  EXPECT_EQ(pacer.slot_at_or_before(start + 20ms), 2u);
  EXPECT_EQ(pacer.slot_at_or_after(start + 20ms), 2u);
  EXPECT_EQ(pacer.slot_at_or_after(start + 20ms + 1ns), 3u);

  // 59.94 Hz, an hour in: the floating-point guess is corrected against the exact offsets.
  FramePacer ntsc(Framerate{2997, 50}, start);
  const uint64_t k = 2997 * 72;  // 3600 s
  EXPECT_EQ(ntsc.at(k), start + 3600s);
  EXPECT_EQ(ntsc.slot_at_or_before(start + 3600s), k);
  EXPECT_EQ(ntsc.slot_at_or_before(start + 3600s - 1ns), k - 1);
  EXPECT_EQ(ntsc.slot_at_or_after(start + 3600s - 1ns), k);
  EXPECT_EQ(ntsc.slot_at_or_after(start + 3600s + 1ns), k + 1);
}

TEST(LatencyHistogram, Percentiles) {
  LatencyHistogram h;
  EXPECT_EQ(h.percentile_ms(0.5), 0.0);
  for (int ms = 1; ms <= 100; ++ms) h.add(std::chrono::milliseconds(ms));
  EXPECT_EQ(h.count(), 100u);
  EXPECT_NEAR(h.percentile_ms(0.50), 50.05, 1e-9);
  EXPECT_NEAR(h.percentile_ms(0.99), 99.05, 1e-9);
  EXPECT_NEAR(h.max_ms(), 100.0, 1e-9);
  h.add(5s);  // beyond the histogram: the max answers
  EXPECT_NEAR(h.percentile_ms(1.0), 5000.0, 1e-9);
}

TEST(StatsCollector, CountsAndRates) {
  const auto start = Clock::now();
  StatsCollector c(start);
  c.encoder_opened(640, 480);
  c.frame_captured(0, false);
  c.frame_captured(2, true);
  c.frame_encoded(false);
  c.frame_encoded(true);
  for (int i = 0; i < 10; ++i) c.packet(1000, i == 0, start + std::chrono::milliseconds(100 * i));
  c.latency(10ms);
  const SessionStats s = c.snapshot(start + 2s);
  EXPECT_EQ(s.width, 640u);
  EXPECT_EQ(s.frames_captured, 2u);
  EXPECT_EQ(s.frames_dropped_source, 2u);
  EXPECT_EQ(s.frames_dropped_mailbox, 1u);
  EXPECT_EQ(s.frames_dropped, 3u);
  EXPECT_EQ(s.frames_repeated, 1u);
  EXPECT_EQ(s.packets, 10u);
  EXPECT_EQ(s.keyframes, 1u);
  EXPECT_EQ(s.bytes, 10'000u);
  EXPECT_NEAR(s.average_fps, 5.0, 1e-9);
  EXPECT_NEAR(s.average_bitrate_kbps, 40.0, 1e-9);
  EXPECT_NEAR(s.fps, 0.0, 1e-9) << "nothing in the last second";
  const SessionStats recent = c.snapshot(start + 1500ms);
  EXPECT_NEAR(recent.fps, 5.0, 1e-9);         // packets at 0.5..0.9 s
  EXPECT_NEAR(s.latency_p50_ms, 10.0, 1e-9);  // capped at the largest sample
  EXPECT_FALSE(progress_line(s).empty());
  EXPECT_NE(summary_text(s).find("dropped 3"), std::string::npos);
}

TEST(FrameMailbox, KeepsOnlyTheNewest) {
  FrameMailbox box;
  EXPECT_FALSE(box.take());
  EXPECT_FALSE(box.wait_for(1ms));
  EXPECT_FALSE(box.put(FrameRef{}));  // an empty ref is no frame
  EXPECT_FALSE(box.take());
}

TEST(OutputFormat, FromSchemeOrExtension) {
  EXPECT_EQ(output_format_for("/tmp/a.mkv").muxer, "matroska");
  EXPECT_TRUE(output_format_for("/tmp/a.MKV").fixed_size);
  EXPECT_EQ(output_format_for("a.mp4").muxer, "mp4");
  EXPECT_EQ(output_format_for("a.ts").muxer, "mpegts");
  EXPECT_FALSE(output_format_for("a.ts").fixed_size);
  EXPECT_EQ(output_format_for("a.264").muxer, "h264");
  EXPECT_EQ(output_format_for("a.h265").muxer, "hevc");
  EXPECT_EQ(output_format_for("a.obu").muxer, "obu");
  const OutputFormat udp = output_format_for("udp://127.0.0.1:5000?pkt_size=1316");
  EXPECT_EQ(udp.muxer, "mpegts");
  EXPECT_TRUE(udp.network);
  EXPECT_EQ(output_format_for("srt://host:9000?mode=caller").muxer, "mpegts");
  EXPECT_EQ(output_format_for("rtp://239.0.0.1:5004").muxer, "rtp");
  try {
    output_format_for("/tmp/a.avi");
    FAIL();
  } catch (const OutputError &e) {
    EXPECT_NE(std::string(e.what()).find("'/tmp/a.avi'"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find(".mkv"), std::string::npos);
  }
  EXPECT_THROW(output_format_for("http://example.com/x.ts"), OutputError);
}

// Raw elementary streams carry no timestamps, so the session gives them a constant frame rate.
TEST(OutputFormat, OnlyRawElementaryStreamsLackTimestamps) {
  for (const char *raw : {"a.h264", "a.264", "a.hevc", "a.h265", "a.265", "a.obu"}) {
    EXPECT_TRUE(output_format_for(raw).raw_stream) << raw;
  }
  for (const char *timed :
       {"a.mkv", "a.mp4", "a.ts", "a.ivf", "srt://h:1", "udp://h:1", "rtp://h:1"}) {
    EXPECT_FALSE(output_format_for(timed).raw_stream) << timed;
  }
}

}  // namespace
}  // namespace pfhost::core
