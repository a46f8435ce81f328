// The texture seam of IDD push: the ring's slots, their locks and the copies out of them, behind
// one small interface, so everything else (names, header, event, tokens, statuses, generations,
// timing) is the same code whichever memory the slots live in.
//   - D3D11 (d3d11_texture_device.cpp): keyed-mutex shared textures on the render GPU, what the
//     real driver opens with OpenSharedResourceByName.
//   - shared memory (shared_memory_texture_device.cpp): each slot a named section with a named
//     mutex as its lock, for machines without shared textures (wine): the tests' driver twin
//     writes pixels into it exactly where the driver would copy a surface.
#pragma once

#include <pfhost/capture.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace pfhost::pf_vdisplay {

// One ring generation as the header describes it.
struct RingShape {
  uint32_t target_id = 0;
  uint32_t generation = 0;
  uint32_t width = 0;
  uint32_t height = 0;
  uint32_t dxgi_format = 0;  // PFVD_FORMAT_*
};

// A host-owned output buffer a frame leaves the capture in (one per output-ring slot): a
// texture for an encoder that takes D3D11, CPU memory for one that does not.
class OutputSurface {
 public:
  virtual ~OutputSurface() = default;
  // Sets frame.memory, plane_count and the union member (pointers stay valid while this lives).
  virtual void describe(pfhost_frame &frame) = 0;
};

// The host's side of one ring generation: the named slots it created.
class HostRing {
 public:
  virtual ~HostRing() = default;
  // Holds `slot`'s lock only while copying it into `into`; false when the lock did not come
  // within `lock_timeout` (the driver is still writing that slot: the caller skips the frame).
  virtual bool copy_slot(uint32_t slot, std::chrono::milliseconds lock_timeout,
                         OutputSurface &into) = 0;
};

// What the driver copies from: a swap-chain surface (d3d11_texture) or plain pixels.
struct SourceSurface {
  uint32_t width = 0;
  uint32_t height = 0;
  uint32_t dxgi_format = 0;
  const void *pixels = nullptr;  // shared-memory slots: rows of width * bytes-per-pixel
  uint32_t stride = 0;
  void *d3d11_texture = nullptr;  // D3D11 slots: the ID3D11Texture2D to CopyResource from
};

// The driver's side of one ring generation: the slots opened by name.
class DriverRing {
 public:
  virtual ~DriverRing() = default;
  // Takes `slot`'s lock, copies `source` in, releases it; false when the lock did not come.
  virtual bool copy_into(uint32_t slot, const SourceSurface &source) = 0;
};

// Why the driver could not open a ring: the header's driver_status and detail (an HRESULT).
struct DriverRingFailure {
  uint32_t status = 0;
  uint32_t detail = 0;
};

// The memory the slots live in, for both sides.
class TextureDevice {
 public:
  virtual ~TextureDevice() = default;
  // Host: creates the PFVD_RING_LEN named slots of `shape` (throws pfhost::Error).
  virtual std::unique_ptr<HostRing> create_ring(const RingShape &shape) = 0;
  // Host: one output buffer in `memory` (a pfhost_memory_kind of memory_kinds()).
  virtual std::unique_ptr<OutputSurface> create_output(const RingShape &shape, uint32_t memory) = 0;
  // Mask of pfhost_memory_kind the outputs can be in.
  virtual uint32_t memory_kinds() const = 0;
  // Driver: opens the slots of `shape`; nullptr with `failure` set when it cannot.
  virtual std::unique_ptr<DriverRing> open_ring(const RingShape &shape,
                                                DriverRingFailure &failure) = 0;
};

// Slots in named sections (any Windows, wine included).
std::unique_ptr<TextureDevice> make_shared_memory_texture_device();
// Keyed-mutex shared textures on the adapter `render_adapter` (all zero: the default adapter).
// Throws pfhost::Error when no D3D11 device can be made there.
std::unique_ptr<TextureDevice> make_d3d11_texture_device(const pfhost_luid &render_adapter);

}  // namespace pfhost::pf_vdisplay
