// A minimal, complete pfhost plugin: one capture backend, "test-pattern", that draws moving colour
// bars in CPU memory (BGRX) at the mode the session asked for. It needs no display, device or
// compositor, so it ignores the display's target and its probe always succeeds — useful to test a
// pipeline or an encoder, and as a template for a real backend.
//
// Configuration ([plugins.minimal] in host.toml):
//   speed = 4    pixels the bars move per frame
#include <pfhost/backend_tables.hpp>
#include <pfhost/plugin_config.hpp>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

// Plugin-wide state from init(), handed back as plugin_ctx. deinit deletes it at host exit,
// after every capture is closed.
struct Plugin {
  pfhost::Host host;
  int64_t speed = 4;
  std::string config_error;  // unknown keys in [plugins.minimal]: the probe reports them
};

// One frame and its pixels; frame.release_ctx points back at the box.
struct FrameBox {
  pfhost_frame frame;
  std::vector<uint8_t> pixels;
};

constexpr uint32_t kMaxSide = 16384;

void fill_bars(uint8_t *pixels, uint32_t width, uint32_t height, uint32_t stride, uint64_t shift) {
  // Eight bars, SMPTE order, as B,G,R,X bytes.
  static constexpr uint8_t kBars[8][4] = {{255, 255, 255, 0}, {0, 255, 255, 0}, {255, 255, 0, 0},
                                          {0, 255, 0, 0},     {255, 0, 255, 0}, {0, 0, 255, 0},
                                          {255, 0, 0, 0},     {0, 0, 0, 0}};
  const uint32_t bar_width = width / 8 > 0 ? width / 8 : 1;
  for (uint32_t x = 0; x < width; ++x) {
    const uint8_t *color = kBars[((x + shift) / bar_width) % 8];
    for (int c = 0; c < 4; ++c) pixels[x * 4 + c] = color[c];
  }
  for (uint32_t y = 1; y < height; ++y) std::memcpy(pixels + y * stride, pixels, width * 4);
}

void release_frame(pfhost_frame *frame) {
  delete static_cast<FrameBox *>(frame->release_ctx);
}

pfhost_status probe(void *plugin_ctx, pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    // A typo in host.toml shows in `pfhost --list-backends` as this backend's probe failure.
    if (plugin_ctx != nullptr)
      pfhost::check_config(static_cast<Plugin *>(plugin_ctx)->config_error);
    pfhost::set_reason(reason, "synthetic source, needs nothing");
  });
}

// One capture. pfhost::capture_table() turns it into the C table: open() and next_frame() below,
// the destructor as close, and every exception into a status with its reason.
class TestPattern {
 public:
  TestPattern(const Plugin *plugin, pfhost_mode mode)
      : plugin_(plugin),
        mode_(mode),
        period_ns_(1'000'000'000'000ull /
                   (mode.refresh_millihz != 0 ? mode.refresh_millihz : 60000)),
        start_ns_(plugin->host.now_ns()) {}

  // [any thread] `params` and its target arrive as size-safe copies: a newer host may pass a
  // bigger struct, an older one a smaller one.
  static std::unique_ptr<TestPattern> open(void *plugin_ctx, const pfhost_capture_params &params,
                                           const pfhost_target & /*target: not needed*/) {
    const pfhost_mode &mode = params.mode;
    if (mode.width == 0 || mode.height == 0 || mode.width > kMaxSide || mode.height > kMaxSide) {
      throw pfhost::Error(PFHOST_E_INVALID_ARGUMENT, "mode must be 1x1 to 16384x16384");
    }
    return std::make_unique<TestPattern>(static_cast<const Plugin *>(plugin_ctx), mode);
  }

