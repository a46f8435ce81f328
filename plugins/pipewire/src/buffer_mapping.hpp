// Readable memory of one PipeWire buffer, worked out once when the stream adds the buffer.
//
// MAP_BUFFERS maps MemFd data for us, but the maxsize a producer reports can exceed what the fd
// really holds (xdg-desktop-portal-wlr did this): reading up to maxsize then faults. So for
// fd-backed data we fstat() the fd and bound the readable size by the real file size. Data that
// PipeWire did not map (dma-bufs on the CPU path, e.g. gamescope's LINEAR buffers) we mmap
// ourselves, sized by the fd. One object per pw_buffer, owned by the capture stream.
#pragma once

#include "buffer_copy.hpp"

#include <cstddef>
#include <cstdint>

struct spa_data;

namespace pfhost::pipewire {

class BufferMapping {
 public:
  // Inspects datas[0] of a freshly added buffer. Never throws; an unusable buffer simply has an
  // empty region (its frames are then skipped as "not mapped").
  explicit BufferMapping(const spa_data &data) noexcept;
  ~BufferMapping();
  BufferMapping(const BufferMapping &) = delete;
  BufferMapping &operator=(const BufferMapping &) = delete;

  // What may be read for the current contents of `data` (the same spa_data as at construction;
  // its data pointer is re-read because DYNAMIC data may move between buffers).
  MappedRegion region(const spa_data &data) const noexcept;
  bool is_dmabuf() const noexcept { return is_dmabuf_; }

 private:
  bool is_dmabuf_ = false;
  size_t fd_limit_ = SIZE_MAX;  // bytes readable from data->data on, per fstat (MAP_BUFFERS path)
  void *own_map_ = nullptr;     // our own mapping when PipeWire made none
  size_t own_map_size_ = 0;
};

// Brackets a CPU read of a dma-buf with DMA_BUF_IOCTL_SYNC so caches are coherent with the GPU
// that wrote it. Best effort: a failing ioctl (ENOTTY: not a dma-buf; EINVAL, EIO...) does not
// stop the read; sync_error() tells the caller, who says so once.
class DmabufReadAccess {
 public:
  explicit DmabufReadAccess(int fd) noexcept;
  // errno of the failed start of the access, 0 when it succeeded (or there was no fd).
  int sync_error() const noexcept { return sync_error_; }
  ~DmabufReadAccess();
  DmabufReadAccess(const DmabufReadAccess &) = delete;
  DmabufReadAccess &operator=(const DmabufReadAccess &) = delete;

 private:
  int fd_;
  int sync_error_ = 0;
};

}  // namespace pfhost::pipewire
