#include "synthetic_video_source.hpp"

#include "frame_number_pattern.hpp"

#include <spa/buffer/meta.h>
#include <spa/param/buffers.h>
#include <spa/param/video/format-utils.h>
#include <spa/pod/builder.h>

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <optional>
#include <stdexcept>

namespace pfhost::test {
namespace {

class Lock {
 public:
  explicit Lock(pw_thread_loop *loop) : loop_(loop) { pw_thread_loop_lock(loop_); }
  ~Lock() { pw_thread_loop_unlock(loop_); }

 private:
  pw_thread_loop *loop_;
};

// With a modifier the property is MANDATORY: only a consumer that offers modifiers (dma-buf
// passthrough) matches this format; the others take the plain one offered after it.
const spa_pod *build_format(spa_pod_builder *b, uint32_t width, uint32_t height, uint32_t fps,
                            std::optional<uint64_t> modifier = std::nullopt) {
  spa_pod_frame f{};
  spa_pod_builder_push_object(b, &f, SPA_TYPE_OBJECT_Format, SPA_PARAM_EnumFormat);
  spa_pod_builder_prop(b, SPA_FORMAT_mediaType, 0);
  spa_pod_builder_id(b, SPA_MEDIA_TYPE_video);
  spa_pod_builder_prop(b, SPA_FORMAT_mediaSubtype, 0);
  spa_pod_builder_id(b, SPA_MEDIA_SUBTYPE_raw);
  spa_pod_builder_prop(b, SPA_FORMAT_VIDEO_format, 0);
  spa_pod_builder_id(b, SPA_VIDEO_FORMAT_BGRx);
  spa_pod_builder_prop(b, SPA_FORMAT_VIDEO_size, 0);
  spa_pod_builder_rectangle(b, width, height);
  spa_pod_builder_prop(b, SPA_FORMAT_VIDEO_framerate, 0);
  spa_pod_builder_fraction(b, fps, 1);
  if (modifier) {
    spa_pod_builder_prop(b, SPA_FORMAT_VIDEO_modifier, SPA_POD_PROP_FLAG_MANDATORY);
    spa_pod_builder_long(b, static_cast<int64_t>(*modifier));
  }
  return static_cast<const spa_pod *>(spa_pod_builder_pop(b, &f));
}

// The formats to offer: in dma-buf mode the one with the modifier first, then the plain one.
uint32_t build_formats(spa_pod_builder *b, const spa_pod **params, uint32_t width, uint32_t height,
                       uint32_t fps, SyntheticVideoSource::Memory memory, uint64_t modifier) {
  uint32_t n = 0;
  if (memory == SyntheticVideoSource::Memory::kDmabuf)
    params[n++] = build_format(b, width, height, fps, modifier);
  params[n++] = build_format(b, width, height, fps);
  return n;
}

uint32_t align_up(uint32_t value, uint32_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

}  // namespace

SyntheticVideoSource::SyntheticVideoSource(std::string node_name, uint32_t width, uint32_t height,
                                           uint32_t row_padding, uint32_t fps, Memory memory,
                                           uint64_t modifier)
    : fps_(fps),
      row_padding_(row_padding),
      memory_(memory),
      modifier_(modifier),
      offer_width_(width),
      offer_height_(height) {
  pw_init(nullptr, nullptr);
  loop_ = pw_thread_loop_new("synthetic-src", nullptr);
  context_ = pw_context_new(pw_thread_loop_get_loop(loop_), nullptr, 0);
  {
    Lock lock(loop_);
    core_ = pw_context_connect(context_, nullptr, 0);
    if (core_ == nullptr) throw std::runtime_error("synthetic source: cannot connect");
    stream_ = pw_stream_new(core_, "synthetic-src",
                            pw_properties_new(PW_KEY_MEDIA_CLASS, "Video/Source", PW_KEY_NODE_NAME,
                                              node_name.c_str(), nullptr));
    static const pw_stream_events events = [] {
      pw_stream_events e{};
      e.version = PW_VERSION_STREAM_EVENTS;
      e.state_changed = &SyntheticVideoSource::on_state_changed;
      e.param_changed = &SyntheticVideoSource::on_param_changed;
      e.add_buffer = &SyntheticVideoSource::on_add_buffer;
      e.remove_buffer = &SyntheticVideoSource::on_remove_buffer;
      return e;
    }();
    pw_stream_add_listener(stream_, &listener_, &events, this);
    std::array<uint8_t, 1024> storage{};
    spa_pod_builder b{};
    spa_pod_builder_init(&b, storage.data(), storage.size());
    const spa_pod *params[2] = {};
    const uint32_t count = build_formats(&b, params, width, height, fps, memory_, modifier_);
    // Dma-bufs come from the producer's own allocator, never from PipeWire's shared memory.
    const auto memory_flag =
        memory_ == Memory::kDmabuf ? PW_STREAM_FLAG_ALLOC_BUFFERS : PW_STREAM_FLAG_MAP_BUFFERS;
    pw_stream_connect(stream_, PW_DIRECTION_OUTPUT, PW_ID_ANY,
                      static_cast<pw_stream_flags>(PW_STREAM_FLAG_DRIVER | memory_flag), params,
                      count);
    timer_ =
        pw_loop_add_timer(pw_thread_loop_get_loop(loop_), &SyntheticVideoSource::on_timeout, this);
    pw_thread_loop_start(loop_);
    // Wait until the daemon has given our node an id.
    timespec deadline{};
    pw_thread_loop_get_time(loop_, &deadline, 5'000'000'000);
    while ((node_id_ = pw_stream_get_node_id(stream_)) == SPA_ID_INVALID && !failed_)
      if (pw_thread_loop_timed_wait_full(loop_, &deadline) != 0) break;
    if (node_id_ == SPA_ID_INVALID || failed_)
      throw std::runtime_error("synthetic source: the node never got an id");
    if (fps_ != 0) {  // 0: variable rate, frames only from send_frame()
      timespec interval{0, static_cast<long>(1'000'000'000 / fps_)};
      pw_loop_update_timer(pw_thread_loop_get_loop(loop_), timer_, &interval, &interval, false);
    }
  }
}

SyntheticVideoSource::~SyntheticVideoSource() {
  pw_thread_loop_stop(loop_);
  if (timer_ != nullptr) pw_loop_destroy_source(pw_thread_loop_get_loop(loop_), timer_);
  if (stream_ != nullptr) pw_stream_destroy(stream_);
  if (core_ != nullptr) pw_core_disconnect(core_);
  pw_context_destroy(context_);
  pw_thread_loop_destroy(loop_);
}

void SyntheticVideoSource::set_colour(uint8_t b, uint8_t g, uint8_t r) noexcept {
  colour_ = (uint32_t{r} << 16) | (uint32_t{g} << 8) | b;
}

void SyntheticVideoSource::resize(uint32_t width, uint32_t height) {
  Lock lock(loop_);
  offer_width_ = width;
  offer_height_ = height;
  std::array<uint8_t, 1024> storage{};
  spa_pod_builder b{};
  spa_pod_builder_init(&b, storage.data(), storage.size());
  const spa_pod *params[2] = {};
  const uint32_t count = build_formats(&b, params, width, height, fps_, memory_, modifier_);
  pw_stream_update_params(stream_, params, count);
}

uint32_t SyntheticVideoSource::stride() const noexcept {
  if (memory_ == Memory::kDmabuf) return align_up(width_ * 4, 256);
  return width_ * 4 + row_padding_;
}

std::vector<uint64_t> SyntheticVideoSource::buffer_inodes() const {
  Lock lock(loop_);
  return inodes_;
}

void SyntheticVideoSource::on_state_changed(void *data, pw_stream_state, pw_stream_state state,
                                            const char *) {
  auto *self = static_cast<SyntheticVideoSource *>(data);
  if (state == PW_STREAM_STATE_ERROR) self->failed_ = true;
  pw_thread_loop_signal(self->loop_, false);
}

void SyntheticVideoSource::on_param_changed(void *data, uint32_t id, const spa_pod *param) {
  auto *self = static_cast<SyntheticVideoSource *>(data);
  if (id != SPA_PARAM_Format || param == nullptr) return;
  spa_video_info_raw info{};
  if (spa_format_video_raw_parse(param, &info) < 0) return;
  self->width_ = info.size.width;
  self->height_ = info.size.height;
  self->modifier_negotiated_ = (info.flags & SPA_VIDEO_FLAG_MODIFIER) != 0;
  const auto stride = static_cast<int32_t>(self->stride());
  const int32_t data_type =
      self->memory_ == Memory::kDmabuf ? 1 << SPA_DATA_DmaBuf : 1 << SPA_DATA_MemFd;
  std::array<uint8_t, 1024> storage{};
  spa_pod_builder b{};
  spa_pod_builder_init(&b, storage.data(), storage.size());
  spa_pod_frame f{};
  spa_pod_frame choice{};
  spa_pod_builder_push_object(&b, &f, SPA_TYPE_OBJECT_ParamBuffers, SPA_PARAM_Buffers);
  spa_pod_builder_prop(&b, SPA_PARAM_BUFFERS_buffers, 0);
  spa_pod_builder_push_choice(&b, &choice, SPA_CHOICE_Range, 0);
  spa_pod_builder_int(&b, 4);
  spa_pod_builder_int(&b, 2);
  spa_pod_builder_int(&b, 16);
  spa_pod_builder_pop(&b, &choice);
  spa_pod_builder_prop(&b, SPA_PARAM_BUFFERS_blocks, 0);
  spa_pod_builder_int(&b, 1);
  spa_pod_builder_prop(&b, SPA_PARAM_BUFFERS_size, 0);
  spa_pod_builder_int(&b, stride * static_cast<int32_t>(self->height_));
  spa_pod_builder_prop(&b, SPA_PARAM_BUFFERS_stride, 0);
  spa_pod_builder_int(&b, stride);
  spa_pod_builder_prop(&b, SPA_PARAM_BUFFERS_dataType, 0);
  spa_pod_builder_push_choice(&b, &choice, SPA_CHOICE_Flags, 0);
  spa_pod_builder_int(&b, data_type);
  spa_pod_builder_pop(&b, &choice);
  const spa_pod *buffers = static_cast<const spa_pod *>(spa_pod_builder_pop(&b, &f));
  spa_pod_builder_push_object(&b, &f, SPA_TYPE_OBJECT_ParamMeta, SPA_PARAM_Meta);
  spa_pod_builder_prop(&b, SPA_PARAM_META_type, 0);
  spa_pod_builder_id(&b, SPA_META_Header);
  spa_pod_builder_prop(&b, SPA_PARAM_META_size, 0);
  spa_pod_builder_int(&b, static_cast<int32_t>(sizeof(spa_meta_header)));
  const spa_pod *meta = static_cast<const spa_pod *>(spa_pod_builder_pop(&b, &f));
  const spa_pod *params[] = {buffers, meta};
  pw_stream_update_params(self->stream_, params, 2);
}

// Dma-buf mode: PipeWire made the buffer skeletons (ALLOC_BUFFERS); we give each one a memfd of
// stride * height and announce it as a dma-buf. PipeWire passes the fd to the consumer as is.
void SyntheticVideoSource::on_add_buffer(void *data, pw_buffer *buffer) {
  auto *self = static_cast<SyntheticVideoSource *>(data);
  if (self->memory_ != Memory::kDmabuf) return;
  spa_data &d = buffer->buffer->datas[0];
  if ((d.type & (1u << SPA_DATA_DmaBuf)) == 0) return;  // the link agreed on another type
  const size_t size = size_t{self->stride()} * self->height_;
  const int fd = memfd_create("synthetic-dmabuf", MFD_CLOEXEC);
  if (fd < 0) return;
  void *map = MAP_FAILED;
  if (ftruncate(fd, static_cast<off_t>(size)) == 0)
    map = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED) {
    close(fd);
    return;
  }
  d.type = SPA_DATA_DmaBuf;
  d.fd = fd;
  d.flags = SPA_DATA_FLAG_READWRITE;
  d.mapoffset = 0;
  d.maxsize = static_cast<uint32_t>(size);
  d.data = map;
  struct stat st {};
  if (fstat(fd, &st) == 0) self->inodes_.push_back(st.st_ino);
}

void SyntheticVideoSource::on_remove_buffer(void *data, pw_buffer *buffer) {
  auto *self = static_cast<SyntheticVideoSource *>(data);
  if (self->memory_ != Memory::kDmabuf) return;
  spa_data &d = buffer->buffer->datas[0];
  if (d.type != SPA_DATA_DmaBuf || d.data == nullptr) return;
  struct stat st {};
  if (fstat(static_cast<int>(d.fd), &st) == 0) std::erase(self->inodes_, st.st_ino);
  munmap(d.data, d.maxsize);
  close(static_cast<int>(d.fd));
  d.data = nullptr;
  d.fd = -1;
}

void SyntheticVideoSource::on_timeout(void *data, uint64_t) {
  static_cast<SyntheticVideoSource *>(data)->produce();
}

bool SyntheticVideoSource::send_frame() {
  Lock lock(loop_);
  return produce();
}

bool SyntheticVideoSource::produce() {
  if (width_ == 0 || height_ == 0) return false;
  pw_buffer *b = pw_stream_dequeue_buffer(stream_);
  if (b == nullptr) return false;
  spa_buffer *buf = b->buffer;
  spa_data &d = buf->datas[0];
  const uint32_t stride = this->stride();
  if (d.data == nullptr || d.maxsize < stride * height_) {
    pw_stream_queue_buffer(stream_, b);
    return false;
  }
  write_picture(static_cast<uint8_t *>(d.data), stride);
  const Damage damage = damage_;
  d.chunk->offset = 0;
  d.chunk->stride = static_cast<int32_t>(stride);
  d.chunk->size = damage == Damage::kEmptyChunk ? 0 : stride * height_;
  d.chunk->flags = damage == Damage::kCorruptedChunk ? SPA_CHUNK_FLAG_CORRUPTED : 0;
  if (auto *h = static_cast<spa_meta_header *>(
          spa_buffer_find_meta_data(buf, SPA_META_Header, sizeof(spa_meta_header)))) {
    h->flags = damage == Damage::kCorruptedHeader ? SPA_META_HEADER_FLAG_CORRUPTED : 0;
    h->seq = static_cast<uint64_t>(frames_sent_);
  }
  pw_stream_queue_buffer(stream_, b);
  ++frames_sent_;
  return true;
}

void SyntheticVideoSource::write_picture(uint8_t *bytes, uint32_t stride) {
  const uint32_t row_bytes = width_ * 4;
  const uint32_t rgb = colour_;
  for (uint32_t y = 0; y < height_; ++y) {
    uint8_t *row = bytes + size_t{y} * stride;
    if (memory_ == Memory::kDmabuf) {
      frame_number_pattern::fill_row(frames_sent_, y, row, row_bytes);
    } else {
      for (uint32_t x = 0; x < width_; ++x) {
        row[x * 4 + 0] = static_cast<uint8_t>(rgb);
        row[x * 4 + 1] = static_cast<uint8_t>(rgb >> 8);
        row[x * 4 + 2] = static_cast<uint8_t>(rgb >> 16);
        row[x * 4 + 3] = 0xFF;
      }
    }
    std::memset(row + row_bytes, 0xEE, stride - row_bytes);  // garbage a de-pad bug would show
  }
}

}  // namespace pfhost::test
