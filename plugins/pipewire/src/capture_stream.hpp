// The consumer pw_stream of one capture: connects to the target node, negotiates the format and
// turns each newest buffer into a frame in the hand-over.
//
// Lives on the connection's loop thread: construct, destroy and call set_active() with the loop
// lock held; every callback below runs on the loop thread. It never blocks there: buffers are
// queued straight back (a dma-buf handed through as a frame: once that frame is done with) and
// frames leave through the drop-oldest FrameHandover.
#pragma once

#include "buffer_copy.hpp"
#include "buffer_lender.hpp"
#include "buffer_mapping.hpp"
#include "capture_diagnostics.hpp"
#include "frame_memory.hpp"
#include "video_format.hpp"

#include <pfhost/plugin.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <pipewire/pipewire.h>

namespace pfhost::pipewire {

struct StreamOptions {
  uint32_t node_id = 0;
  std::string target_serial;  // object.serial of the node, when the registry told us
  pfhost_mode mode{};
  uint64_t accepted_formats = 0;
  // Non-empty: offer dma-buf with these modifiers and hand dma-buf frames through as fds.
  std::vector<uint64_t> dmabuf_modifiers;
};

class CaptureStream {
 public:
  // Creates and connects the stream. Throws pfhost::Error. [loop lock held]
  CaptureStream(pw_core *core, StreamOptions options, std::shared_ptr<FrameHandover> handover,
                DiagnosticsBoard &diagnostics, const pfhost::Host &host);
  // Disconnects and destroys the stream. [loop lock held, or the loop stopped]
  ~CaptureStream();
  CaptureStream(const CaptureStream &) = delete;
  CaptureStream &operator=(const CaptureStream &) = delete;

  // pw_stream_set_active: a paused stream makes the producer skip us. [loop lock held]
  void set_active(bool active);

 private:
  static void on_state_changed(void *data, pw_stream_state old, pw_stream_state state,
                               const char *error);
  static void on_param_changed(void *data, uint32_t id, const spa_pod *param);
  static void on_add_buffer(void *data, pw_buffer *buffer);
  static void on_remove_buffer(void *data, pw_buffer *buffer);
  static void on_process(void *data);

  void param_changed(uint32_t id, const spa_pod *param);
  void process();
  // Both return true when the buffer went out with a frame (lent until the frame is done with).
  bool handle_buffer(pw_buffer &buffer, uint64_t now_ns);
  void deliver_cpu(pw_buffer &buffer, const ChunkDescription &chunk, uint64_t now_ns);
  bool deliver_dmabuf(pw_buffer &buffer, const ChunkDescription &chunk, uint64_t now_ns);
  void note_sync_failure(int error);
  void skip(BufferVerdict verdict);
  uint64_t now_ns() const noexcept;

  StreamOptions options_;
  std::shared_ptr<FrameHandover> handover_;
  DiagnosticsBoard &diagnostics_;
  pfhost::Host host_;
  pw_stream *stream_ = nullptr;
  spa_hook listener_{};
  std::shared_ptr<BufferLender> lender_;  // shared with the frames that hold its leases
  bool closing_ = false;
  std::atomic<bool> active_{true};

  // The agreed format (loop thread only).
  const VideoFormat *format_ = nullptr;
  FrameGeometry geometry_{};
  bool dmabuf_format_ = false;
  uint64_t modifier_ = 0;

  uint64_t sequence_ = 0;  // per accepted buffer; a gap in handed-out frames = drops
  uint64_t skipped_ = 0;
  bool sync_failure_logged_ = false;
  std::vector<std::unique_ptr<BufferMapping>> mappings_;  // one per pw_buffer (its user_data)
};

}  // namespace pfhost::pipewire
