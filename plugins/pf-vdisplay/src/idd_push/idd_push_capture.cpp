#include "idd_push/idd_push_capture.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>

namespace pfhost::pf_vdisplay {
namespace {

// Host-owned output textures/buffers: the encoder may hold one while the next is written.
constexpr size_t kOutputRing = 3;
// The event is waited on in slices this short, so a display change is noticed between frames.
constexpr DWORD kWaitSliceMs = 16;
// How long the host waits for a slot's lock before it skips that frame.
constexpr std::chrono::milliseconds kSlotLockTimeout{8};

// Every capture of the process gets fresh generations, so a ring recreated or a capture reopened
// never collides with texture names an earlier one (or the driver) still holds.
std::atomic<uint32_t> next_generation{1};

std::string hex(uint32_t value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08X", value);
  return text;
}

bool is_failure(uint32_t status) {
  return status == PFVD_STATUS_TEX_FAIL || status == PFVD_STATUS_NO_DEVICE ||
         status == PFVD_STATUS_OTHER_TARGET;
}

uint32_t pixel_format_of(uint32_t dxgi_format) {
  return dxgi_format == PFVD_FORMAT_RGBA16F ? PFHOST_PIXEL_FORMAT_RGBA16F
                                            : PFHOST_PIXEL_FORMAT_BGRX;
}

std::string ms(std::chrono::milliseconds value) {
  return std::to_string(value.count()) + " ms";
}

}  // namespace

IddPushCapture::IddPushCapture(std::unique_ptr<TextureDevice> device, const pfhost_target &target,
                               DisplayStateProbe display_state, IddPushOptions options, Host host)
    : device_(std::move(device)),
      target_id_(target.u.windows_idd.target_id),
      display_state_(std::move(display_state)),
      options_(options),
      host_(host),
      outputs_(FrameSlotPool<Output>::create(kOutputRing, WhenNoSlotFree::kKeepUnread)) {
  if (target.kind != PFHOST_TARGET_WINDOWS_IDD) {
    throw Error(PFHOST_E_INVALID_ARGUMENT, "IDD push captures Windows IDD targets only");
  }
  if ((device_->memory_kinds() & (1u << options_.output_memory)) == 0) {
    options_.output_memory = PFHOST_MEMORY_CPU;
  }
  char name[PFVD_NAME_MAX];
  pfvd_header_name(target_id_, name, sizeof name);
  section_ = MappedSection::create(name, PFVD_HEADER_SIZE);
  pfvd_event_name(target_id_, name, sizeof name);
  event_ = create_frame_event(name);

  // The header may still exist (a driver holds it from an earlier capture): start it afresh.
  std::atomic_ref<uint32_t>(header()->magic).store(0, std::memory_order_release);
  std::memset(static_cast<void *>(header()), 0, PFVD_HEADER_SIZE);
  state_ = display_state_();
  create_ring(state_);
  header()->version = PFVD_VERSION;
  header()->ring_len = PFVD_RING_LEN;
  header()->target_id = target_id_;
  std::atomic_ref<uint32_t>(header()->magic).store(PFVD_MAGIC, std::memory_order_release);
  last_poll_ = Clock::now();
  try {
    wait_for_first_frame();
  } catch (...) {
    // A failed open withdraws the header too, so a driver still holding it detaches.
    std::atomic_ref<uint32_t>(header()->magic).store(0, std::memory_order_release);
    throw;
  }
}

IddPushCapture::~IddPushCapture() {
  // Withdraw the header first: a driver that sees magic gone detaches and lets go of the slots.
  std::atomic_ref<uint32_t>(header()->magic).store(0, std::memory_order_release);
  // Frames the host still holds keep their outputs; nothing new is written into them.
  outputs_->close("the IDD-push capture was closed");
  host_.info("pf-vdisplay: IDD-push capture of target " + std::to_string(target_id_) +
             " closed after " + std::to_string(sequence_base_ + last_seq_) + " frames");
}

pfvd_shared_header *IddPushCapture::header() const {
  return static_cast<pfvd_shared_header *>(section_.data());
}

pfvd_token IddPushCapture::latest() const {
  return pfvd_token_unpack(
      std::atomic_ref<uint64_t>(header()->latest).load(std::memory_order_acquire));
}

uint32_t IddPushCapture::driver_status() const {
  return std::atomic_ref<uint32_t>(header()->driver_status).load(std::memory_order_acquire);
}

std::string IddPushCapture::driver_state_text() const {
  const uint32_t status = driver_status();
  return "driver status " + std::to_string(status) + " (" + pfvd_status_name(status) +
         "), detail " + hex(header()->driver_status_detail);
}

void IddPushCapture::create_ring(const DisplayState &state) {
  RingShape shape{target_id_, next_generation.fetch_add(1), state.width, state.height,
                  state.hdr ? PFVD_FORMAT_RGBA16F : PFVD_FORMAT_BGRA8};
  // New textures first, so the driver never sees a generation whose slots do not exist yet.
  std::unique_ptr<HostRing> ring = device_->create_ring(shape);
  pfvd_shared_header *h = header();
  std::atomic_ref<uint64_t>(h->latest).store(0, std::memory_order_release);
  h->width = shape.width;
  h->height = shape.height;
  h->dxgi_format = shape.dxgi_format;
  std::atomic_ref<uint32_t>(h->generation).store(shape.generation, std::memory_order_release);
  ring_ = std::move(ring);
  sequence_base_ += last_seq_;
  last_seq_ = 0;
  shape_ = shape;
}

void IddPushCapture::wait_for_first_frame() {
  const auto deadline = Clock::now() + options_.open_timeout;
  for (;;) {
    const uint32_t status = driver_status();
    if (is_failure(status)) {
      throw Error(PFHOST_E_UNAVAILABLE,
                  "pf-vdisplay driver cannot use the IDD-push ring of target " +
                      std::to_string(target_id_) + ": " + driver_state_text());
    }
    const pfvd_token token = latest();
    if (status == PFVD_STATUS_OPENED && token.generation == shape_.generation && token.seq != 0) {
      return;
    }
    if (Clock::now() >= deadline) {
      throw Error(PFHOST_E_TIMEOUT,
                  status == PFVD_STATUS_NONE
                      ? "pf-vdisplay driver did not attach to the IDD-push ring of target " +
                            std::to_string(target_id_) + " within " + ms(options_.open_timeout) +
                            " (" + driver_state_text() +
                            "; is the monitor active and the driver built with IDD push?)"
                      : "pf-vdisplay driver attached to the IDD-push ring of target " +
                            std::to_string(target_id_) + " but published no frame within " +
                            ms(options_.open_timeout) + " (" + driver_state_text() +
                            "; do its swap-chain surfaces match the ring's " +
                            std::to_string(shape_.width) + "x" + std::to_string(shape_.height) +
                            "?)");
    }
    WaitForSingleObject(event_.get(), 10);
  }
}

void IddPushCapture::follow_display() {
  const auto now = Clock::now();
  if (now - last_poll_ < options_.state_poll) return;
  last_poll_ = now;
  const DisplayState state = display_state_();
  if (state == state_ || state.width == 0 || state.height == 0) return;
  host_.info("pf-vdisplay: target " + std::to_string(target_id_) + " is now " +
             std::to_string(state.width) + "x" + std::to_string(state.height) +
             (state.hdr ? " HDR" : " SDR") + "; recreating the IDD-push ring");
  create_ring(state);
  state_ = state;
  recovering_since_ = now;
}

bool IddPushCapture::hand_out(const pfvd_token &token, pfhost_frame **out_frame) {
  auto *slot = outputs_->begin_write();
  if (slot == nullptr) return false;  // the host holds every output: try again next slice
  Output &output = slot->memory();
  if (!output.surface || output.shape.width != shape_.width ||
      output.shape.height != shape_.height || output.shape.dxgi_format != shape_.dxgi_format) {
    output.surface = device_->create_output(shape_, options_.output_memory);
    output.shape = shape_;
  }
  if (!ring_->copy_slot(token.slot, kSlotLockTimeout, *output.surface)) {
    outputs_->abandon(slot);
    return false;
  }
  pfhost_frame &frame = slot->frame();
  output.surface->describe(frame);
  frame.pixel_format = pixel_format_of(shape_.dxgi_format);
  frame.width = shape_.width;
  frame.height = shape_.height;
  frame.timestamp_ns = host_.now_ns();
  frame.sequence = sequence_base_ + token.seq;
  outputs_->publish(slot);
  last_seq_ = token.seq;
  recovering_since_.reset();
  return outputs_->try_take(out_frame) == FrameTake::kFrame;
}

pfhost_status IddPushCapture::next_frame(uint32_t timeout_ms, pfhost_frame **out_frame,
                                         std::string *why) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    follow_display();
    if (recovering_since_ && Clock::now() - *recovering_since_ > options_.recovery_window) {
      *why = "pf-vdisplay target " + std::to_string(target_id_) + " changed to " +
             std::to_string(shape_.width) + "x" + std::to_string(shape_.height) +
             " and the driver published nothing into the new ring within " +
             ms(options_.recovery_window) + " (" + driver_state_text() + ")";
      return PFHOST_E_CLOSED;
    }
    const pfvd_token token = latest();
    if (token.generation == shape_.generation && token.seq != 0 && token.seq != last_seq_ &&
        token.slot < PFVD_RING_LEN && hand_out(token, out_frame)) {
      return PFHOST_OK;
    }
    const auto now = Clock::now();
    if (now >= deadline) {
      *why = "no new frame from the pf-vdisplay driver for target " + std::to_string(target_id_) +
             " in " + std::to_string(timeout_ms) + " ms (" + driver_state_text() + ", last frame " +
             std::to_string(sequence_base_ + last_seq_) + ")";
      return PFHOST_E_TIMEOUT;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    WaitForSingleObject(event_.get(),
                        static_cast<DWORD>(std::min<int64_t>(kWaitSliceMs, left.count() + 1)));
  }
}

}  // namespace pfhost::pf_vdisplay
