// Slots in named sections: the section carries the texture's own name, its lock is a named mutex
// beside it ("<texture name>-lock", standing in for the keyed mutex). Rows are tightly packed
// (stride = width * bytes per pixel). Outputs are CPU memory only.
#include <pfhost/pf_vdisplay/frame_transport.h>
#include <pfhost/plugin.hpp>

#include <cstring>
#include <vector>

#include "idd_push/kernel_objects.hpp"
#include "idd_push/texture_ring.hpp"

namespace pfhost::pf_vdisplay {
namespace {

std::string texture_name(const RingShape &shape, uint32_t slot) {
  char name[PFVD_NAME_MAX];
  pfvd_texture_name(shape.target_id, shape.generation, slot, name, sizeof name);
  return name;
}

size_t slot_bytes(const RingShape &shape) {
  return size_t{shape.width} * shape.height * pfvd_format_bytes_per_pixel(shape.dxgi_format);
}

// One slot: its pixels and its lock, from either side.
struct Slot {
  MappedSection pixels;
  OwnedHandle lock;
};

// Runs `copy` holding the slot's lock; false when the lock did not come in time.
template <class Copy>
bool with_lock(const Slot &slot, DWORD timeout_ms, Copy copy) {
  DWORD waited = WaitForSingleObject(slot.lock.get(), timeout_ms);
  if (waited != WAIT_OBJECT_0 && waited != WAIT_ABANDONED) return false;
  copy();
  ReleaseMutex(slot.lock.get());
  return true;
}

class CpuOutput final : public OutputSurface {
 public:
  CpuOutput(const RingShape &shape)
      : stride_(shape.width * pfvd_format_bytes_per_pixel(shape.dxgi_format)),
        pixels_(slot_bytes(shape)) {}
  void describe(pfhost_frame &frame) override {
    frame.memory = PFHOST_MEMORY_CPU;
    frame.plane_count = 1;
    frame.u.cpu.data[0] = pixels_.data();
    frame.u.cpu.stride[0] = stride_;
  }
  uint8_t *data() { return pixels_.data(); }

 private:
  uint32_t stride_;
  std::vector<uint8_t> pixels_;
};

class SharedMemoryHostRing final : public HostRing {
 public:
  explicit SharedMemoryHostRing(const RingShape &shape) : bytes_(slot_bytes(shape)) {
    PermissiveSecurity security;
    for (uint32_t k = 0; k < PFVD_RING_LEN; ++k) {
      const std::string name = texture_name(shape, k);
      Slot slot;
      slot.pixels = MappedSection::create(name, bytes_);
      slot.lock = OwnedHandle(CreateMutexA(security.get(), FALSE, (name + "-lock").c_str()));
      if (!slot.lock) {
        throw Error(PFHOST_E_UNAVAILABLE, "cannot create the lock of " + name + " (" +
                                              win32_error_text(GetLastError()) + ")");
      }
      slots_.push_back(std::move(slot));
    }
  }
  bool copy_slot(uint32_t slot, std::chrono::milliseconds lock_timeout,
                 OutputSurface &into) override {
    if (slot >= slots_.size()) return false;
    auto &out = static_cast<CpuOutput &>(into);
    return with_lock(slots_[slot], static_cast<DWORD>(lock_timeout.count()),
                     [&] { std::memcpy(out.data(), slots_[slot].pixels.data(), bytes_); });
  }

 private:
  size_t bytes_;
  std::vector<Slot> slots_;
};

class SharedMemoryDriverRing final : public DriverRing {
 public:
  SharedMemoryDriverRing(const RingShape &shape, std::vector<Slot> slots)
      : shape_(shape), slots_(std::move(slots)) {}
  bool copy_into(uint32_t slot, const SourceSurface &source) override {
    if (slot >= slots_.size() || source.pixels == nullptr) return false;
    const uint32_t row = shape_.width * pfvd_format_bytes_per_pixel(shape_.dxgi_format);
    auto *to = static_cast<uint8_t *>(slots_[slot].pixels.data());
    const auto *from = static_cast<const uint8_t *>(source.pixels);
    return with_lock(slots_[slot], 16, [&] {
      for (uint32_t y = 0; y < shape_.height; ++y) {
        std::memcpy(to + size_t{y} * row, from + size_t{y} * source.stride, row);
      }
    });
  }

 private:
  RingShape shape_;
  std::vector<Slot> slots_;
};

class SharedMemoryTextureDevice final : public TextureDevice {
 public:
  std::unique_ptr<HostRing> create_ring(const RingShape &shape) override {
    if (slot_bytes(shape) == 0) {
      throw Error(PFHOST_E_INVALID_ARGUMENT,
                  "IDD-push ring: format " + std::to_string(shape.dxgi_format) + " or size " +
                      std::to_string(shape.width) + "x" + std::to_string(shape.height) +
                      " is not one the contract knows");
    }
    return std::make_unique<SharedMemoryHostRing>(shape);
  }
  std::unique_ptr<OutputSurface> create_output(const RingShape &shape, uint32_t memory) override {
    if (memory != PFHOST_MEMORY_CPU) {
      throw Error(PFHOST_E_UNSUPPORTED, "shared-memory IDD-push slots give CPU frames only");
    }
    return std::make_unique<CpuOutput>(shape);
  }
  uint32_t memory_kinds() const override { return 1u << PFHOST_MEMORY_CPU; }
  std::unique_ptr<DriverRing> open_ring(const RingShape &shape,
                                        DriverRingFailure &failure) override {
    std::vector<Slot> slots;
    for (uint32_t k = 0; k < PFVD_RING_LEN; ++k) {
      const std::string name = texture_name(shape, k);
      Slot slot;
      slot.pixels = MappedSection::open(name, slot_bytes(shape));
      slot.lock = OwnedHandle(
          OpenMutexA(SYNCHRONIZE | MUTEX_MODIFY_STATE, FALSE, (name + "-lock").c_str()));
      if (!slot.pixels || !slot.lock) {
        failure = {PFVD_STATUS_TEX_FAIL, HRESULT_FROM_WIN32(GetLastError())};
        return nullptr;
      }
      slots.push_back(std::move(slot));
    }
    return std::make_unique<SharedMemoryDriverRing>(shape, std::move(slots));
  }
};

}  // namespace

std::unique_ptr<TextureDevice> make_shared_memory_texture_device() {
  return std::make_unique<SharedMemoryTextureDevice>();
}

}  // namespace pfhost::pf_vdisplay
