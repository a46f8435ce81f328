// Validating and copying one PipeWire video buffer into a tightly packed frame — pure functions.
//
// Producers hand us buffers we must not trust blindly: compositors flag stale cursor-only updates
// as CORRUPTED or with a zero chunk size, report strides that do not fit what is mapped, or report
// a maxsize larger than the memory behind the fd. Everything here works on plain numbers copied
// out of the SPA structs, so it is unit-tested (and sanitizer-checked) on synthetic buffers
// without a PipeWire daemon.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace pfhost::pipewire {

// What the producer said about one buffer's first data block.
struct ChunkDescription {
  uint32_t offset = 0;       // chunk->offset: where the picture starts in the mapped data
  uint32_t size = 0;         // chunk->size: valid bytes (0 on stale shm buffers, often on dma-bufs)
  int32_t stride = 0;        // chunk->stride: bytes per row, 0 = tightly packed
  uint32_t chunk_flags = 0;  // SPA_CHUNK_FLAG_*
  uint32_t header_flags = 0;  // SPA_META_HEADER_FLAG_* (0 when the buffer has no header meta)
  bool is_dmabuf = false;     // a dma-buf legitimately reports chunk size 0
};

// The negotiated picture.
struct FrameGeometry {
  uint32_t width = 0;
  uint32_t height = 0;
  uint32_t bytes_per_pixel = 0;
};

// Bytes we may actually read: the mapping, already bounded by the fd's real size.
struct MappedRegion {
  const uint8_t *data = nullptr;
  size_t size = 0;
};

enum class BufferVerdict {
  kOk,
  kCorrupted,       // header meta or chunk flagged CORRUPTED: stale picture, skip it
  kEmpty,           // shm chunk of size 0: a cursor-only update carrying a stale picture
  kBadGeometry,     // no usable negotiated size/format
  kNegativeStride,  // bottom-up layouts are not produced by compositors; refuse rather than guess
  kStrideTooSmall,  // stride < width * bytes_per_pixel
  kChunkTooSmall,   // the chunk says fewer valid bytes than the picture needs
  kOutOfBounds,     // the picture would extend past what is mapped
  kNotMapped,       // no readable memory for this buffer
};

// One line describing a verdict, for logs and timeout reasons (static storage).
const char *describe(BufferVerdict verdict) noexcept;

// Flag checks alone (shared by the CPU and the dma-buf passthrough paths).
BufferVerdict check_chunk_flags(const ChunkDescription &chunk) noexcept;

// How to read the picture out of a mapped buffer.
struct CopyPlan {
  const uint8_t *source = nullptr;  // first byte of the first row
  size_t source_stride = 0;
  size_t row_bytes = 0;  // width * bytes_per_pixel; also the packed destination stride
  uint32_t rows = 0;
  size_t packed_size() const noexcept { return row_bytes * rows; }
};

// Checks flags and bounds and, on kOk, fills *plan. Never reads the pixels: a verdict other than
// kOk means "do not touch this buffer", and kOk guarantees every byte the plan reads is inside
// `mapped` and inside the chunk's declared size.
BufferVerdict plan_cpu_copy(const FrameGeometry &geometry, const ChunkDescription &chunk,
                            MappedRegion mapped, CopyPlan *plan) noexcept;

// Copies the planned picture into `destination` (at least plan.packed_size() bytes), de-padding
// rows (row_copy.hpp) when the source stride differs from the row size and doing one memcpy
// otherwise.
// Returns false (copying nothing) when `destination` is too small.
bool copy_packed(const CopyPlan &plan, std::span<uint8_t> destination) noexcept;

}  // namespace pfhost::pipewire
