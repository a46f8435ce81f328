// The driver's half of IDD push, as the swap-chain processor runs it: attach to the host's header
// (magic and version checked with acquire ordering), open the event and the ring of the header's
// generation, and for each acquired surface copy it into the next slot, store the publish token
// (release) and set the event. A surface whose size or format is not the ring's is skipped (the
// caller keeps draining its swap chain); failures go into driver_status/detail instead of
// stopping. The tests' driver twin runs exactly this over shared-memory slots.
#pragma once

#include <pfhost/pf_vdisplay/frame_transport.h>

#include <cstdint>
#include <memory>

#include "idd_push/kernel_objects.hpp"
#include "idd_push/texture_ring.hpp"

namespace pfhost::pf_vdisplay {

class FramePublisher {
 public:
  FramePublisher(TextureDevice &device, uint32_t target_id, pfhost_luid render_adapter);

  // Attaches when the host has made a ready header; false (call again later) until then, or when
  // the ring cannot be opened (the status then says why). Reports OPENED on success.
  bool try_attach();
  bool attached() const { return ring_ != nullptr; }
  // The host recreated the ring (a new generation): detach and attach again.
  bool stale() const;
  void detach();

  // Publishes one surface; false when it was skipped (size/format mismatch, slot lock busy).
  bool publish(const SourceSurface &surface);
  // Writes driver_status and its detail (an HRESULT) into the header, if one is mapped.
  void report(uint32_t status, uint32_t detail);
  // Maps the header without opening the ring (to report a status before any ring exists).
  bool map_header();

  RingShape shape() const { return shape_; }
  uint32_t published() const { return seq_; }

 private:
  pfvd_shared_header *header() const;

  TextureDevice &device_;
  uint32_t target_id_;
  pfhost_luid render_adapter_;
  MappedSection section_;
  OwnedHandle event_;
  std::unique_ptr<DriverRing> ring_;
  RingShape shape_;
  uint32_t seq_ = 0;
  uint32_t next_slot_ = 0;
};

}  // namespace pfhost::pf_vdisplay