  // [one session thread at a time] A status other than PFHOST_OK takes *why as its reason.
  pfhost_status next_frame(uint32_t timeout_ms, pfhost_frame **out_frame, std::string *why) {
    const pfhost::Host &host = plugin_->host;
    // The source "produces" a frame every period; a caller that comes late skips the frames it
    // missed, so the sequence shows them as drops, as a real display would.
    const uint64_t now = host.now_ns();
    uint64_t sequence = (now - start_ns_) / period_ns_;
    if (sequence < next_sequence_) sequence = next_sequence_;
    const uint64_t due = start_ns_ + sequence * period_ns_;
    if (due > now) {
      const uint64_t wait_ns = due - now;
      if (wait_ns > uint64_t{timeout_ms} * 1'000'000) {
        std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms));
        *why = "next frame not due within the timeout";
        return PFHOST_E_TIMEOUT;
      }
      std::this_thread::sleep_for(std::chrono::nanoseconds(wait_ns));
    }
    next_sequence_ = sequence + 1;

    auto *box = new FrameBox{pfhost::make_struct<pfhost_frame>(), {}};
    box->pixels.resize(size_t{mode_.width} * mode_.height * 4);
    pfhost_frame &f = box->frame;
    f.memory = PFHOST_MEMORY_CPU;
    f.pixel_format = PFHOST_PIXEL_FORMAT_BGRX;
    f.width = mode_.width;
    f.height = mode_.height;
    f.plane_count = 1;
    f.timestamp_ns = host.now_ns();
    f.sequence = sequence;
    f.u.cpu.data[0] = box->pixels.data();
    f.u.cpu.stride[0] = mode_.width * 4;
    f.release = release_frame;
    f.release_ctx = box;
    fill_bars(box->pixels.data(), mode_.width, mode_.height, f.u.cpu.stride[0],
              sequence * static_cast<uint64_t>(plugin_->speed));
    *out_frame = &f;
    return PFHOST_OK;
  }
  // No try_latest() or set_active(): the table leaves those optional methods NULL.

 private:
  const Plugin *plugin_;
  pfhost_mode mode_;
  uint64_t period_ns_;  // one frame at the mode's refresh rate
  uint64_t start_ns_;
  uint64_t next_sequence_ = 0;
};

pfhost_status init(const pfhost_host_api *host_api, void **plugin_ctx, pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    auto plugin = std::make_unique<Plugin>();
    plugin->host = pfhost::Host(host_api);
    // The SDK's config policy: wrong types and ranges fail init, keys nobody read are an error
    // that probe reports (with the nearest known key, usually the one the user meant).
    pfhost::ConfigReader config(plugin->host, "minimal");
    plugin->speed = config.get_int("speed", plugin->speed, 0, kMaxSide);
    plugin->config_error = config.unknown_key_error();
    *plugin_ctx = plugin.release();
  });
}

// Any display will do: the pattern does not read the target.
constexpr pfhost_capture_vtable kCapture = pfhost::capture_table<TestPattern>(
    (1u << PFHOST_TARGET_NONE) | (1u << PFHOST_TARGET_PIPEWIRE_NODE) |
        (1u << PFHOST_TARGET_WAYLAND_OUTPUT) | (1u << PFHOST_TARGET_WINDOWS_IDD),
    1u << PFHOST_MEMORY_CPU, 1ull << PFHOST_PIXEL_FORMAT_BGRX);

// Rank 1, below every real capturer: "auto" picks it only when nothing else works.
constexpr pfhost_backend kTestPattern = pfhost::capture_backend(
    "test-pattern", "Moving colour bars in CPU memory at the session's mode (ignores the display)",
    1, probe, &kCapture);

constexpr const pfhost_backend *kBackends[] = {&kTestPattern};

constexpr pfhost_plugin_descriptor kDescriptor =
    pfhost::plugin_descriptor("minimal", "1.0.0", "pfhost SDK example",
                              "Minimal example plugin: a synthetic test-pattern capturer", init,
                              pfhost::delete_context<Plugin>, kBackends);

}  // namespace

// The plugin's one exported symbol: returns kDescriptor to a host of ABI major 1, else NULL.
PFHOST_DEFINE_PLUGIN_ENTRY(kDescriptor)
