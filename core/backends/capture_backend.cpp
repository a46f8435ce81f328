#include "backends/capture_backend.hpp"

#include <pfhost/plugin.hpp>

#include "backends/backend_error.hpp"
#include "backends/reason_buffer.hpp"

#include <algorithm>
#include <utility>

namespace pfhost::core {

LiveCapture::LiveCapture(std::string backend_name, const pfhost_capture_vtable &table,
                         pfhost_capture *capture) noexcept
    : name_(std::move(backend_name)), table_(table), capture_(capture) {}

LiveCapture::~LiveCapture() {
  if (capture_ != nullptr) table_.close(capture_);
}

namespace {
// A plugin answering OK without a frame breaks the contract; report it instead of crashing later.
CaptureResult finish(pfhost_status status, pfhost_frame *frame, std::string reason) {
  CaptureResult result;
  result.status = status;
  result.reason = std::move(reason);
  if (status == PFHOST_OK) {
    if (frame == nullptr) {
      result.status = PFHOST_E_INTERNAL;
      result.reason = "plugin returned OK without a frame";
    } else {
      result.frame = FrameRef(frame);
    }
  }
  return result;
}
}  // namespace

CaptureResult LiveCapture::next_frame(std::chrono::milliseconds timeout) {
  ReasonBuffer reason;
  pfhost_frame *frame = nullptr;
  const auto ms = static_cast<uint32_t>(std::clamp<std::chrono::milliseconds::rep>(
      timeout.count(), 0, std::chrono::milliseconds::rep{UINT32_MAX}));
  const pfhost_status status = table_.next_frame(capture_, ms, &frame, reason.get());
  return finish(status, frame, status == PFHOST_OK ? std::string{} : reason.text());
}

CaptureResult LiveCapture::try_latest() {
  if (table_.try_latest == nullptr) {
    CaptureResult result;
    result.status = PFHOST_E_UNSUPPORTED;
    result.reason = "capture '" + name_ + "' has no try_latest";
    return result;
  }
  pfhost_frame *frame = nullptr;
  const pfhost_status status = table_.try_latest(capture_, &frame);  // before reading `frame`
  return finish(status, frame, {});
}

pfhost_status LiveCapture::set_active(bool active) {
  if (table_.set_active == nullptr) return PFHOST_E_UNSUPPORTED;
  return table_.set_active(capture_, active ? 1 : 0);
}

CaptureBackend::CaptureBackend(std::string name, const pfhost_capture_vtable &table,
                               void *plugin_ctx)
    : name_(std::move(name)), table_(table), plugin_ctx_(plugin_ctx) {}

std::unique_ptr<LiveCapture> CaptureBackend::open(const pfhost_capture_params &params) const {
  ReasonBuffer reason;
  pfhost_capture *capture = nullptr;
  const pfhost_status status = table_.open(plugin_ctx_, &params, &capture, reason.get());
  if (status != PFHOST_OK) {
    throw BackendError(status, "capture '" + name_ + "': open", reason.text());
  }
  if (capture == nullptr) {
    throw BackendError(PFHOST_E_INTERNAL, "capture '" + name_ + "': open",
                       "plugin returned OK without a capture");
  }
  return std::make_unique<LiveCapture>(name_, table_, capture);
}

pfhost_capture_params capture_params_for(const pfhost_target &target, const pfhost_mode &mode,
                                         const pfhost_encoder_caps &encoder) {
  auto params = make_struct<pfhost_capture_params>();
  params.target = &target;
  params.mode = mode;
  // An encoder that declares nothing gets CPU frames, the one kind every capturer can make.
  params.accepted_memory =
      encoder.input_memory != 0 ? encoder.input_memory : (1u << PFHOST_MEMORY_CPU);
  params.accepted_formats = encoder.input_formats;
  if ((encoder.input_memory & (1u << PFHOST_MEMORY_DMABUF)) != 0) {
    params.dmabuf_modifiers[0] = 0;  // DRM_FORMAT_MOD_LINEAR: every importer takes it
    params.dmabuf_modifier_count = 1;
  }
  return params;
}

}  // namespace pfhost::core
