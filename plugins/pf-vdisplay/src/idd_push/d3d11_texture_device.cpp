// The real slots: keyed-mutex NT-handle shared textures on the render GPU, named by the
// contract so the driver opens them with ID3D11Device1::OpenSharedResourceByName. The host holds
// a slot's keyed mutex (key 0) only for the CopyResource into its own output texture; a CPU
// output goes on through a staging texture. Not runnable under wine (no shared textures): the
// shared-memory device stands in there, behind the same seam.
#include <d3d11_1.h>
#include <dxgi1_2.h>
#include <wrl/client.h>

#include <pfhost/pf_vdisplay/frame_transport.h>
#include <pfhost/plugin.hpp>

#include <cstring>
#include <vector>

#include "idd_push/kernel_objects.hpp"
#include "idd_push/texture_ring.hpp"

namespace pfhost::pf_vdisplay {
namespace {

using Microsoft::WRL::ComPtr;

// DXGI_SHARED_RESOURCE_READ | DXGI_SHARED_RESOURCE_WRITE.
constexpr DWORD kSharedReadWrite = 0x80000000u | 0x1u;

std::string hresult_text(HRESULT hr) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08lX", static_cast<unsigned long>(hr));
  return text;
}

void check(HRESULT hr, const std::string &what) {
  if (FAILED(hr)) throw Error(PFHOST_E_UNAVAILABLE, what + " failed (" + hresult_text(hr) + ")");
}

std::wstring texture_name(const RingShape &shape, uint32_t slot) {
  char name[PFVD_NAME_MAX];
  pfvd_texture_name(shape.target_id, shape.generation, slot, name, sizeof name);
  return std::wstring(name, name + std::strlen(name));
}

D3D11_TEXTURE2D_DESC texture_desc(const RingShape &shape) {
  D3D11_TEXTURE2D_DESC desc{};
  desc.Width = shape.width;
  desc.Height = shape.height;
  desc.MipLevels = 1;
  desc.ArraySize = 1;
  desc.Format = static_cast<DXGI_FORMAT>(shape.dxgi_format);
  desc.SampleDesc.Count = 1;
  desc.Usage = D3D11_USAGE_DEFAULT;
  desc.BindFlags = D3D11_BIND_SHADER_RESOURCE | D3D11_BIND_RENDER_TARGET;
  return desc;
}

// Holds a keyed mutex at key 0 for one scope.
class KeyedMutexLock {
 public:
  KeyedMutexLock(IDXGIKeyedMutex *mutex, DWORD timeout_ms)
      : mutex_(mutex), held_(mutex->AcquireSync(0, timeout_ms) == S_OK) {}
  ~KeyedMutexLock() {
    if (held_) mutex_->ReleaseSync(0);
  }
  KeyedMutexLock(const KeyedMutexLock &) = delete;
  KeyedMutexLock &operator=(const KeyedMutexLock &) = delete;
  bool held() const { return held_; }

