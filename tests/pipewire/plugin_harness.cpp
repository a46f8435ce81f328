#include "plugin_harness.hpp"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <stdexcept>
#include <utility>

#ifndef PFHOST_PIPEWIRE_PLUGIN_PATH
#error "PFHOST_PIPEWIRE_PLUGIN_PATH must name the built plugin"
#endif

namespace pfhost::test {

TestHost::TestHost() {
  api_.struct_size = sizeof api_;
  api_.abi_major = PFHOST_ABI_MAJOR;
  api_.abi_minor = PFHOST_ABI_MINOR;
  api_.host_ctx = this;
  api_.log = &TestHost::log;
  api_.now_ns = [](void *) { return TestHost::now_ns(); };
  // Config getters left NULL: the plugin must treat that as "no such key".
}

uint64_t TestHost::now_ns() noexcept {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000u + static_cast<uint64_t>(ts.tv_nsec);
}

void TestHost::log(void *ctx, int32_t level, const char *message) {
  auto *self = static_cast<TestHost *>(ctx);
  const std::string line = "[" + std::to_string(level) + "] " + (message ? message : "");
  if (std::getenv("PFHOST_TEST_VERBOSE") != nullptr) std::fprintf(stderr, "%s\n", line.c_str());
  std::lock_guard lock(self->mutex_);
  self->lines_.push_back(line);
}

std::vector<std::string> TestHost::log_lines() const {
  std::lock_guard lock(mutex_);
  return lines_;
}

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

PipeWirePlugin::PipeWirePlugin() {
  void *library = dlopen(PFHOST_PIPEWIRE_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) throw std::runtime_error(std::string("dlopen: ") + dlerror());
  auto entry = reinterpret_cast<pfhost_plugin_entry_fn>(dlsym(library, PFHOST_PLUGIN_ENTRY_SYMBOL));
  if (entry == nullptr) throw std::runtime_error("no pfhost_plugin_entry in the plugin");
  descriptor_ = entry(PFHOST_ABI_MAJOR, PFHOST_ABI_MINOR);
  if (descriptor_ == nullptr || descriptor_->backend_count != 1)
    throw std::runtime_error("unexpected plugin descriptor");
  backend_ = descriptor_->backends[0];
  char text[512] = "";
  pfhost_reason reason{sizeof(pfhost_reason), sizeof text, text};
  if (descriptor_->init != nullptr &&
      descriptor_->init(host_.api(), &plugin_ctx_, &reason) != PFHOST_OK)
    throw std::runtime_error(std::string("plugin init failed: ") + text);
  // The ABI has no deinit: a host keeps the plugin's context for the life of the process, and so
  // do we (reachable, so LeakSanitizer does not report it).
  static std::vector<void *> *const contexts = new std::vector<void *>;
  contexts->push_back(plugin_ctx_);
}

pfhost_status PipeWirePlugin::probe(std::string *why) {
  char text[512] = "";
  pfhost_reason reason{sizeof(pfhost_reason), sizeof text, text};
  const pfhost_status status = backend_->probe(plugin_ctx_, &reason);
  *why = text;
  return status;
}

OpenResult PipeWirePlugin::open(uint32_t node_id, pfhost_mode mode, int remote_fd) {
  pfhost_target target{};
  target.struct_size = sizeof target;
  target.kind = PFHOST_TARGET_PIPEWIRE_NODE;
  target.mode = mode;
  target.u.pipewire.node_id = node_id;
  target.u.pipewire.remote_fd = remote_fd;
  pfhost_capture_params params{};
  params.struct_size = sizeof params;
  params.target = &target;
  params.mode = mode;
  params.accepted_memory = 1u << PFHOST_MEMORY_CPU;
  params.accepted_formats = ~0ull;
  return open(params);
}

OpenResult PipeWirePlugin::open(const pfhost_capture_params &params) {
  OpenResult result;
  char text[512] = "";
  pfhost_reason reason{sizeof(pfhost_reason), sizeof text, text};
  pfhost_capture *capture = nullptr;
  result.status = backend_->capture->open(plugin_ctx_, &params, &capture, &reason);
  if (result.status == PFHOST_OK)
    result.capture = std::make_unique<Capture>(backend_->capture, capture);
  result.reason = text;
  return result;
}

}  // namespace pfhost::test
