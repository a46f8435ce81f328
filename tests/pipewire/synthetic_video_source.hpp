// An in-test PipeWire video producer (libpipewire, its own thread loop) whose buffers the test
// controls: solid BGRx pictures with garbage in the row padding, buffers flagged CORRUPTED (header
// meta or chunk) or with chunk size 0, and a size change mid-stream (renegotiation). Lets the
// integration tests exercise what compositors do without running one.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include <pipewire/pipewire.h>

namespace pfhost::test {

class SyntheticVideoSource {
 public:
  enum class Damage {
    kNone,             // good frames
    kCorruptedHeader,  // SPA_META_HEADER_FLAG_CORRUPTED
    kCorruptedChunk,   // SPA_CHUNK_FLAG_CORRUPTED
    kEmptyChunk,       // chunk size 0 (a cursor-only update)
  };

  // Connects to the default daemon (the test's PipeWireEnvironment), creates a Video/Source node
  // producing WxH BGRx at `fps`, rows padded by `row_padding` bytes. Throws std::runtime_error.
  SyntheticVideoSource(std::string node_name, uint32_t width, uint32_t height,
                       uint32_t row_padding = 0, uint32_t fps = 30);
  ~SyntheticVideoSource();
  SyntheticVideoSource(const SyntheticVideoSource &) = delete;
  SyntheticVideoSource &operator=(const SyntheticVideoSource &) = delete;

  uint32_t node_id() const noexcept { return node_id_; }
  // Pixel colour of the next frames (bytes B, G, R).
  void set_colour(uint8_t b, uint8_t g, uint8_t r) noexcept;
  void set_damage(Damage damage) noexcept { damage_ = damage; }
  // Offers only the new size: the link renegotiates, later frames have it.
  void resize(uint32_t width, uint32_t height);
  uint64_t frames_sent() const noexcept { return frames_sent_; }

 private:
  static void on_param_changed(void *data, uint32_t id, const struct spa_pod *param);
  static void on_state_changed(void *data, pw_stream_state old, pw_stream_state state,
                               const char *error);
  static void on_timeout(void *data, uint64_t expirations);
  void offer_format();
  void produce();

  pw_thread_loop *loop_ = nullptr;
  pw_context *context_ = nullptr;
  pw_core *core_ = nullptr;
  pw_stream *stream_ = nullptr;
  spa_source *timer_ = nullptr;
  spa_hook listener_{};
  uint32_t node_id_ = 0;
  uint32_t fps_;
  uint32_t row_padding_;
  // Offered size (changed by resize) and negotiated size (param_changed), loop thread.
  uint32_t offer_width_;
  uint32_t offer_height_;
  uint32_t width_ = 0;
  uint32_t height_ = 0;
  std::atomic<uint32_t> colour_{0x00FF0000};  // 0x00RRGGBB
  std::atomic<Damage> damage_{Damage::kNone};
  std::atomic<uint64_t> frames_sent_{0};
  bool failed_ = false;
};

}  // namespace pfhost::test
