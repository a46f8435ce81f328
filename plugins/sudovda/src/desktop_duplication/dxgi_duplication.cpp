#include "desktop_duplication/dxgi_duplication.hpp"

#include <d3d11.h>
#include <dxgi1_2.h>
#include <wrl/client.h>

#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace pfhost::sudovda {
namespace {

using Microsoft::WRL::ComPtr;

std::string hresult(HRESULT hr) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08lX", static_cast<unsigned long>(hr));
  return text;
}

std::string narrow(const wchar_t *wide) {
  std::string out;
  for (; *wide != L'\0'; ++wide) out += static_cast<char>(*wide);  // GDI names are ASCII
  return out;
}

struct Found {
  ComPtr<IDXGIAdapter1> adapter;
  ComPtr<IDXGIOutput1> output;
};

// The output named `gdi_name` on the adapter `luid` (any adapter when luid is zero and the name
// is empty: the first output of all, for the probe).
Found find_output(const pfhost_luid &luid, const std::string &gdi_name) {
  ComPtr<IDXGIFactory1> factory;
  HRESULT hr = CreateDXGIFactory1(IID_PPV_ARGS(&factory));
  if (FAILED(hr)) throw std::runtime_error("CreateDXGIFactory1 failed (" + hresult(hr) + ")");
  ComPtr<IDXGIAdapter1> adapter;
  for (UINT a = 0; factory->EnumAdapters1(a, &adapter) != DXGI_ERROR_NOT_FOUND; ++a) {
    DXGI_ADAPTER_DESC1 desc{};
    adapter->GetDesc1(&desc);
    if (!gdi_name.empty() &&
        (desc.AdapterLuid.LowPart != luid.low || desc.AdapterLuid.HighPart != luid.high)) {
      continue;
    }
    ComPtr<IDXGIOutput> output;
    for (UINT o = 0; adapter->EnumOutputs(o, &output) != DXGI_ERROR_NOT_FOUND; ++o) {
      DXGI_OUTPUT_DESC out_desc{};
      output->GetDesc(&out_desc);
      if (gdi_name.empty() || narrow(out_desc.DeviceName) == gdi_name) {
        Found found{adapter, nullptr};
        hr = output.As(&found.output);
        if (FAILED(hr)) throw std::runtime_error("no IDXGIOutput1 (" + hresult(hr) + ")");
        return found;
      }
    }
  }
  throw std::runtime_error(gdi_name.empty()
                               ? std::string("no display output to duplicate")
                               : "no active output " + gdi_name + " on adapter " +
                                     std::to_string(luid.high) + ":" + std::to_string(luid.low));
}

class DxgiDuplicationSource final : public DuplicationSource {
 public:
  DxgiDuplicationSource(ComPtr<ID3D11Device> device, ComPtr<IDXGIOutputDuplication> duplication)
      : device_(std::move(device)), duplication_(std::move(duplication)) {
    device_->GetImmediateContext(&context_);
  }
  ~DxgiDuplicationSource() override {
    if (held_) duplication_->ReleaseFrame();
  }
  AcquireResult acquire(uint32_t timeout_ms) override {
    DXGI_OUTDUPL_FRAME_INFO info{};
    ComPtr<IDXGIResource> resource;
    const HRESULT hr = duplication_->AcquireNextFrame(timeout_ms, &info, &resource);
    if (hr == DXGI_ERROR_WAIT_TIMEOUT) return {Acquired::kNoChange, 0, 0, {}};
    if (hr == DXGI_ERROR_ACCESS_LOST) return {Acquired::kAccessLost, 0, 0, {}};
    if (FAILED(hr))
      return {Acquired::kFailed, 0, 0, "AcquireNextFrame failed (" + hresult(hr) + ")"};
    held_ = true;
    if (FAILED(resource.As(&image_))) {
      release();
      return {Acquired::kFailed, 0, 0, "the duplicated image is not a texture"};
    }
    D3D11_TEXTURE2D_DESC desc{};
    image_->GetDesc(&desc);
    return {Acquired::kFrame, desc.Width, desc.Height, {}};
  }
  void copy_and_release(uint8_t *into, uint32_t stride) override {
    if (into != nullptr && image_) copy(into, stride);
    release();
  }

