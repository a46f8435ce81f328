// An in-test PipeWire video producer (libpipewire, its own thread loop) whose buffers the test
// controls: solid BGRx pictures with garbage in the row padding, buffers flagged CORRUPTED (header
// meta or chunk) or with chunk size 0, and a size change mid-stream (renegotiation). Lets the
// integration tests exercise what compositors do without running one.
//
// Its dma-buf mode stands in for a GPU compositor on a machine without one: it allocates its own
// buffers (PW_STREAM_FLAG_ALLOC_BUFFERS) as memfds and announces them as SPA_DATA_DmaBuf, with a
// stride rounded up to 256 bytes as GPU allocators do, and offers a format carrying a DRM modifier
// first (taken by consumers that offer one) and a plain one after it. PipeWire hands such fds
// through untouched, so the consumer sees what a real dma-buf producer sends, except that
// DMA_BUF_IOCTL_SYNC on a memfd fails with ENOTTY. Its pictures are frame_number_pattern.hpp.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

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

  // Shared memory (PipeWire allocates) or memfd-backed "dma-bufs" (we allocate).
  enum class Memory { kMemFd, kDmabuf };
  static constexpr uint64_t kModifierLinear = 0;  // DRM_FORMAT_MOD_LINEAR

  // Connects to the default daemon (the test's PipeWireEnvironment), creates a Video/Source node
  // producing WxH BGRx at `fps` (0: only when send_frame() says so), rows padded by `row_padding`
  // bytes (kDmabuf: rows rounded up to 256 bytes instead, and `modifier` offered). Throws
  // std::runtime_error.
  SyntheticVideoSource(std::string node_name, uint32_t width, uint32_t height,
                       uint32_t row_padding = 0, uint32_t fps = 30, Memory memory = Memory::kMemFd,
                       uint64_t modifier = kModifierLinear);
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
  // Sends the next frame now; false when there is no format or no free buffer yet. Lets a test
  // pace the producer by what it has received, so a frame missing at the consumer is a real loss.
  bool send_frame();
  // Bytes per row of the buffers (picture plus padding) at the negotiated size.
  uint32_t stride() const noexcept;
  // kDmabuf: whether the agreed format carries the modifier (a consumer offered one).
  bool modifier_negotiated() const noexcept { return modifier_negotiated_; }
  // kDmabuf: inode numbers of the memfds behind the buffers we allocated (empty before the
  // buffers exist), for tests that check a frame's fd is one of them.
  std::vector<uint64_t> buffer_inodes() const;

 private:
  static void on_param_changed(void *data, uint32_t id, const struct spa_pod *param);
  static void on_state_changed(void *data, pw_stream_state old, pw_stream_state state,
                               const char *error);
  static void on_timeout(void *data, uint64_t expirations);
  static void on_add_buffer(void *data, pw_buffer *buffer);
  static void on_remove_buffer(void *data, pw_buffer *buffer);
  void offer_format();
  bool produce();
  void write_picture(uint8_t *bytes, uint32_t stride);

  pw_thread_loop *loop_ = nullptr;
  pw_context *context_ = nullptr;
  pw_core *core_ = nullptr;
  pw_stream *stream_ = nullptr;
  spa_source *timer_ = nullptr;
  spa_hook listener_{};
  uint32_t node_id_ = 0;
  uint32_t fps_;
  uint32_t row_padding_;
  Memory memory_;
  uint64_t modifier_;
  // Offered size (changed by resize) and negotiated size (param_changed), loop thread.
  uint32_t offer_width_;
  uint32_t offer_height_;
  uint32_t width_ = 0;
  uint32_t height_ = 0;
  std::atomic<uint32_t> colour_{0x00FF0000};  // 0x00RRGGBB
  std::atomic<Damage> damage_{Damage::kNone};
  std::atomic<uint64_t> frames_sent_{0};
  std::atomic<bool> modifier_negotiated_{false};
  std::vector<uint64_t> inodes_;  // kDmabuf, loop thread (buffer_inodes() takes the lock)
  bool failed_ = false;
};

}  // namespace pfhost::test
