// A minimal, complete pfhost plugin: one capture backend, "test-pattern", that draws moving colour
// bars in CPU memory (BGRX) at the mode the session asked for. It needs no display, device or
// compositor, so it ignores the display's target and its probe always succeeds — useful to test a
// pipeline or an encoder, and as a template for a real backend.
//
// Configuration ([plugins.minimal] in host.toml):
//   speed = 4    pixels the bars move per frame
#include <pfhost/plugin.hpp>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

// Plugin-wide state from init(), handed back as plugin_ctx. Never freed: the host never unloads
// a plugin, so it outlives every capture.
struct Plugin {
  pfhost::Host host;
  int64_t speed = 4;
};

// One frame and its pixels; frame.release_ctx points back at the box.
struct FrameBox {
  pfhost_frame frame;
  std::vector<uint8_t> pixels;
};

}  // namespace

// The ABI declares pfhost_capture opaque; each plugin defines it.
struct pfhost_capture {
  const Plugin *plugin;
  pfhost_mode mode;
  uint64_t period_ns;  // one frame at the mode's refresh rate
  uint64_t start_ns;
  uint64_t next_sequence = 0;
};

namespace {

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

pfhost_status probe(void *, pfhost_reason *reason) {
  pfhost::set_reason(reason, "synthetic source, needs nothing");
  return PFHOST_OK;
}

pfhost_status capture_open(void *plugin_ctx, const pfhost_capture_params *params,
                           pfhost_capture **out_capture, pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    // Size-safe copy: a newer host may pass a bigger struct, an older one a smaller one.
    const auto p = pfhost::read_struct(params);
    if (p.mode.width == 0 || p.mode.height == 0 || p.mode.width > kMaxSide ||
        p.mode.height > kMaxSide) {
      throw pfhost::Error(PFHOST_E_INVALID_ARGUMENT, "mode must be 1x1 to 16384x16384");
    }
    const uint32_t millihz = p.mode.refresh_millihz != 0 ? p.mode.refresh_millihz : 60000;
    const auto *plugin = static_cast<const Plugin *>(plugin_ctx);
    *out_capture =
        new pfhost_capture{plugin, p.mode, 1'000'000'000'000ull / millihz, plugin->host.now_ns()};
  });
}

pfhost_status capture_next_frame(pfhost_capture *capture, uint32_t timeout_ms,
                                 pfhost_frame **out_frame, pfhost_reason *reason) {
  return pfhost::guarded(reason, [&]() -> pfhost_status {
    const pfhost::Host &host = capture->plugin->host;
    // The source "produces" a frame every period; a caller that comes late skips the frames it
    // missed, so the sequence shows them as drops, as a real display would.
    const uint64_t now = host.now_ns();
    uint64_t sequence = (now - capture->start_ns) / capture->period_ns;
    if (sequence < capture->next_sequence) sequence = capture->next_sequence;
    const uint64_t due = capture->start_ns + sequence * capture->period_ns;
    if (due > now) {
      const uint64_t wait_ns = due - now;
      if (wait_ns > uint64_t{timeout_ms} * 1'000'000) {
        std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms));
        throw pfhost::Error(PFHOST_E_TIMEOUT, "next frame not due within the timeout");
      }
      std::this_thread::sleep_for(std::chrono::nanoseconds(wait_ns));
    }
    capture->next_sequence = sequence + 1;

    const pfhost_mode &mode = capture->mode;
    auto *box = new FrameBox{pfhost::make_struct<pfhost_frame>(), {}};
    box->pixels.resize(size_t{mode.width} * mode.height * 4);
    pfhost_frame &f = box->frame;
    f.memory = PFHOST_MEMORY_CPU;
    f.pixel_format = PFHOST_PIXEL_FORMAT_BGRX;
    f.width = mode.width;
    f.height = mode.height;
    f.plane_count = 1;
    f.timestamp_ns = host.now_ns();
    f.sequence = sequence;
    f.u.cpu.data[0] = box->pixels.data();
    f.u.cpu.stride[0] = mode.width * 4;
    f.release = release_frame;
    f.release_ctx = box;
    fill_bars(box->pixels.data(), mode.width, mode.height, f.u.cpu.stride[0],
              sequence * static_cast<uint64_t>(capture->plugin->speed));
    *out_frame = &f;
    return PFHOST_OK;
  });
}

void capture_close(pfhost_capture *capture) {
  delete capture;
}

pfhost_status init(const pfhost_host_api *host_api, void **plugin_ctx, pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    auto plugin = std::make_unique<Plugin>(Plugin{pfhost::Host(host_api)});
    plugin->speed = plugin->host.config_int("speed").value_or(4);
    // Say so when host.toml holds a key this plugin does not know (often a typo).
    const pfhost_host_api &api = plugin->host.api();
    for (uint32_t i = 0; api.config_key_at != nullptr; ++i) {
      const char *key = api.config_key_at(api.host_ctx, i);
      if (key == nullptr) break;
      if (std::string(key) != "speed") plugin->host.warn(std::string("unknown key: ") + key);
    }
    *plugin_ctx = plugin.release();
  });
}

constexpr pfhost_capture_vtable kCapture = {
    .struct_size = sizeof(pfhost_capture_vtable),
    // Any display will do: the pattern does not read the target.
    .target_kinds = (1u << PFHOST_TARGET_NONE) | (1u << PFHOST_TARGET_PIPEWIRE_NODE) |
                    (1u << PFHOST_TARGET_WAYLAND_OUTPUT) | (1u << PFHOST_TARGET_WINDOWS_IDD),
    .memory_kinds = 1u << PFHOST_MEMORY_CPU,
    .pixel_formats = 1ull << PFHOST_PIXEL_FORMAT_BGRX,
    .open = capture_open,
    .next_frame = capture_next_frame,
    .try_latest = nullptr,  // optional methods may stay NULL
    .set_active = nullptr,
    .close = capture_close,
};

constexpr pfhost_backend kTestPattern = {
    .struct_size = sizeof(pfhost_backend),
    .kind = PFHOST_BACKEND_CAPTURE,
    .name = "test-pattern",
    .description = "Moving colour bars in CPU memory at the session's mode (ignores the display)",
    .rank = 1,  // below every real capturer: "auto" picks it only when nothing else works
    .reserved0 = 0,
    .probe = probe,
    .display = nullptr,  // exactly the table matching .kind is set
    .capture = &kCapture,
    .encode = nullptr,
};

constexpr const pfhost_backend *kBackends[] = {&kTestPattern};

constexpr pfhost_plugin_descriptor kDescriptor = {
    .struct_size = sizeof(pfhost_plugin_descriptor),
    .abi_major = PFHOST_ABI_MAJOR,
    .abi_minor = PFHOST_ABI_MINOR,
    .reserved0 = 0,
    .name = "minimal",
    .version = "1.0.0",
    .vendor = "pfhost SDK example",
    .description = "Minimal example plugin: a synthetic test-pattern capturer",
    .init = init,
    .backend_count = 1,
    .reserved1 = 0,
    .backends = kBackends,
};

}  // namespace

// The plugin's one exported symbol: returns kDescriptor to a host of ABI major 1, else NULL.
PFHOST_DEFINE_PLUGIN_ENTRY(kDescriptor)
