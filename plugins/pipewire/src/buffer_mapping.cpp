#include "buffer_mapping.hpp"

#include <linux/dma-buf.h>
#include <spa/buffer/buffer.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>

namespace pfhost::pipewire {
namespace {

// The fd's size in bytes, or 0 when it cannot be known (fstat fails, or a dma-buf reports 0).
size_t fd_size(int64_t fd) {
  if (fd < 0) return 0;
  struct stat st {};
  if (::fstat(static_cast<int>(fd), &st) != 0 || st.st_size <= 0) return 0;
  return static_cast<size_t>(st.st_size);
}

}  // namespace

BufferMapping::BufferMapping(const spa_data &data) noexcept {
  is_dmabuf_ = data.type == SPA_DATA_DmaBuf;
  const bool fd_backed = data.type == SPA_DATA_MemFd || data.type == SPA_DATA_DmaBuf;
  if (!fd_backed) return;  // MemPtr: memory of our own process, maxsize is all we know

  const size_t real_size = fd_size(data.fd);
  if (data.data != nullptr) {
    // PipeWire mapped [mapoffset, mapoffset + maxsize) of the fd; only what the file really
    // holds past mapoffset is backed by memory.
    fd_limit_ = real_size > data.mapoffset ? real_size - data.mapoffset : 0;
    if (real_size == 0) fd_limit_ = SIZE_MAX;  // unknown: fall back to maxsize alone
    return;
  }
  // Not mapped by PipeWire: map it ourselves, read-only, sized by the fd (dma-bufs report their
  // size through fstat on Linux >= 4.x; maxsize is only a fallback).
  const size_t size = real_size != 0 ? real_size : size_t{data.maxsize} + data.mapoffset;
  if (size == 0) return;
  void *map = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, static_cast<int>(data.fd), 0);
  if (map == MAP_FAILED) return;
  own_map_ = map;
  own_map_size_ = size;
}

BufferMapping::~BufferMapping() {
  if (own_map_ != nullptr) ::munmap(own_map_, own_map_size_);
}

MappedRegion BufferMapping::region(const spa_data &data) const noexcept {
  if (own_map_ != nullptr) {
    if (data.mapoffset >= own_map_size_) return {};
    return {static_cast<const uint8_t *>(own_map_) + data.mapoffset,
            own_map_size_ - data.mapoffset};
  }
  if (data.data == nullptr) return {};
  return {static_cast<const uint8_t *>(data.data), std::min<size_t>(data.maxsize, fd_limit_)};
}

DmabufReadAccess::DmabufReadAccess(int fd) noexcept : fd_(fd) {
  if (fd_ < 0) return;
  dma_buf_sync sync{};
  sync.flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ;
  if (::ioctl(fd_, DMA_BUF_IOCTL_SYNC, &sync) != 0) sync_error_ = errno;
}

DmabufReadAccess::~DmabufReadAccess() {
  if (fd_ < 0) return;
  dma_buf_sync sync{};
  sync.flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ;
  ::ioctl(fd_, DMA_BUF_IOCTL_SYNC, &sync);
}

}  // namespace pfhost::pipewire
