#include "buffer_copy.hpp"

#include <spa/buffer/buffer.h>
#include <spa/buffer/meta.h>

#include <cstring>

#include "row_copy.hpp"

namespace pfhost::pipewire {
namespace {

// Largest picture side we accept; the format offer asks for at most 8192, this leaves room for
// producers that round up while keeping every product below comfortably inside 64 bits.
constexpr uint32_t kMaxSide = 16384;

}  // namespace

const char *describe(BufferVerdict verdict) noexcept {
  switch (verdict) {
    case BufferVerdict::kOk:
      return "ok";
    case BufferVerdict::kCorrupted:
      return "buffer flagged CORRUPTED by the producer";
    case BufferVerdict::kEmpty:
      return "shared-memory chunk of size 0 (cursor-only update)";
    case BufferVerdict::kBadGeometry:
      return "no usable negotiated size or format";
    case BufferVerdict::kNegativeStride:
      return "negative stride (bottom-up layout) not supported";
    case BufferVerdict::kStrideTooSmall:
      return "stride smaller than a row of pixels";
    case BufferVerdict::kChunkTooSmall:
      return "chunk holds fewer bytes than the picture needs";
    case BufferVerdict::kOutOfBounds:
      return "picture extends past the mapped memory";
    case BufferVerdict::kNotMapped:
      return "buffer has no readable memory";
  }
  return "unknown";
}

BufferVerdict check_chunk_flags(const ChunkDescription &chunk) noexcept {
  if ((chunk.header_flags & SPA_META_HEADER_FLAG_CORRUPTED) != 0 ||
      (chunk.chunk_flags & SPA_CHUNK_FLAG_CORRUPTED) != 0)
    return BufferVerdict::kCorrupted;
  // Mutter sends metadata-only updates (cursor moves) as size-0 shm chunks that still point at a
  // recycled older picture; showing them flashes old content. A dma-buf's size 0 means nothing.
  if (chunk.size == 0 && !chunk.is_dmabuf) return BufferVerdict::kEmpty;
  return BufferVerdict::kOk;
}

BufferVerdict plan_cpu_copy(const FrameGeometry &geometry, const ChunkDescription &chunk,
                            MappedRegion mapped, CopyPlan *plan) noexcept {
  if (const BufferVerdict flags = check_chunk_flags(chunk); flags != BufferVerdict::kOk)
    return flags;
  if (geometry.width == 0 || geometry.height == 0 || geometry.bytes_per_pixel == 0 ||
      geometry.width > kMaxSide || geometry.height > kMaxSide || geometry.bytes_per_pixel > 16)
    return BufferVerdict::kBadGeometry;
  if (mapped.data == nullptr || mapped.size == 0) return BufferVerdict::kNotMapped;
  if (chunk.stride < 0) return BufferVerdict::kNegativeStride;

  // All products below fit easily in 64 bits: 16384 * 16 * 2^31 < 2^50.
  const uint64_t row = uint64_t{geometry.width} * geometry.bytes_per_pixel;
  const uint64_t stride = chunk.stride == 0 ? row : static_cast<uint64_t>(chunk.stride);
  if (stride < row) return BufferVerdict::kStrideTooSmall;
  // The last row needs only `row` bytes, not a whole stride: producers may cut the padding.
  const uint64_t span = stride * (geometry.height - 1) + row;
  // A dma-buf's size 0 says nothing; otherwise the chunk bounds what the producer wrote.
  if (chunk.size != 0 && span > chunk.size) return BufferVerdict::kChunkTooSmall;
  if (uint64_t{chunk.offset} > mapped.size || span > mapped.size - chunk.offset)
    return BufferVerdict::kOutOfBounds;

  plan->source = mapped.data + chunk.offset;
  plan->source_stride = static_cast<size_t>(stride);
  plan->row_bytes = static_cast<size_t>(row);
  plan->rows = geometry.height;
  return BufferVerdict::kOk;
}

bool copy_packed(const CopyPlan &plan, std::span<uint8_t> destination) noexcept {
  if (plan.source == nullptr || destination.size() < plan.packed_size()) return false;
  if (plan.source_stride == plan.row_bytes) {
    std::memcpy(destination.data(), plan.source, plan.packed_size());
    return true;
  }
  const RowCopyFn copy_row = row_copy_for_this_cpu();
  for (uint32_t y = 0; y < plan.rows; ++y) {
    copy_row(destination.data() + size_t{y} * plan.row_bytes,
             plan.source + size_t{y} * plan.source_stride, plan.row_bytes);
  }
  return true;
}

}  // namespace pfhost::pipewire