 private:
  IDXGIKeyedMutex *mutex_;
  bool held_;
};

struct Device {
  ComPtr<ID3D11Device> device;
  ComPtr<ID3D11DeviceContext> context;
  pfhost_luid luid{};
};

// A texture on the host's device that a frame leaves in (D3D11), or that feeds a staging copy
// into CPU memory.
class D3D11Output final : public OutputSurface {
 public:
  D3D11Output(Device &device, const RingShape &shape, uint32_t memory)
      : device_(device), shape_(shape), memory_(memory) {
    D3D11_TEXTURE2D_DESC desc = texture_desc(shape);
    check(device.device->CreateTexture2D(&desc, nullptr, &texture_), "CreateTexture2D(output)");
    if (memory == PFHOST_MEMORY_CPU) {
      desc.Usage = D3D11_USAGE_STAGING;
      desc.BindFlags = 0;
      desc.CPUAccessFlags = D3D11_CPU_ACCESS_READ;
      check(device.device->CreateTexture2D(&desc, nullptr, &staging_), "CreateTexture2D(staging)");
      stride_ = shape.width * pfvd_format_bytes_per_pixel(shape.dxgi_format);
      pixels_.resize(size_t{stride_} * shape.height);
    }
  }
  ID3D11Texture2D *texture() { return texture_.Get(); }
  // After the slot copy: a CPU output reads the texture back (outside the keyed mutex).
  void finish() {
    if (memory_ != PFHOST_MEMORY_CPU) return;
    device_.context->CopyResource(staging_.Get(), texture_.Get());
    D3D11_MAPPED_SUBRESOURCE mapped{};
    check(device_.context->Map(staging_.Get(), 0, D3D11_MAP_READ, 0, &mapped), "Map(staging)");
    for (uint32_t y = 0; y < shape_.height; ++y) {
      std::memcpy(pixels_.data() + size_t{y} * stride_,
                  static_cast<const uint8_t *>(mapped.pData) + size_t{y} * mapped.RowPitch,
                  stride_);
    }
    device_.context->Unmap(staging_.Get(), 0);
  }
  void describe(pfhost_frame &frame) override {
    frame.plane_count = 1;
    if (memory_ == PFHOST_MEMORY_CPU) {
      frame.memory = PFHOST_MEMORY_CPU;
      frame.u.cpu.data[0] = pixels_.data();
      frame.u.cpu.stride[0] = stride_;
      return;
    }
    frame.memory = PFHOST_MEMORY_D3D11;
    frame.u.d3d11.texture = texture_.Get();
    frame.u.d3d11.dxgi_format = shape_.dxgi_format;
    frame.u.d3d11.adapter_luid = device_.luid;
  }

 private:
  Device &device_;
  RingShape shape_;
  uint32_t memory_;
  ComPtr<ID3D11Texture2D> texture_;
  ComPtr<ID3D11Texture2D> staging_;
  uint32_t stride_ = 0;
  std::vector<uint8_t> pixels_;
};

struct SharedSlot {
  ComPtr<ID3D11Texture2D> texture;
  ComPtr<IDXGIKeyedMutex> mutex;
  OwnedHandle shared;  // keeps the name alive; the driver opens the texture by it
};

class D3D11HostRing final : public HostRing {
 public:
  D3D11HostRing(Device &device, const RingShape &shape) : device_(device) {
    PermissiveSecurity security;
    D3D11_TEXTURE2D_DESC desc = texture_desc(shape);
    desc.MiscFlags = D3D11_RESOURCE_MISC_SHARED_KEYEDMUTEX | D3D11_RESOURCE_MISC_SHARED_NTHANDLE;
    for (uint32_t k = 0; k < PFVD_RING_LEN; ++k) {
      SharedSlot slot;
      check(device.device->CreateTexture2D(&desc, nullptr, &slot.texture),
            "CreateTexture2D(ring slot)");
      ComPtr<IDXGIResource1> resource;
      check(slot.texture.As(&resource), "IDXGIResource1 of a ring slot");
      HANDLE handle = nullptr;
      check(resource->CreateSharedHandle(security.get(), kSharedReadWrite,
                                         texture_name(shape, k).c_str(), &handle),
            "CreateSharedHandle(ring slot)");
      slot.shared = OwnedHandle(handle);
      check(slot.texture.As(&slot.mutex), "IDXGIKeyedMutex of a ring slot");
      slots_.push_back(std::move(slot));
    }
  }
  bool copy_slot(uint32_t slot, std::chrono::milliseconds lock_timeout,
                 OutputSurface &into) override {
    if (slot >= slots_.size()) return false;
    auto &out = static_cast<D3D11Output &>(into);
    {
      KeyedMutexLock lock(slots_[slot].mutex.Get(), static_cast<DWORD>(lock_timeout.count()));
      if (!lock.held()) return false;
      device_.context->CopyResource(out.texture(), slots_[slot].texture.Get());
    }
    out.finish();
    return true;
  }

 private:
  Device &device_;
  std::vector<SharedSlot> slots_;
};

class D3D11DriverRing final : public DriverRing {
 public:
  D3D11DriverRing(Device &device, std::vector<SharedSlot> slots)
      : device_(device), slots_(std::move(slots)) {}
  bool copy_into(uint32_t slot, const SourceSurface &source) override {
    if (slot >= slots_.size() || source.d3d11_texture == nullptr) return false;
    KeyedMutexLock lock(slots_[slot].mutex.Get(), 16);
    if (!lock.held()) return false;
    device_.context->CopyResource(slots_[slot].texture.Get(),
                                  static_cast<ID3D11Texture2D *>(source.d3d11_texture));
    return true;
  }

