#include "idd_push/frame_publisher.hpp"

#include <atomic>

namespace pfhost::pf_vdisplay {
namespace {

// The header is shared memory written by another process: fields that order the handshake are
// read and written atomically (std::atomic_ref needs C++20, which both sides build with).
uint32_t load_acquire(const uint32_t &field) {
  return std::atomic_ref<const uint32_t>(field).load(std::memory_order_acquire);
}

}  // namespace

FramePublisher::FramePublisher(TextureDevice &device, uint32_t target_id,
                               pfhost_luid render_adapter)
    : device_(device), target_id_(target_id), render_adapter_(render_adapter) {}

pfvd_shared_header *FramePublisher::header() const {
  return static_cast<pfvd_shared_header *>(section_.data());
}

bool FramePublisher::map_header() {
  if (section_) return true;
  char name[PFVD_NAME_MAX];
  pfvd_header_name(target_id_, name, sizeof name);
  section_ = MappedSection::open(name, PFVD_HEADER_SIZE);
  return static_cast<bool>(section_);
}

bool FramePublisher::try_attach() {
  if (!map_header()) return false;
  pfvd_shared_header *h = header();
  if (load_acquire(h->magic) != PFVD_MAGIC || h->version != PFVD_VERSION) return false;
  if (h->target_id != target_id_) {
    report(PFVD_STATUS_OTHER_TARGET, 0);
    return false;
  }
  if (!event_) {
    char name[PFVD_NAME_MAX];
    pfvd_event_name(target_id_, name, sizeof name);
    event_ = open_frame_event(name);
    if (!event_) return false;
  }
  shape_ = {target_id_, load_acquire(h->generation), h->width, h->height, h->dxgi_format};
  DriverRingFailure failure;
  ring_ = device_.open_ring(shape_, failure);
  if (!ring_) {
    report(failure.status, failure.detail);
    return false;
  }
  seq_ = 0;
  next_slot_ = 0;
  h->driver_luid_low = render_adapter_.low;
  h->driver_luid_high = render_adapter_.high;
  report(PFVD_STATUS_OPENED, 0);
  return true;
}

bool FramePublisher::stale() const {
  return ring_ != nullptr && (load_acquire(header()->magic) != PFVD_MAGIC ||
                              load_acquire(header()->generation) != shape_.generation);
}

void FramePublisher::detach() {
  ring_.reset();
}

bool FramePublisher::publish(const SourceSurface &surface) {
  if (!ring_) return false;
  if (surface.width != shape_.width || surface.height != shape_.height ||
      surface.dxgi_format != shape_.dxgi_format) {
    return false;  // the ring is for another mode: skip, the host recreates it
  }
  const uint32_t slot = next_slot_;
  if (!ring_->copy_into(slot, surface)) return false;
  next_slot_ = (next_slot_ + 1) % PFVD_RING_LEN;
  ++seq_;
  pfvd_shared_header *h = header();
  LARGE_INTEGER counter, frequency;
  QueryPerformanceCounter(&counter);
  QueryPerformanceFrequency(&frequency);
  h->timestamp_ns = static_cast<uint64_t>(counter.QuadPart / frequency.QuadPart * 1000000000ull +
                                          counter.QuadPart % frequency.QuadPart * 1000000000ull /
                                              frequency.QuadPart);
  std::atomic_ref<uint64_t>(h->latest).store(pfvd_token_pack(shape_.generation, seq_, slot),
                                             std::memory_order_release);
  SetEvent(event_.get());
  return true;
}

void FramePublisher::report(uint32_t status, uint32_t detail) {
  if (!section_) return;
  header()->driver_status_detail = detail;
  std::atomic_ref<uint32_t>(header()->driver_status).store(status, std::memory_order_release);
}

}  // namespace pfhost::pf_vdisplay
