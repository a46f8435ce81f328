// The driver-side twin of IDD push: a Windows program standing in for pf-vdisplay's swap-chain
// processor. Given a target id it opens the host's header, event and ring exactly as the driver
// does (FramePublisher over shared-memory slots) and publishes the moving test pattern at a set
// rate: next slot, copy, token, event. It follows generation changes, and can be told to report
// a driver status instead, to stop publishing, or to offer surfaces of the wrong size (which the
// driver skips).
//   pfhost-idd-publisher --target ID [--fps N] [--seconds S] [--stall-after N] [--mismatch]
//                        [--status none|opened|tex-fail|no-device|other-target] [--detail HEX]
#include <windows.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "idd_push/frame_publisher.hpp"
#include "idd_test_pattern.hpp"

namespace {

using namespace std::chrono_literals;
using pfhost::pf_vdisplay::FramePublisher;
using pfhost::pf_vdisplay::SourceSurface;

struct Options {
  uint32_t target = 0;
  bool has_target = false;
  uint32_t fps = 60;
  uint32_t seconds = 60;
  uint32_t stall_after = 0;  // 0: never stall
  bool mismatch = false;
  uint32_t status = PFVD_STATUS_OPENED;
  bool never_attach = false;
  uint32_t detail = 0;
};

bool parse_status(const std::string &text, Options &options) {
  if (text == "none") return options.never_attach = true;
  if (text == "opened") return options.status = PFVD_STATUS_OPENED, true;
  if (text == "tex-fail") return options.status = PFVD_STATUS_TEX_FAIL, true;
  if (text == "no-device") return options.status = PFVD_STATUS_NO_DEVICE, true;
  if (text == "other-target") return options.status = PFVD_STATUS_OTHER_TARGET, true;
  return false;
}

bool parse(int argc, char **argv, Options &options) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const char *value = i + 1 < argc ? argv[i + 1] : nullptr;
    if (arg == "--mismatch") {
      options.mismatch = true;
      continue;
    }
    if (value == nullptr) return false;
    ++i;
    if (arg == "--target") {
      options.target = static_cast<uint32_t>(std::strtoul(value, nullptr, 10));
      options.has_target = true;
    } else if (arg == "--fps") {
      options.fps = static_cast<uint32_t>(std::strtoul(value, nullptr, 10));
    } else if (arg == "--seconds") {
      options.seconds = static_cast<uint32_t>(std::strtoul(value, nullptr, 10));
    } else if (arg == "--stall-after") {
      options.stall_after = static_cast<uint32_t>(std::strtoul(value, nullptr, 10));
    } else if (arg == "--detail") {
      options.detail = static_cast<uint32_t>(std::strtoul(value, nullptr, 16));
    } else if (arg == "--status") {
      if (!parse_status(value, options)) return false;
    } else {
      return false;
    }
  }
  return options.has_target && options.fps > 0;
}

// A driver that attaches but cannot use the ring: it says so in the header (again whenever the
// host starts the header afresh) and publishes nothing.
void report_only(FramePublisher &publisher, const Options &options,
                 std::chrono::steady_clock::time_point end) {
  while (std::chrono::steady_clock::now() < end) {
    if (publisher.map_header()) publisher.report(options.status, options.detail);
    std::this_thread::sleep_for(5ms);
  }
}

void publish(FramePublisher &publisher, const Options &options,
             std::chrono::steady_clock::time_point end) {
  const auto period = std::chrono::microseconds(1000000 / options.fps);
  auto next = std::chrono::steady_clock::now();
  uint32_t frame = 0;  // the pattern's counter: every frame offered, across generations
  while (std::chrono::steady_clock::now() < end) {
    if (publisher.stale()) publisher.detach();
    if (!publisher.attached() && !publisher.try_attach()) {
      std::this_thread::sleep_for(2ms);
      continue;
    }
    next += period;
    std::this_thread::sleep_until(next);
    if (options.stall_after != 0 && frame >= options.stall_after) continue;
    const pfhost::pf_vdisplay::RingShape shape = publisher.shape();
    const uint32_t width = options.mismatch ? shape.width - 16 : shape.width;
    const uint32_t bpp = pfvd_format_bytes_per_pixel(shape.dxgi_format);
    const auto pixels = pfhost::test::pattern_frame(++frame, width, shape.height, bpp);
    SourceSurface surface;
    surface.width = width;
    surface.height = shape.height;
    surface.dxgi_format = shape.dxgi_format;
    surface.pixels = pixels.data();
    surface.stride = width * bpp;
    publisher.publish(surface);
  }
}

}  // namespace

int main(int argc, char **argv) {
  Options options;
  if (!parse(argc, argv, options)) {
    std::fprintf(stderr,
                 "usage: pfhost-idd-publisher --target ID [--fps N] [--seconds S] "
                 "[--stall-after N] [--mismatch] [--status none|opened|tex-fail|no-device|"
                 "other-target] [--detail HEX]\n");
    return 2;
  }
  auto device = pfhost::pf_vdisplay::make_shared_memory_texture_device();
  FramePublisher publisher(*device, options.target, pfhost_luid{0x1234, 0});
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(options.seconds);
  if (options.never_attach) {
    std::this_thread::sleep_until(end);
  } else if (options.status != PFVD_STATUS_OPENED) {
    report_only(publisher, options, end);
  } else {
    publish(publisher, options, end);
  }
  return 0;
}
