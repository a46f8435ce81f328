#include "plugin_harness.hpp"

#include <pfhost/plugin.hpp>

#include <algorithm>
#include <iterator>
#include <utility>

#ifndef PFHOST_PIPEWIRE_PLUGIN_PATH
#error "PFHOST_PIPEWIRE_PLUGIN_PATH must name the built plugin"
#endif

namespace pfhost::test {

HeldFrame &HeldFrame::operator=(HeldFrame &&other) noexcept {
  if (this != &other) {
    release();
    frame_ = std::exchange(other.frame_, nullptr);
  }
  return *this;
}

const uint8_t *HeldFrame::pixel(uint32_t x, uint32_t y) const noexcept {
  const uint32_t bpp = frame_->pixel_format == PFHOST_PIXEL_FORMAT_RGB ||
                               frame_->pixel_format == PFHOST_PIXEL_FORMAT_BGR
                           ? 3
                           : 4;
  return static_cast<const uint8_t *>(frame_->u.cpu.data[0]) + size_t{y} * frame_->u.cpu.stride[0] +
         size_t{x} * bpp;
}

void HeldFrame::release() noexcept {
  if (frame_ != nullptr) frame_->release(frame_);
  frame_ = nullptr;
}

FrameResult Capture::next_frame(uint32_t timeout_ms) {
  FrameResult result;
  char text[512] = "";
  pfhost_reason reason{sizeof(pfhost_reason), sizeof text, text};
  pfhost_frame *frame = nullptr;
  result.status = vtable_->next_frame(capture_, timeout_ms, &frame, &reason);
  if (result.status == PFHOST_OK) result.frame = HeldFrame(frame);
  result.reason = text;
  return result;
}

FrameResult Capture::try_latest() {
  FrameResult result;
  pfhost_frame *frame = nullptr;
  result.status = vtable_->try_latest(capture_, &frame);
  if (result.status == PFHOST_OK) result.frame = HeldFrame(frame);
  return result;
}

pfhost_status Capture::set_active(bool active) {
  return vtable_->set_active(capture_, active);
}

void Capture::close() noexcept {
  if (capture_ != nullptr) vtable_->close(capture_);
  capture_ = nullptr;
}

PipeWirePlugin::PipeWirePlugin()
    : plugin_(PFHOST_PIPEWIRE_PLUGIN_PATH), backend_(&plugin_.backend("pipewire")) {}

pfhost_status PipeWirePlugin::probe(std::string *why) {
  char text[512] = "";
  pfhost_reason reason{sizeof(pfhost_reason), sizeof text, text};
  const pfhost_status status = backend_->probe(plugin_.ctx(), &reason);
  *why = text;
  return status;
}

OpenResult PipeWirePlugin::open(uint32_t node_id, pfhost_mode mode, int remote_fd) {
  const pfhost_target target = pfhost::pipewire_node_target(mode, node_id, remote_fd);
  pfhost_capture_params params{};
  params.struct_size = sizeof params;
  params.target = &target;
  params.mode = mode;
  params.accepted_memory = 1u << PFHOST_MEMORY_CPU;
  params.accepted_formats = ~0ull;
  return open(params);
}

OpenResult PipeWirePlugin::open_dmabuf(uint32_t node_id, pfhost_mode mode,
                                       std::span<const uint64_t> modifiers) {
  const pfhost_target target = pfhost::pipewire_node_target(mode, node_id, -1);
  pfhost_capture_params params{};
  params.struct_size = sizeof params;
  params.target = &target;
  params.mode = mode;
  params.accepted_memory = (1u << PFHOST_MEMORY_CPU) | (1u << PFHOST_MEMORY_DMABUF);
  params.accepted_formats = ~0ull;
  params.dmabuf_modifier_count =
      static_cast<uint32_t>(std::min<size_t>(modifiers.size(), std::size(params.dmabuf_modifiers)));
  std::copy_n(modifiers.begin(), params.dmabuf_modifier_count, params.dmabuf_modifiers);
  return open(params);
}

OpenResult PipeWirePlugin::open(const pfhost_capture_params &params) {
  OpenResult result;
  char text[512] = "";
  pfhost_reason reason{sizeof(pfhost_reason), sizeof text, text};
  pfhost_capture *capture = nullptr;
  result.status = backend_->capture->open(plugin_.ctx(), &params, &capture, &reason);
  if (result.status == PFHOST_OK)
    result.capture = std::make_unique<Capture>(backend_->capture, capture);
  result.reason = text;
  return result;
}

}  // namespace pfhost::test
