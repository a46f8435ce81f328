#include "capture_stream.hpp"

#include "format_offer.hpp"

#include <fcntl.h>
#include <spa/buffer/meta.h>
#include <spa/param/format-utils.h>
#include <spa/param/video/format-utils.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <utility>

namespace pfhost::pipewire {
namespace {

// Log the 1st, 2nd, 4th, 8th... occurrence: a stuck pipeline says why without flooding.
bool worth_logging(uint64_t count) {
  return (count & (count - 1)) == 0;
}

}  // namespace

CaptureStream::CaptureStream(pw_core *core, StreamOptions options,
                             std::shared_ptr<FrameHandover> handover, DiagnosticsBoard &diagnostics,
                             const pfhost::Host &host)
    : options_(std::move(options)),
      handover_(std::move(handover)),
      diagnostics_(diagnostics),
      host_(host) {
  pw_properties *props = pw_properties_new(
      PW_KEY_MEDIA_TYPE, "Video", PW_KEY_MEDIA_CATEGORY, "Capture", PW_KEY_MEDIA_ROLE, "Screen",
      // Never let the session manager re-link this stream to another source when its target
      // goes away: an orphaned screen-capture stream linked to a fresh source can wedge it.
      PW_KEY_NODE_DONT_RECONNECT, "true", PW_KEY_NODE_NAME, "pfhost-capture", PW_KEY_APP_NAME,
      "pfhost", nullptr);
  if (props == nullptr) throw pfhost::Error(PFHOST_E_NO_MEMORY, "pw_properties_new failed");
  // Current session managers match target.object against object.serial; the target id passed
  // to pw_stream_connect() below (node.target) is what older ones and portals use.
  if (!options_.target_serial.empty())
    pw_properties_set(props, PW_KEY_TARGET_OBJECT, options_.target_serial.c_str());

  stream_ = pw_stream_new(core, "pfhost-capture", props);  // takes ownership of props
  if (stream_ == nullptr)
    throw pfhost::Error(PFHOST_E_INTERNAL,
                        std::string("pw_stream_new failed: ") + std::strerror(errno));
  static const pw_stream_events events = [] {
    pw_stream_events e{};
    e.version = PW_VERSION_STREAM_EVENTS;
    e.state_changed = &CaptureStream::on_state_changed;
    e.param_changed = &CaptureStream::on_param_changed;
    e.add_buffer = &CaptureStream::on_add_buffer;
    e.remove_buffer = &CaptureStream::on_remove_buffer;
    e.process = &CaptureStream::on_process;
    return e;
  }();
  pw_stream_add_listener(stream_, &listener_, &events, this);
  lender_ = std::make_shared<BufferLender>(
      pw_context_get_main_loop(pw_core_get_context(core)),
      [this](pw_buffer *buffer) { pw_stream_queue_buffer(stream_, buffer); });

  PodList offers;
  FormatOfferRequest request;
  request.mode = options_.mode;
  request.accepted_formats = options_.accepted_formats;
  request.dmabuf_modifiers = options_.dmabuf_modifiers;
  add_format_offers(offers, request);
  const int res = pw_stream_connect(
      stream_, PW_DIRECTION_INPUT, options_.node_id,
      static_cast<pw_stream_flags>(PW_STREAM_FLAG_AUTOCONNECT | PW_STREAM_FLAG_MAP_BUFFERS),
      offers.pods().data(), static_cast<uint32_t>(offers.pods().size()));
  if (res < 0) {
    lender_->detach();
    spa_hook_remove(&listener_);
    pw_stream_destroy(stream_);
    stream_ = nullptr;
    throw pfhost::Error(PFHOST_E_IO, "cannot connect a PipeWire stream to node " +
                                         std::to_string(options_.node_id) + ": " +
                                         std::strerror(-res));
  }
}

CaptureStream::~CaptureStream() {
  closing_ = true;  // our own disconnect is not "the source went away"
  // Frames still held by the host keep their fds; their buffers are the producer's again.
  if (lender_ != nullptr) lender_->detach();
  if (stream_ != nullptr) {
    pw_stream_disconnect(stream_);  // emits remove_buffer for every buffer
    spa_hook_remove(&listener_);
    pw_stream_destroy(stream_);
  }
}

void CaptureStream::set_active(bool active) {
  active_.store(active, std::memory_order_relaxed);
  if (stream_ != nullptr) pw_stream_set_active(stream_, active);
}

uint64_t CaptureStream::now_ns() const noexcept {
  if (host_.api().now_ns != nullptr) return host_.now_ns();
  timespec ts{};  // a host without a clock: CLOCK_MONOTONIC is what hosts use on Linux
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000u + static_cast<uint64_t>(ts.tv_nsec);
}

// --- C callbacks: nothing may unwind into PipeWire's C code ------------------------------------

void CaptureStream::on_state_changed(void *data, pw_stream_state /*old*/, pw_stream_state state,
                                     const char *error) {
  auto *self = static_cast<CaptureStream *>(data);
  try {
    const char *name = pw_stream_state_as_string(state);
    self->diagnostics_.update([&](CaptureDiagnostics &d) { d.stream_state = name; });
    self->host_.debug(std::string("stream for node ") + std::to_string(self->options_.node_id) +
                      ": " + name + (error != nullptr ? std::string(" (") + error + ")" : ""));
    if (self->closing_) return;
    const std::string node = std::to_string(self->options_.node_id);
    if (state == PW_STREAM_STATE_ERROR) {
      self->handover_->close("PipeWire stream for node " + node +
                             " failed: " + (error != nullptr ? error : "unknown error"));
    } else if (state == PW_STREAM_STATE_UNCONNECTED) {
      // With node.dont-reconnect the session manager drops a stream it cannot (or can no longer)
      // link; before any format that usually means the target is no video source.
      std::string reason = "PipeWire stream for node " + node + " was disconnected";
      if (error != nullptr) reason += std::string(": ") + error;
      if (!self->diagnostics_.snapshot().ever_negotiated)
        reason += " before a format was negotiated (is node " + node +
                  " a video source? the session manager could not link it)";
      self->handover_->close(std::move(reason));
    }
  } catch (...) {
  }
}

void CaptureStream::on_param_changed(void *data, uint32_t id, const spa_pod *param) {
  try {
    static_cast<CaptureStream *>(data)->param_changed(id, param);
  } catch (...) {
  }
}

void CaptureStream::on_add_buffer(void *data, pw_buffer *buffer) {
  auto *self = static_cast<CaptureStream *>(data);
  buffer->user_data = nullptr;
  if (buffer->buffer == nullptr || buffer->buffer->n_datas == 0) return;
  // Dma-bufs handed through as fds are never read by us: no mapping for them.
  const bool passthrough = self->dmabuf_format_ && !self->options_.dmabuf_modifiers.empty();
  if (passthrough && buffer->buffer->datas[0].type == SPA_DATA_DmaBuf) return;
  try {
    auto mapping = std::make_unique<BufferMapping>(buffer->buffer->datas[0]);
    buffer->user_data = mapping.get();
    self->mappings_.push_back(std::move(mapping));
  } catch (...) {  // no mapping: its frames are skipped as "not mapped"
  }
}

void CaptureStream::on_remove_buffer(void *data, pw_buffer *buffer) {
  auto *self = static_cast<CaptureStream *>(data);
  auto *mapping = static_cast<BufferMapping *>(buffer->user_data);
  buffer->user_data = nullptr;
  self->lender_->forget(buffer);
  std::erase_if(self->mappings_, [&](const auto &m) { return m.get() == mapping; });
}

void CaptureStream::on_process(void *data) {
  try {
    static_cast<CaptureStream *>(data)->process();
  } catch (...) {
  }
}

// --- negotiation -------------------------------------------------------------------------------

void CaptureStream::param_changed(uint32_t id, const spa_pod *param) {
  if (id != SPA_PARAM_Format) return;
  if (param == nullptr) {  // the format was cleared: unlinked, or about to renegotiate
    format_ = nullptr;
    diagnostics_.update([](CaptureDiagnostics &d) { d.negotiated = false; });
    return;
  }
  uint32_t media_type = 0;
  uint32_t media_subtype = 0;
  if (spa_format_parse(param, &media_type, &media_subtype) < 0 ||
      media_type != SPA_MEDIA_TYPE_video || media_subtype != SPA_MEDIA_SUBTYPE_raw)
    return;
  spa_video_info_raw info{};
  if (spa_format_video_raw_parse(param, &info) < 0) return;

  format_ = find_by_spa(info.format);
  if (format_ == nullptr) {  // cannot happen with our offers, but never misread pixels
    host_.error("PipeWire negotiated a video format this capturer does not handle (spa id " +
                std::to_string(info.format) + "); frames will be skipped");
    return;
  }
  // A size change mid-stream arrives here too: later frames simply carry the new geometry and
  // the hand-over's slots grow on their next use.
  geometry_ = {info.size.width, info.size.height, format_->bytes_per_pixel};
  dmabuf_format_ = (info.flags & SPA_VIDEO_FLAG_MODIFIER) != 0;
  modifier_ = info.modifier;
  diagnostics_.update([&](CaptureDiagnostics &d) {
    d.negotiated = true;
    d.ever_negotiated = true;
    d.width = geometry_.width;
    d.height = geometry_.height;
    d.format_name = format_->name.data();
    d.dmabuf = dmabuf_format_;
    d.modifier = modifier_;
  });
  host_.info("PipeWire node " + std::to_string(options_.node_id) + ": negotiated " +
             describe_format(diagnostics_.snapshot()));

  PodList params;
  add_buffer_params(params, dmabuf_format_);
  pw_stream_update_params(stream_, params.pods().data(),
                          static_cast<uint32_t>(params.pods().size()));
}

// --- frames ------------------------------------------------------------------------------------

void CaptureStream::process() {
  // Keep only the newest buffer: Mutter delivers in bursts and recycles its pool, so an older
  // queued buffer holds a stale picture. The older ones go straight back to the producer.
  pw_buffer *newest = pw_stream_dequeue_buffer(stream_);
  if (newest == nullptr) return;
  while (pw_buffer *next = pw_stream_dequeue_buffer(stream_)) {
    pw_stream_queue_buffer(stream_, newest);
    newest = next;
  }
  const uint64_t now = now_ns();  // host clock at dequeue
  bool lent = false;
  try {
    lent = handle_buffer(*newest, now);
  } catch (...) {  // e.g. bad_alloc growing a slot: drop this frame, keep the buffer flowing
    skip(BufferVerdict::kNotMapped);
  }
  if (!lent) pw_stream_queue_buffer(stream_, newest);
}

bool CaptureStream::handle_buffer(pw_buffer &buffer, uint64_t now) {
  diagnostics_.update([](CaptureDiagnostics &d) { ++d.buffers_received; });
  if (!active_.load(std::memory_order_relaxed)) return false;  // paused: no copy
  const spa_buffer *buf = buffer.buffer;
  if (buf == nullptr || buf->n_datas == 0 || buf->datas == nullptr) {
    skip(BufferVerdict::kNotMapped);
    return false;
  }
  if (format_ == nullptr) {
    skip(BufferVerdict::kBadGeometry);
    return false;
  }
  const spa_data &data = buf->datas[0];
  ChunkDescription chunk;
  if (data.chunk != nullptr) {
    chunk.offset = data.chunk->offset;
    chunk.size = data.chunk->size;
    chunk.stride = data.chunk->stride;
    chunk.chunk_flags = static_cast<uint32_t>(data.chunk->flags);
  }
  const auto *header = static_cast<const spa_meta_header *>(spa_buffer_find_meta_data(
      const_cast<spa_buffer *>(buf), SPA_META_Header, sizeof(spa_meta_header)));
  if (header != nullptr) chunk.header_flags = header->flags;
  chunk.is_dmabuf = data.type == SPA_DATA_DmaBuf;

  if (dmabuf_format_ && chunk.is_dmabuf && !options_.dmabuf_modifiers.empty())
    return deliver_dmabuf(buffer, chunk, now);
  deliver_cpu(buffer, chunk, now);
  return false;
}

void CaptureStream::deliver_cpu(pw_buffer &buffer, const ChunkDescription &chunk, uint64_t now) {
  const spa_data &data = buffer.buffer->datas[0];
  const auto *mapping = static_cast<const BufferMapping *>(buffer.user_data);
  const MappedRegion region = mapping != nullptr ? mapping->region(data) : MappedRegion{};
  CopyPlan plan;
  if (const BufferVerdict v = plan_cpu_copy(geometry_, chunk, region, &plan);
      v != BufferVerdict::kOk) {
    skip(v);
    return;
  }
  const uint64_t sequence = ++sequence_;
  diagnostics_.update([](CaptureDiagnostics &d) { ++d.frames_accepted; });
  FrameSlot *slot = handover_->begin_write();
  if (slot == nullptr) return;  // the host holds every slot: dropped (a sequence gap says so)
  std::span<uint8_t> pixels;
  try {
    pixels = slot->memory().reserve_pixels(plan.packed_size());
  } catch (...) {
    handover_->abandon(slot);
    throw;
  }
  {
    const DmabufReadAccess access(chunk.is_dmabuf ? static_cast<int>(data.fd) : -1);
    if (access.sync_error() != 0) note_sync_failure(access.sync_error());
    copy_packed(plan, pixels);
  }
  pfhost_frame &frame = slot->frame();
  frame.memory = PFHOST_MEMORY_CPU;
  frame.pixel_format = format_->pixel;
  frame.width = geometry_.width;
  frame.height = geometry_.height;
  frame.plane_count = 1;
  frame.timestamp_ns = now;
  frame.sequence = sequence;
  frame.u.cpu.data[0] = pixels.data();
  frame.u.cpu.stride[0] = static_cast<uint32_t>(plan.row_bytes);
  handover_->publish(slot);
}

// A failed DMA_BUF_IOCTL_SYNC leaves the copy as it is (the read may race the GPU's writes, which
// a CPU copy of a dma-buf cannot help); saying so once per stream explains torn frames.
void CaptureStream::note_sync_failure(int error) {
  if (sync_failure_logged_) return;
  sync_failure_logged_ = true;
  host_.warn("PipeWire node " + std::to_string(options_.node_id) +
             ": DMA_BUF_IOCTL_SYNC failed on a dma-buf buffer (" + std::strerror(error) +
             "); copying its frames without cache synchronisation (said once per stream)");
}

bool CaptureStream::deliver_dmabuf(pw_buffer &pw_buf, const ChunkDescription &chunk, uint64_t now) {
  const spa_buffer &buffer = *pw_buf.buffer;
  if (const BufferVerdict v = check_chunk_flags(chunk); v != BufferVerdict::kOk) {
    skip(v);
    return false;
  }
  // The fds are dup()ed so they stay valid until the host releases the frame, even after the
  // stream is gone; the buffer itself stays away from the producer until then (lent).
  const uint32_t planes = std::min<uint32_t>(buffer.n_datas, PFHOST_MAX_PLANES);
  std::array<int, PFHOST_MAX_PLANES> fds{-1, -1, -1, -1};
  for (uint32_t i = 0; i < planes; ++i) {
    fds[i] = ::fcntl(static_cast<int>(buffer.datas[i].fd), F_DUPFD_CLOEXEC, 3);
    if (fds[i] < 0) {
      for (int fd : fds)
        if (fd >= 0) ::close(fd);
      skip(BufferVerdict::kNotMapped);
      return false;
    }
  }
  const uint64_t sequence = ++sequence_;
  diagnostics_.update([](CaptureDiagnostics &d) { ++d.frames_accepted; });
  FrameSlot *slot = handover_->begin_write();
  if (slot == nullptr) {
    for (int fd : fds)
      if (fd >= 0) ::close(fd);
    return false;
  }
  slot->memory().adopt_fds(std::span<const int>(fds.data(), planes));
  slot->memory().hold_lease(lender_, lender_->lend(&pw_buf));
  pfhost_frame &frame = slot->frame();
  frame.memory = PFHOST_MEMORY_DMABUF;
  frame.pixel_format = format_->pixel;
  frame.width = geometry_.width;
  frame.height = geometry_.height;
  frame.plane_count = planes;
  frame.timestamp_ns = now;
  frame.sequence = sequence;
  for (uint32_t i = 0; i < planes; ++i) {
    const spa_chunk *c = buffer.datas[i].chunk;
    frame.u.dmabuf.fd[i] = fds[i];
    frame.u.dmabuf.offset[i] = c != nullptr ? c->offset : 0;
    frame.u.dmabuf.stride[i] = c != nullptr && c->stride > 0 ? static_cast<uint32_t>(c->stride) : 0;
  }
  frame.u.dmabuf.drm_fourcc = format_->drm_fourcc;
  frame.u.dmabuf.modifier = modifier_;
  handover_->publish(slot);
  return true;
}

void CaptureStream::skip(BufferVerdict verdict) {
  const char *reason = describe(verdict);
  diagnostics_.update([&](CaptureDiagnostics &d) {
    ++d.buffers_skipped;
    d.last_skip_reason = reason;
  });
  if (worth_logging(++skipped_))
    host_.debug("PipeWire node " + std::to_string(options_.node_id) + ": skipped buffer (" +
                reason + "), " + std::to_string(skipped_) + " so far");
}

}  // namespace pfhost::pipewire
