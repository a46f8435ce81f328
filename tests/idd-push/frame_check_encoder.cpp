// A test encoder plugin, "frame-check": for every frame the session submits it checks the IDD-
// push twin's pattern (idd_test_pattern.hpp) and emits one text line as its "packet":
//   frame <sequence> <W>x<H> format <f> counter <c> pattern ok|bad unchanged 0|1
// so a test that runs the real pipeline (pfhost stream into a raw .h264 file) reads back what
// the capture handed the session. Every packet is a keyframe (a raw file starts at one).
#include <pfhost/backend_tables.hpp>
#include <pfhost/plugin.hpp>

#include <memory>
#include <string>

#include "idd_test_pattern.hpp"

namespace {

using pfhost::test::Rgb;

bool pattern_ok(const pfhost_frame &frame, uint32_t &counter) {
  const auto *pixels = static_cast<const uint8_t *>(frame.u.cpu.data[0]);
  const uint32_t stride = frame.u.cpu.stride[0];
  const uint32_t bpp = frame.pixel_format == PFHOST_PIXEL_FORMAT_RGBA16F ? 8 : 4;
  const uint32_t w = frame.width, h = frame.height;
  auto at = [&](uint32_t x, uint32_t y) {
    return pfhost::test::read_pixel(pixels, stride, bpp, x, y);
  };
  counter = pfhost::test::counter_of(at(0, 0));
  if (at(0, 0).r != 0x80 || pfhost::test::counter_of(at(w - 1, h - 1)) != counter) return false;
  const uint32_t bar = pfhost::test::bar_x(counter, w);
  if (!(at(bar + pfhost::test::kBarWidth / 2, h / 4) == pfhost::test::kBar)) return false;
  const uint32_t x = bar < w / 2 ? 3 * w / 4 : w / 4;  // a quadrant column the bar is not in
  const uint32_t column = x >= w / 2 ? 1 : 0;
  return at(x, h / 4) == pfhost::test::kQuadrants[column] &&
         at(x, 3 * h / 4) == pfhost::test::kQuadrants[2 + column];
}

class FrameCheckEncoder {
 public:
  static pfhost_encoder_caps query_caps(void *) {
    auto caps = pfhost::make_struct<pfhost_encoder_caps>();
    caps.codecs = 1u << PFHOST_CODEC_H264;
    caps.bit_depths = 1u << 8;
    caps.chroma = 1u << PFHOST_CHROMA_420;
    caps.max_width = caps.max_height = 16384;
    caps.input_memory = 1u << PFHOST_MEMORY_CPU;
    caps.input_formats = (1ull << PFHOST_PIXEL_FORMAT_BGRX) | (1ull << PFHOST_PIXEL_FORMAT_RGBA16F);
    caps.flags = PFHOST_ENCODE_CAP_LOW_LATENCY;
    return caps;
  }
  static std::unique_ptr<FrameCheckEncoder> open(void *, const pfhost_encoder_params &) {
    return std::make_unique<FrameCheckEncoder>();
  }
  void submit(const pfhost_frame &frame, uint32_t) {
    uint32_t counter = 0;
    const bool ok = frame.memory == PFHOST_MEMORY_CPU && pattern_ok(frame, counter);
    line_ = "frame " + std::to_string(frame.sequence) + " " + std::to_string(frame.width) + "x" +
            std::to_string(frame.height) + " format " + std::to_string(frame.pixel_format) +
            " counter " + std::to_string(counter) + " pattern " + (ok ? "ok" : "bad") +
            " unchanged " + ((frame.flags & PFHOST_FRAME_FLAG_UNCHANGED) ? "1" : "0") + "\n";
    pending_ = true;
    sequence_ = frame.sequence;
    pts_ = frame.timestamp_ns;
  }
  pfhost_status receive(pfhost_packet &packet) {
    if (!pending_) return PFHOST_E_AGAIN;
    pending_ = false;
    packet.flags = PFHOST_PACKET_FLAG_KEYFRAME;
    packet.data = reinterpret_cast<const uint8_t *>(line_.data());
    packet.size = line_.size();
    packet.pts_ns = pts_;
    packet.frame_sequence = sequence_;
    return PFHOST_OK;
  }

 private:
  std::string line_;
  bool pending_ = false;
  uint64_t sequence_ = 0;
  uint64_t pts_ = 0;
};

pfhost_status probe(void *, pfhost_reason *reason) {
  pfhost::set_reason(reason, "test encoder: checks the IDD-push pattern");
  return PFHOST_OK;
}

const pfhost_encode_vtable kEncodeVtable = pfhost::encode_table<FrameCheckEncoder>();
const pfhost_backend kBackend = pfhost::encode_backend(
    "frame-check", "Checks the IDD-push twin's pattern (tests only)", 0, &probe, &kEncodeVtable);
const pfhost_backend *const kBackends[] = {&kBackend};
const pfhost_plugin_descriptor kDescriptor = pfhost::plugin_descriptor(
    "frame-check", "0.1.0", "pfhost", "IDD-push test encoder", nullptr, nullptr, kBackends);

}  // namespace

PFHOST_DEFINE_PLUGIN_ENTRY(kDescriptor)
