#ifdef _WIN32

#include "d3d11_input.hpp"

#include <d3d11_1.h>
#include <dxgi1_2.h>
#include <pfhost/plugin.hpp>

#include <cstdio>
#include <map>
#include <string>
#include <utility>

#include "encoder_config.hpp"

namespace pfhost::nvenc {
namespace {

[[noreturn]] void throw_hresult(HRESULT result, const std::string &what) {
  char code[16];
  std::snprintf(code, sizeof code, "0x%08lx", static_cast<unsigned long>(result));
  throw Error(PFHOST_E_INTERNAL, what + " failed: HRESULT " + code);
}

// Owns one COM reference.
template <class T>
struct ComRef {
  T *p = nullptr;
  ComRef() = default;
  explicit ComRef(T *pointer) : p(pointer) {}
  ~ComRef() {
    if (p != nullptr) p->Release();
  }
  ComRef(ComRef &&other) noexcept : p(std::exchange(other.p, nullptr)) {}
  ComRef &operator=(ComRef &&other) noexcept {
    if (this != &other) {
      if (p != nullptr) p->Release();
      p = std::exchange(other.p, nullptr);
    }
    return *this;
  }
  ComRef(const ComRef &) = delete;
  ComRef &operator=(const ComRef &) = delete;
  T *operator->() const { return p; }
};

ID3D11Device *device_on_adapter(const pfhost_luid &luid) {
  ComRef<IDXGIFactory1> factory;
  if (const HRESULT result =
          CreateDXGIFactory1(__uuidof(IDXGIFactory1), reinterpret_cast<void **>(&factory.p));
      FAILED(result))
    throw_hresult(result, "CreateDXGIFactory1");
  for (UINT index = 0;; ++index) {
    ComRef<IDXGIAdapter1> adapter;
    if (factory->EnumAdapters1(index, &adapter.p) == DXGI_ERROR_NOT_FOUND) break;
    DXGI_ADAPTER_DESC1 description{};
    adapter->GetDesc1(&description);
    if (description.AdapterLuid.LowPart != luid.low ||
        description.AdapterLuid.HighPart != luid.high)
      continue;
    ID3D11Device *device = nullptr;
    if (const HRESULT result =
            D3D11CreateDevice(adapter.p, D3D_DRIVER_TYPE_UNKNOWN, nullptr, 0, nullptr, 0,
                              D3D11_SDK_VERSION, &device, nullptr, nullptr);
        FAILED(result))
      throw_hresult(result, "D3D11CreateDevice on the frame's adapter");
    return device;
  }
  throw Error(PFHOST_E_UNAVAILABLE, "no DXGI adapter has the frame's LUID (the GPU went away?)");
}

class D3D11Input final : public FrameInput {
 public:
  D3D11Input(const NvencSession &session, ID3D11Device *device, const pfhost_encoder_params &params)
      : session_(session), device_(device), params_(params) {}
  ~D3D11Input() override {
    for (auto &[key, entry] : textures_)
      session_.api().nvEncUnregisterResource(session_.handle(), entry.registration);
  }
  D3D11Input(const D3D11Input &) = delete;
  D3D11Input &operator=(const D3D11Input &) = delete;

  InputPicture prepare(const pfhost_frame &frame) override {
    Entry &entry = entry_for(frame);
    if (frame.u.d3d11.keyed_mutex_key != 0) {
      if (entry.mutex.p == nullptr)
        entry.texture->QueryInterface(__uuidof(IDXGIKeyedMutex),
                                      reinterpret_cast<void **>(&entry.mutex.p));
      if (entry.mutex.p != nullptr) {
        if (const HRESULT result = entry.mutex->AcquireSync(frame.u.d3d11.keyed_mutex_key, 100);
            result != S_OK)
          throw_hresult(result,
                        "IDXGIKeyedMutex::AcquireSync (the capturer still holds the texture)");
        held_ = &entry;
        held_key_ = frame.u.d3d11.keyed_mutex_key;
      }
    }
    NV_ENC_MAP_INPUT_RESOURCE map{};
    map.version = NV_ENC_MAP_INPUT_RESOURCE_VER;
    map.registeredResource = entry.registration;
    try {
      session_.check(session_.api().nvEncMapInputResource(session_.handle(), &map),
                     "nvEncMapInputResource (D3D11 texture)");
    } catch (...) {
      release_mutex();
      throw;
    }
    return {map.mappedResource, 0};
  }

