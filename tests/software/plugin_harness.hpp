// Loads pfhost-software.so the way the host does (dlopen + pfhost_plugin_entry + init with a
// host API) and wraps the encode vtable for tests. Nothing here links against the plugin.
#pragma once

#include <pfhost/plugin.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

namespace pfhost::software::test {

// The host services a test hands the plugin: a config table and a logger that records lines.
class TestHost {
 public:
  using Value = std::variant<std::string, int64_t, double, bool>;

  explicit TestHost(std::map<std::string, Value> config = {});
  TestHost(const TestHost &) = delete;
  TestHost &operator=(const TestHost &) = delete;

  const pfhost_host_api *api() const noexcept { return &api_; }
  std::vector<std::string> logs() const;
  // The value of a config key, or nullptr.
  const Value *find(const char *key) const;

 private:
  static void log(void *ctx, int32_t level, const char *message);
  static pfhost_status get_string(void *ctx, const char *key, const char **out);
  static pfhost_status get_int(void *ctx, const char *key, int64_t *out);
  static pfhost_status get_double(void *ctx, const char *key, double *out);
  static pfhost_status get_bool(void *ctx, const char *key, int32_t *out);
  static const char *key_at(void *ctx, uint32_t index);
  static uint64_t now_ns(void *ctx);

  std::map<std::string, Value> config_;
  std::vector<std::string> keys_;
  mutable std::mutex mutex_;
  std::vector<std::string> logs_;
  pfhost_host_api api_{};
};

// The library's descriptor and its `software` backend (loaded once, never unloaded).
struct LoadedPlugin {
  pfhost_plugin_entry_fn entry;
  const pfhost_plugin_descriptor *descriptor;
  const pfhost_backend *backend;
  const pfhost_encode_vtable *encode;
};
const LoadedPlugin &loaded_plugin();

// A status with the reason the plugin wrote.
struct Result {
  pfhost_status status;
  std::string reason;
};

// The plugin initialised with one TestHost.
class PluginInstance {
 public:
  explicit PluginInstance(const TestHost &host);
  // deinit (ABI 1.1) after a successful init, as the host does at exit: the plugin frees its
  // context, which LeakSanitizer checks in the sanitizer builds. Close the encoders first.
  ~PluginInstance();
  PluginInstance(const PluginInstance &) = delete;
  PluginInstance &operator=(const PluginInstance &) = delete;
  const Result &init_result() const noexcept { return init_; }
  void *context() const noexcept { return context_; }
  Result probe() const;
  Result query_caps(pfhost_encoder_caps &caps) const;

 private:
  Result init_{};
  void *context_ = nullptr;
};

// An encoded packet, copied out of the plugin's buffer.
struct Packet {
  std::vector<uint8_t> data;
  bool keyframe;
  uint64_t pts_ns;
  uint64_t frame_sequence;
};

// Encoder parameters for tests: CBR, infinite GOP, low latency, BGRX CPU input.
pfhost_encoder_params default_params(pfhost_codec codec, uint32_t width, uint32_t height,
                                     uint32_t bitrate_kbps = 2000);

class Encoder {
 public:
  // Opens an encoder; check ok() / open_result() before using it.
  Encoder(const PluginInstance &plugin, const pfhost_encoder_params &params);
  ~Encoder();
  Encoder(const Encoder &) = delete;
  Encoder &operator=(const Encoder &) = delete;

  bool ok() const noexcept { return encoder_ != nullptr; }
  const Result &open_result() const noexcept { return open_; }

  Result submit(const pfhost_frame &frame, uint32_t flags = 0);
  // Every packet ready now, in order.
  std::vector<Packet> receive_all();
  Result flush();
  // flush() and every packet that was still inside the encoder.
  std::vector<Packet> drain();
  pfhost_status set_bitrate(uint32_t bitrate_kbps);

 private:
  const pfhost_encode_vtable *vtable_;
  pfhost_encoder *encoder_ = nullptr;
  Result open_{};
};

// Codecs the plugin advertises in query_caps, for parameterised tests.
std::vector<pfhost_codec> advertised_codecs();
const char *codec_name(pfhost_codec codec);

// Whether the codec's packet is ready as soon as submit() returns. SVT-AV1 1.4 (Debian 12) keeps
// two or three frames in its pipeline even in low-delay mode; x264 and x265 do not.
bool packet_per_submit(pfhost_codec codec);

// How many frames a test can afford: x265 and SVT-AV1 are several times slower than x264 on the
// two shared cores the suite runs on, so they get about a third (at least `minimum`).
uint32_t frame_budget(pfhost_codec codec, uint32_t h264_frames, uint32_t minimum = 3);

}  // namespace pfhost::software::test
