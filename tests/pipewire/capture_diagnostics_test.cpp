#include "capture_diagnostics.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace pfhost::pipewire {
namespace {

using ::testing::HasSubstr;

CaptureDiagnostics negotiated() {
  CaptureDiagnostics d;
  d.node_id = 42;
  d.negotiated = d.ever_negotiated = true;
  d.width = 1366;
  d.height = 768;
  d.format_name = "BGRx";
  d.stream_state = "streaming";
  return d;
}

TEST(CaptureDiagnostics, NeverNegotiatedAsksAboutTheNodeAndWireplumber) {
  CaptureDiagnostics d;
  d.node_id = 42;
  d.stream_state = "connecting";
  d.media_class = "Audio/Sink";
  const std::string text = describe_timeout(d, 2000);
  EXPECT_THAT(text, HasSubstr("within 2000 ms"));
  EXPECT_THAT(text, HasSubstr("format never negotiated (is node 42 a video source? is "
                              "wireplumber running?)"));
  EXPECT_THAT(text, HasSubstr("connecting"));
  EXPECT_THAT(text, HasSubstr("Audio/Sink"));
}

TEST(CaptureDiagnostics, NegotiatedWithoutBuffersBlamesDamage) {
  const std::string text = describe_timeout(negotiated(), 500);
  EXPECT_THAT(text, HasSubstr("format negotiated (1366x768 BGRx) but no buffers arrived within "
                              "500 ms (a compositor sends frames only on damage)"));
}

TEST(CaptureDiagnostics, BuffersThatWereAllSkippedSayWhy) {
  CaptureDiagnostics d = negotiated();
  d.buffers_received = d.buffers_skipped = 3;
  d.last_skip_reason = "buffer flagged CORRUPTED by the producer";
  EXPECT_THAT(describe_timeout(d, 500), HasSubstr("none was usable (last: buffer flagged"));
}

TEST(CaptureDiagnostics, QuietAfterFramesFlowed) {
  CaptureDiagnostics d = negotiated();
  d.buffers_received = d.frames_accepted = 10;
  EXPECT_THAT(describe_timeout(d, 500), HasSubstr("no new buffer since frame 10"));
}

TEST(CaptureDiagnostics, PausedSaysSo) {
  CaptureDiagnostics d = negotiated();
  d.active = false;
  EXPECT_THAT(describe_timeout(d, 500), HasSubstr("paused"));
}

TEST(CaptureDiagnostics, DmabufFormatNamesTheModifier) {
  CaptureDiagnostics d = negotiated();
  d.dmabuf = true;
  d.modifier = 0x0100000000000001ull;
  EXPECT_EQ(describe_format(d), "1366x768 BGRx dma-buf modifier 0x100000000000001");
}

}  // namespace
}  // namespace pfhost::pipewire
