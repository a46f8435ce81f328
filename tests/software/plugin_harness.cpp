#include "plugin_harness.hpp"

#include <dlfcn.h>
#include <pfhost/plugin.hpp>

#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace pfhost::software::test {
namespace {

constexpr uint32_t kReasonCapacity = 512;

struct ReasonBuffer {
  char text[kReasonCapacity] = {};
  pfhost_reason reason{sizeof(pfhost_reason), kReasonCapacity, text};
};

Result result_of(pfhost_status status, const ReasonBuffer &buffer) {
  return Result{status, buffer.text};
}

const TestHost &host_of(void *ctx) {
  return *static_cast<const TestHost *>(ctx);
}

LoadedPlugin load() {
  // RTLD_LOCAL: like the host, keep each plugin's symbols to itself.
  void *library = dlopen(PFHOST_ENCODER_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) throw std::runtime_error(std::string("dlopen: ") + dlerror());
  auto entry = reinterpret_cast<pfhost_plugin_entry_fn>(dlsym(library, PFHOST_PLUGIN_ENTRY_SYMBOL));
  if (entry == nullptr) throw std::runtime_error("no pfhost_plugin_entry");
  const pfhost_plugin_descriptor *descriptor = entry(PFHOST_ABI_MAJOR, PFHOST_ABI_MINOR);
  if (descriptor == nullptr || descriptor->backend_count != 1)
    throw std::runtime_error("unexpected descriptor");
  const pfhost_backend *backend = descriptor->backends[0];
  return LoadedPlugin{entry, descriptor, backend, backend->encode};
}

}  // namespace

TestHost::TestHost(std::map<std::string, Value> config) : config_(std::move(config)) {
  for (const auto &[key, value] : config_) keys_.push_back(key);
  api_.struct_size = sizeof api_;
  api_.abi_major = PFHOST_ABI_MAJOR;
  api_.abi_minor = PFHOST_ABI_MINOR;
  api_.host_ctx = this;
  api_.log = log;
  api_.config_get_string = get_string;
  api_.config_get_int = get_int;
  api_.config_get_double = get_double;
  api_.config_get_bool = get_bool;
  api_.config_key_at = key_at;
  api_.now_ns = now_ns;
}

std::vector<std::string> TestHost::logs() const {
  std::lock_guard lock(mutex_);
  return logs_;
}

void TestHost::log(void *ctx, int32_t level, const char *message) {
  auto &host = *static_cast<TestHost *>(ctx);
  std::fprintf(stderr, "[software:%d] %s\n", level, message);
  std::lock_guard lock(host.mutex_);
  host.logs_.emplace_back(message);
}

const TestHost::Value *TestHost::find(const char *key) const {
  const auto found = config_.find(key);
  return found == config_.end() ? nullptr : &found->second;
}

template <class T>
static pfhost_status lookup(void *ctx, const char *key, T *out) {
  const TestHost::Value *found = host_of(ctx).find(key);
  if (found == nullptr) return PFHOST_E_NOT_FOUND;
  if (const T *value = std::get_if<T>(found)) {
    *out = *value;
    return PFHOST_OK;
  }
  return PFHOST_E_INVALID_ARGUMENT;
}