 private:
  Device &device_;
  std::vector<SharedSlot> slots_;
};

ComPtr<IDXGIAdapter1> find_adapter(const pfhost_luid &luid) {
  ComPtr<IDXGIFactory1> factory;
  check(CreateDXGIFactory1(IID_PPV_ARGS(&factory)), "CreateDXGIFactory1");
  ComPtr<IDXGIAdapter1> adapter;
  for (UINT i = 0; factory->EnumAdapters1(i, &adapter) != DXGI_ERROR_NOT_FOUND; ++i) {
    DXGI_ADAPTER_DESC1 desc{};
    adapter->GetDesc1(&desc);
    const bool any = luid.low == 0 && luid.high == 0;
    if (any || (desc.AdapterLuid.LowPart == luid.low && desc.AdapterLuid.HighPart == luid.high)) {
      return adapter;
    }
  }
  throw Error(PFHOST_E_UNAVAILABLE, "no DXGI adapter with LUID " + std::to_string(luid.high) + ":" +
                                        std::to_string(luid.low) + " (the render GPU)");
}

class D3D11TextureDevice final : public TextureDevice {
 public:
  explicit D3D11TextureDevice(const pfhost_luid &render_adapter) {
    ComPtr<IDXGIAdapter1> adapter = find_adapter(render_adapter);
    DXGI_ADAPTER_DESC1 desc{};
    adapter->GetDesc1(&desc);
    device_.luid = {desc.AdapterLuid.LowPart, desc.AdapterLuid.HighPart};
    check(D3D11CreateDevice(adapter.Get(), D3D_DRIVER_TYPE_UNKNOWN, nullptr,
                            D3D11_CREATE_DEVICE_BGRA_SUPPORT, nullptr, 0, D3D11_SDK_VERSION,
                            &device_.device, nullptr, &device_.context),
          "D3D11CreateDevice(render GPU)");
  }
  std::unique_ptr<HostRing> create_ring(const RingShape &shape) override {
    return std::make_unique<D3D11HostRing>(device_, shape);
  }
  std::unique_ptr<OutputSurface> create_output(const RingShape &shape, uint32_t memory) override {
    return std::make_unique<D3D11Output>(device_, shape, memory);
  }
  uint32_t memory_kinds() const override {
    return (1u << PFHOST_MEMORY_CPU) | (1u << PFHOST_MEMORY_D3D11);
  }
  std::unique_ptr<DriverRing> open_ring(const RingShape &shape,
                                        DriverRingFailure &failure) override {
    ComPtr<ID3D11Device1> device1;
    HRESULT hr = device_.device.As(&device1);
    if (FAILED(hr)) {
      failure = {PFVD_STATUS_NO_DEVICE, static_cast<uint32_t>(hr)};
      return nullptr;
    }
    std::vector<SharedSlot> slots;
    for (uint32_t k = 0; k < PFVD_RING_LEN; ++k) {
      SharedSlot slot;
      hr = device1->OpenSharedResourceByName(texture_name(shape, k).c_str(), kSharedReadWrite,
                                             IID_PPV_ARGS(&slot.texture));
      if (SUCCEEDED(hr)) hr = slot.texture.As(&slot.mutex);
      if (FAILED(hr)) {
        failure = {PFVD_STATUS_TEX_FAIL, static_cast<uint32_t>(hr)};
        return nullptr;
      }
      slots.push_back(std::move(slot));
    }
    return std::make_unique<D3D11DriverRing>(device_, std::move(slots));
  }

 private:
  Device device_;
};

}  // namespace

std::unique_ptr<TextureDevice> make_d3d11_texture_device(const pfhost_luid &render_adapter) {
  return std::make_unique<D3D11TextureDevice>(render_adapter);
}

}  // namespace pfhost::pf_vdisplay
