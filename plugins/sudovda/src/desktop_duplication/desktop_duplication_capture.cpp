#include "desktop_duplication/desktop_duplication_capture.hpp"

#include <stdexcept>
#include <thread>

namespace pfhost::sudovda {

DesktopDuplicationCapture::DesktopDuplicationCapture(std::unique_ptr<DuplicationFactory> factory,
                                                     DuplicationOptions options,
                                                     std::function<uint64_t()> now_ns)
    : factory_(std::move(factory)),
      options_(options),
      now_ns_(std::move(now_ns)),
      outputs_(FrameSlotPool<Pixels>::create(3, WhenNoSlotFree::kKeepUnread)) {
  source_ = factory_->open();
}

DesktopDuplicationCapture::~DesktopDuplicationCapture() {
  outputs_->close("the desktop duplication capture was closed");
}

// One attempt at a new duplication; false (with `why` once the window has passed) when it fails.
bool DesktopDuplicationCapture::reopen(std::string *why) {
  try {
    source_ = factory_->open();
    ++recreated_;
    lost_since_.reset();
    return true;
  } catch (const std::exception &e) {
    last_open_error_ = e.what();
  }
  if (Clock::now() - *lost_since_ > options_.recovery_window) {
    *why = "desktop duplication lost and not recreated within " +
           std::to_string(options_.recovery_window.count()) + " ms: " + last_open_error_;
  }
  return false;
}

pfhost_status DesktopDuplicationCapture::next_frame(uint32_t timeout_ms, pfhost_frame **out_frame,
                                                    std::string *why) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    if (!source_) {
      why->clear();
      if (!reopen(why)) {
        if (!why->empty()) return PFHOST_E_CLOSED;
        if (Clock::now() >= deadline) {
          *why = "desktop duplication is being recreated (" + last_open_error_ + ")";
          return PFHOST_E_TIMEOUT;
        }
        std::this_thread::sleep_for(options_.retry_interval);
        continue;
      }
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    const AcquireResult result =
        source_->acquire(static_cast<uint32_t>(left.count() > 0 ? left.count() : 0));
    switch (result.what) {
      case Acquired::kNoChange:
        *why = "the desktop did not change in " + std::to_string(timeout_ms) + " ms";
        return PFHOST_E_TIMEOUT;
      case Acquired::kAccessLost:
        source_.reset();
        lost_since_ = Clock::now();
        continue;
      case Acquired::kFailed:
        *why = "desktop duplication failed: " + result.detail;
        source_.reset();
        return PFHOST_E_CLOSED;
      case Acquired::kFrame:
        break;
    }
    auto *slot = outputs_->begin_write();
    if (slot == nullptr) {
      source_->copy_and_release(nullptr, 0);  // the host holds every frame: drop this one
      continue;
    }
    const uint32_t stride = result.width * 4;
    slot->memory().bytes.resize(size_t{stride} * result.height);
    source_->copy_and_release(slot->memory().bytes.data(), stride);
    pfhost_frame &frame = slot->frame();
    frame.memory = PFHOST_MEMORY_CPU;
    frame.pixel_format = PFHOST_PIXEL_FORMAT_BGRX;
    frame.width = result.width;
    frame.height = result.height;
    frame.plane_count = 1;
    frame.u.cpu.data[0] = slot->memory().bytes.data();
    frame.u.cpu.stride[0] = stride;
    frame.timestamp_ns = now_ns_ ? now_ns_() : 0;
    frame.sequence = ++sequence_;
    outputs_->publish(slot);
    if (outputs_->try_take(out_frame) == FrameTake::kFrame) return PFHOST_OK;
  }
}

}  // namespace pfhost::sudovda