pfhost_status TestHost::get_string(void *ctx, const char *key, const char **out) {
  const Value *found = host_of(ctx).find(key);
  if (found == nullptr) return PFHOST_E_NOT_FOUND;
  const auto *value = std::get_if<std::string>(found);
  if (value == nullptr) return PFHOST_E_INVALID_ARGUMENT;
  *out = value->c_str();
  return PFHOST_OK;
}
pfhost_status TestHost::get_int(void *ctx, const char *key, int64_t *out) {
  return lookup(ctx, key, out);
}
pfhost_status TestHost::get_double(void *ctx, const char *key, double *out) {
  int64_t integer = 0;  // integers convert, as the host API promises
  if (lookup(ctx, key, &integer) == PFHOST_OK) {
    *out = static_cast<double>(integer);
    return PFHOST_OK;
  }
  return lookup(ctx, key, out);
}
pfhost_status TestHost::get_bool(void *ctx, const char *key, int32_t *out) {
  bool value = false;
  const pfhost_status status = lookup(ctx, key, &value);
  if (status == PFHOST_OK) *out = value ? 1 : 0;
  return status;
}
const char *TestHost::key_at(void *ctx, uint32_t index) {
  const auto &keys = host_of(ctx).keys_;
  return index < keys.size() ? keys[index].c_str() : nullptr;
}
uint64_t TestHost::now_ns(void *) {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

const LoadedPlugin &loaded_plugin() {
  static const LoadedPlugin plugin = load();
  return plugin;
}

PluginInstance::PluginInstance(const TestHost &host) {
  ReasonBuffer reason;
  const pfhost_status status =
      loaded_plugin().descriptor->init(host.api(), &context_, &reason.reason);
  init_ = result_of(status, reason);
}

PluginInstance::~PluginInstance() {
  const pfhost_plugin_descriptor *descriptor = loaded_plugin().descriptor;
  if (init_.status == PFHOST_OK && PFHOST_HAS_MEMBER(descriptor, deinit))
    descriptor->deinit(context_);
}

Result PluginInstance::probe() const {
  ReasonBuffer reason;
  const pfhost_status status = loaded_plugin().backend->probe(context_, &reason.reason);
  return result_of(status, reason);
}

Result PluginInstance::query_caps(pfhost_encoder_caps &caps) const {
  ReasonBuffer reason;
  const pfhost_status status = loaded_plugin().encode->query_caps(context_, &caps, &reason.reason);
  return result_of(status, reason);
}

pfhost_encoder_params default_params(pfhost_codec codec, uint32_t width, uint32_t height,
                                     uint32_t bitrate_kbps) {
  pfhost_encoder_params params{};
  params.struct_size = sizeof params;
  params.codec = codec;
  params.width = width;
  params.height = height;
  params.framerate_num = 30;
  params.framerate_den = 1;
  params.bitrate_kbps = bitrate_kbps;
  params.rate_control = PFHOST_RATE_CONTROL_CBR;
  params.gop_length = 0;
  params.bit_depth = 8;
  params.chroma = PFHOST_CHROMA_420;
  params.low_latency = 1;
  params.input_memory = PFHOST_MEMORY_CPU;
  params.input_format = PFHOST_PIXEL_FORMAT_BGRX;
  return params;
}

Encoder::Encoder(const PluginInstance &plugin, const pfhost_encoder_params &params)
    : vtable_(loaded_plugin().encode) {
  ReasonBuffer reason;
  const pfhost_status status = vtable_->open(plugin.context(), &params, &encoder_, &reason.reason);
  open_ = result_of(status, reason);
  if (status != PFHOST_OK) encoder_ = nullptr;
}

Encoder::~Encoder() {
  if (encoder_ != nullptr) vtable_->close(encoder_);
}

Result Encoder::submit(const pfhost_frame &frame, uint32_t flags) {
  ReasonBuffer reason;
  const pfhost_status status = vtable_->submit(encoder_, &frame, flags, &reason.reason);
  return result_of(status, reason);
}

std::vector<Packet> Encoder::receive_all() {
  std::vector<Packet> packets;
  for (;;) {
    ReasonBuffer reason;
    pfhost_packet packet{};
    packet.struct_size = sizeof packet;
    const pfhost_status status = vtable_->receive(encoder_, &packet, &reason.reason);
    if (status == PFHOST_E_AGAIN) break;
    if (status != PFHOST_OK)
      throw std::runtime_error("receive failed (" + std::to_string(status) + "): " + reason.text);
    packets.push_back(Packet{std::vector<uint8_t>(packet.data, packet.data + packet.size),
                             (packet.flags & PFHOST_PACKET_FLAG_KEYFRAME) != 0, packet.pts_ns,
                             packet.frame_sequence});
  }
  return packets;
}

Result Encoder::flush() {
  ReasonBuffer reason;
  const pfhost_status status = vtable_->flush(encoder_, &reason.reason);
  return result_of(status, reason);
}

std::vector<Packet> Encoder::drain() {
  const Result flushed = flush();
  if (flushed.status != PFHOST_OK) throw std::runtime_error("flush failed: " + flushed.reason);
  return receive_all();
}

pfhost_status Encoder::set_bitrate(uint32_t bitrate_kbps) {
  return vtable_->set_bitrate(encoder_, bitrate_kbps);
}

std::vector<pfhost_codec> advertised_codecs() {
  TestHost host;
  PluginInstance plugin(host);
  pfhost_encoder_caps caps{};
  caps.struct_size = sizeof caps;
  if (plugin.query_caps(caps).status != PFHOST_OK) return {};
  std::vector<pfhost_codec> codecs;
  for (pfhost_codec codec : {PFHOST_CODEC_H264, PFHOST_CODEC_HEVC, PFHOST_CODEC_AV1})
    if ((caps.codecs & (1u << codec)) != 0) codecs.push_back(codec);
  return codecs;
}

const char *codec_name(pfhost_codec codec) {
  switch (codec) {
    case PFHOST_CODEC_H264:
      return "H264";
    case PFHOST_CODEC_HEVC:
      return "HEVC";
    case PFHOST_CODEC_AV1:
      return "AV1";
    default:
      return "none";
  }
}

bool packet_per_submit(pfhost_codec codec) {
  return codec != PFHOST_CODEC_AV1;
}

uint32_t frame_budget(pfhost_codec codec, uint32_t h264_frames, uint32_t minimum) {
  if (codec == PFHOST_CODEC_H264) return h264_frames;
  return h264_frames / 3 > minimum ? h264_frames / 3 : minimum;
}

}  // namespace pfhost::software::test
