#include "fake_capture.hpp"

#include <pfhost/plugin.hpp>

#include <cstring>
#include <thread>
#include <vector>

// The capture object and the frames are what a C plugin would allocate; the functions below
// only use the C ABI types.
struct pfhost_capture {
  pfhost::test::FakeCapturePlugin *plugin;
  uint64_t produced = 0;
  uint64_t next_sequence = 1;
  std::chrono::steady_clock::time_point last_frame{};
  std::chrono::steady_clock::time_point first_frame{};
};

namespace pfhost::test {
namespace {

using Clock = std::chrono::steady_clock;

struct FakeFrame {
  pfhost_frame frame;
  std::vector<uint8_t> pixels;
  FakeCapturePlugin *plugin;
};

void release_frame(pfhost_frame *frame) {
  auto *fake = static_cast<FakeFrame *>(frame->release_ctx);
  fake->plugin->frames_released.fetch_add(1);
  delete fake;
}

uint64_t now_ns() {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
          .count());
}

pfhost_frame *make_frame(pfhost_capture *c) {
  FakeCapturePlugin &p = *c->plugin;
  auto *fake = new FakeFrame{};
  fake->plugin = &p;
  pfhost_frame &f = fake->frame;
  f.struct_size = sizeof f;
  f.memory = p.memory_.load();
  f.pixel_format = p.pixel_format_.load();
  f.width = p.width_.load();
  f.height = p.height_.load();
  f.plane_count = 1;
  f.timestamp_ns =
      now_ns() - static_cast<uint64_t>(std::chrono::nanoseconds(p.script().timestamp_age).count());
  f.sequence = c->next_sequence;
  c->next_sequence += p.script().sequence_step;
  if (f.memory == PFHOST_MEMORY_CPU) {
    fake->pixels.assign(static_cast<size_t>(f.width) * f.height * 4, 0x80);
    f.u.cpu.data[0] = fake->pixels.data();
    f.u.cpu.stride[0] = f.width * 4;
  } else {
    // Only the header matters to the session and the fake encoder: neither imports GPU memory,
    // so the frame carries the layout and no real buffer.
    f.u.dmabuf.fd[0] = -1;
    f.u.dmabuf.stride[0] = f.width * 4;
  }
  f.release = &release_frame;
  f.release_ctx = fake;
  if (c->produced == 0) c->first_frame = Clock::now();
  ++c->produced;
  c->last_frame = Clock::now();
  p.frames_out.fetch_add(1);
  return &f;
}

pfhost_status open_capture(void *ctx, const pfhost_capture_params *params, pfhost_capture **out,
                           pfhost_reason *reason) {
  auto *plugin = static_cast<FakeCapturePlugin *>(ctx);
  if (params == nullptr || params->target == nullptr) {
    set_reason(reason, "no target");
    return PFHOST_E_INVALID_ARGUMENT;
  }
  plugin->opens.fetch_add(1);
  if (plugin->log()) plugin->log()->add("capture.open");
  *out = new pfhost_capture{plugin};
  return PFHOST_OK;
}

pfhost_status next_frame(pfhost_capture *c, uint32_t timeout_ms, pfhost_frame **out,
                         pfhost_reason *reason) {
  FakeCapturePlugin &p = *c->plugin;
  const FakeSourceScript &s = p.script();
  const auto timeout = std::chrono::milliseconds(timeout_ms);
  const auto give_up = Clock::now() + timeout;
  for (;;) {
    if (p.closed_.load() ||
        (s.close_after_frames >= 0 && c->produced >= static_cast<uint64_t>(s.close_after_frames))) {
      set_reason(reason, s.closed_reason);
      return PFHOST_E_CLOSED;
    }
    if (p.emit_.exchange(false)) {
      *out = make_frame(c);
      return PFHOST_OK;
    }
    if (!s.never_produce) {
      if (c->produced == 0) {
        *out = make_frame(c);
        return PFHOST_OK;
      }
      const auto jitter = c->produced % 2 == 1 ? s.jitter : -s.jitter;
      const auto due =
          s.on_schedule ? c->first_frame + static_cast<int64_t>(c->produced) * s.interval + jitter
                        : c->last_frame + s.interval;
      if (s.interval.count() > 0 && Clock::now() >= due) {
        *out = make_frame(c);
        return PFHOST_OK;
      }
      if (s.on_schedule && s.interval.count() > 0 &&
          due - Clock::now() < std::chrono::milliseconds(1)) {
        std::this_thread::sleep_until(due);  // on time, not up to a polling step late
        continue;
      }
    }
    if (Clock::now() >= give_up) {
      set_reason(reason, s.never_produce ? "format never negotiated" : s.timeout_reason);
      return PFHOST_E_TIMEOUT;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

pfhost_status try_latest(pfhost_capture *c, pfhost_frame **out) {
  if (c->produced == 0 && !c->plugin->script().never_produce) {
    *out = make_frame(c);
    return PFHOST_OK;
  }
  return PFHOST_E_AGAIN;
}

pfhost_status set_active(pfhost_capture *, int32_t) {
  return PFHOST_OK;
}

void close_capture(pfhost_capture *c) {
  c->plugin->closes.fetch_add(1);
  if (c->plugin->log()) c->plugin->log()->add("capture.close");
  delete c;
}

const pfhost_capture_vtable kTable = {
    sizeof(pfhost_capture_vtable),
    1u << PFHOST_TARGET_PIPEWIRE_NODE,
    // What set_memory() and set_pixel_format() are used with in the tests.
    (1u << PFHOST_MEMORY_CPU) | (1u << PFHOST_MEMORY_DMABUF),
    (1ull << PFHOST_PIXEL_FORMAT_BGRX) | (1ull << PFHOST_PIXEL_FORMAT_RGBX),
    &open_capture,
    &next_frame,
    &try_latest,
    &set_active,
    &close_capture,
};

}  // namespace

const pfhost_capture_vtable *FakeCapturePlugin::vtable() {
  return &kTable;
}

}  // namespace pfhost::test