  void done(const InputPicture &picture) override {
    const NVENCSTATUS status =
        session_.api().nvEncUnmapInputResource(session_.handle(), picture.buffer);
    release_mutex();
    session_.check(status, "nvEncUnmapInputResource (D3D11 texture)");
  }

 private:
  struct Entry {
    ComRef<ID3D11Texture2D> texture;  // our reference: the texture outlives its registration
    NV_ENC_REGISTERED_PTR registration = nullptr;
    ComRef<IDXGIKeyedMutex> mutex;
  };

  void release_mutex() {
    if (held_ != nullptr) held_->mutex->ReleaseSync(held_key_);
    held_ = nullptr;
  }

  ComRef<ID3D11Texture2D> texture_of(const pfhost_frame &frame) {
    if (frame.u.d3d11.texture != nullptr) {
      auto *texture = static_cast<ID3D11Texture2D *>(frame.u.d3d11.texture);
      texture->AddRef();
      return ComRef<ID3D11Texture2D>(texture);
    }
    ComRef<ID3D11Device1> device1;
    if (const HRESULT result =
            device_->QueryInterface(__uuidof(ID3D11Device1), reinterpret_cast<void **>(&device1.p));
        FAILED(result))
      throw_hresult(result, "ID3D11Device1 (needed to open a shared texture handle)");
    ComRef<ID3D11Texture2D> texture;
    if (const HRESULT result = device1->OpenSharedResource1(
            reinterpret_cast<HANDLE>(static_cast<uintptr_t>(frame.u.d3d11.shared_handle)),
            __uuidof(ID3D11Texture2D), reinterpret_cast<void **>(&texture.p));
        FAILED(result))
      throw_hresult(result, "OpenSharedResource1 on the frame's shared handle");
    return texture;
  }

  Entry &entry_for(const pfhost_frame &frame) {
    const auto key = std::make_pair(frame.u.d3d11.texture != nullptr
                                        ? reinterpret_cast<uintptr_t>(frame.u.d3d11.texture)
                                        : static_cast<uintptr_t>(frame.u.d3d11.shared_handle),
                                    frame.u.d3d11.subresource);
    if (const auto found = textures_.find(key); found != textures_.end()) return found->second;
    Entry entry;
    entry.texture = texture_of(frame);
    NV_ENC_REGISTER_RESOURCE request{};
    request.version = NV_ENC_REGISTER_RESOURCE_VER;
    request.resourceType = NV_ENC_INPUT_RESOURCE_TYPE_DIRECTX;
    request.width = params_.width;
    request.height = params_.height;
    request.pitch = 0;  // the driver knows a texture's layout
    request.subResourceIndex = frame.u.d3d11.subresource;
    request.resourceToRegister = entry.texture.p;
    request.bufferFormat = buffer_format(params_.input_format);
    request.bufferUsage = NV_ENC_INPUT_IMAGE;
    session_.check(session_.api().nvEncRegisterResource(session_.handle(), &request),
                   "nvEncRegisterResource (D3D11 texture)");
    entry.registration = request.registeredResource;
    return textures_.emplace(key, std::move(entry)).first->second;
  }

  const NvencSession &session_;
  ID3D11Device *device_;
  pfhost_encoder_params params_;
  std::map<std::pair<uintptr_t, uint32_t>, Entry> textures_;
  Entry *held_ = nullptr;
  uint64_t held_key_ = 0;
};

}  // namespace

ID3D11Device *d3d11_device_of(const pfhost_frame &frame) {
  if (frame.u.d3d11.texture == nullptr) return device_on_adapter(frame.u.d3d11.adapter_luid);
  ID3D11Device *device = nullptr;
  static_cast<ID3D11Texture2D *>(frame.u.d3d11.texture)->GetDevice(&device);
  if (device == nullptr)
    throw Error(PFHOST_E_INVALID_ARGUMENT, "the frame's texture has no device");
  return device;
}

std::unique_ptr<FrameInput> make_d3d11_input(const NvencSession &session, ID3D11Device *device,
                                             const pfhost_encoder_params &params) {
  return std::make_unique<D3D11Input>(session, device, params);
}

}  // namespace pfhost::nvenc

#endif  // _WIN32