 private:
  void copy(uint8_t *into, uint32_t stride) {
    D3D11_TEXTURE2D_DESC desc{};
    image_->GetDesc(&desc);
    if (!staging_ || staging_width_ != desc.Width || staging_height_ != desc.Height) {
      desc.Usage = D3D11_USAGE_STAGING;
      desc.BindFlags = 0;
      desc.CPUAccessFlags = D3D11_CPU_ACCESS_READ;
      desc.MiscFlags = 0;
      staging_.Reset();
      if (FAILED(device_->CreateTexture2D(&desc, nullptr, &staging_))) return;
      staging_width_ = desc.Width;
      staging_height_ = desc.Height;
    }
    context_->CopyResource(staging_.Get(), image_.Get());
    D3D11_MAPPED_SUBRESOURCE mapped{};
    if (FAILED(context_->Map(staging_.Get(), 0, D3D11_MAP_READ, 0, &mapped))) return;
    for (uint32_t y = 0; y < staging_height_; ++y) {
      std::memcpy(into + size_t{y} * stride,
                  static_cast<const uint8_t *>(mapped.pData) + size_t{y} * mapped.RowPitch, stride);
    }
    context_->Unmap(staging_.Get(), 0);
  }
  void release() {
    image_.Reset();
    if (held_) duplication_->ReleaseFrame();
    held_ = false;
  }

  ComPtr<ID3D11Device> device_;
  ComPtr<ID3D11DeviceContext> context_;
  ComPtr<IDXGIOutputDuplication> duplication_;
  ComPtr<ID3D11Texture2D> image_;
  ComPtr<ID3D11Texture2D> staging_;
  uint32_t staging_width_ = 0, staging_height_ = 0;
  bool held_ = false;
};

// A device on `adapter` and a duplication of `output` (throws with the HRESULT).
std::unique_ptr<DuplicationSource> duplicate(const Found &found) {
  ComPtr<ID3D11Device> device;
  HRESULT hr = D3D11CreateDevice(found.adapter.Get(), D3D_DRIVER_TYPE_UNKNOWN, nullptr, 0, nullptr,
                                 0, D3D11_SDK_VERSION, &device, nullptr, nullptr);
  if (FAILED(hr)) throw std::runtime_error("D3D11CreateDevice failed (" + hresult(hr) + ")");
  ComPtr<IDXGIOutputDuplication> duplication;
  hr = found.output->DuplicateOutput(device.Get(), &duplication);
  if (FAILED(hr)) throw std::runtime_error("DuplicateOutput failed (" + hresult(hr) + ")");
  return std::make_unique<DxgiDuplicationSource>(device, duplication);
}

class DxgiDuplicationFactory final : public DuplicationFactory {
 public:
  DxgiDuplicationFactory(const pfhost_luid &adapter, std::string gdi_name)
      : adapter_(adapter), gdi_name_(std::move(gdi_name)) {}
  std::unique_ptr<DuplicationSource> open() override {
    return duplicate(find_output(adapter_, gdi_name_));
  }

 private:
  pfhost_luid adapter_;
  std::string gdi_name_;
};

}  // namespace

std::unique_ptr<DuplicationFactory> make_dxgi_duplication(const pfhost_luid &adapter,
                                                          const std::string &gdi_name) {
  if (gdi_name.empty()) {
    throw std::runtime_error("the monitor has no GDI name yet: Windows has not activated it");
  }
  return std::make_unique<DxgiDuplicationFactory>(adapter, gdi_name);
}

std::string dxgi_duplication_unavailable() {
  try {
    duplicate(find_output(pfhost_luid{}, ""));
    return {};
  } catch (const std::exception &e) {
    return std::string("desktop duplication does not work here: ") + e.what();
  }
}

}  // namespace pfhost::sudovda
