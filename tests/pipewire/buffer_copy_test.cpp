// Unit tests of the pure buffer validation/copy functions on synthetic buffers. Every buffer is
// allocated at exactly the size a producer would have mapped, so reading one byte past what the
// plan allows is an ASan error in the sanitizer build.
#include "buffer_copy.hpp"

#include <gtest/gtest.h>
#include <spa/buffer/buffer.h>
#include <spa/buffer/meta.h>

#include <cstring>
#include <memory>
#include <vector>

namespace pfhost::pipewire {
namespace {

// An exactly sized heap block filled with a recognisable pattern.
struct Block {
  explicit Block(size_t n) : size(n), bytes(new uint8_t[n]) {
    for (size_t i = 0; i < n; ++i) bytes[i] = static_cast<uint8_t>(i * 7 + 3);
  }
  MappedRegion region() const { return {bytes.get(), size}; }
  size_t size;
  std::unique_ptr<uint8_t[]> bytes;
};

ChunkDescription shm_chunk(uint32_t size, int32_t stride, uint32_t offset = 0) {
  ChunkDescription c;
  c.size = size;
  c.stride = stride;
  c.offset = offset;
  return c;
}

constexpr FrameGeometry k3x2Bgrx{3, 2, 4};  // 12-byte rows

TEST(BufferCopy, TightlyPackedIsOneCopyOfEveryByte) {
  Block block(24);
  CopyPlan plan;
  ASSERT_EQ(plan_cpu_copy(k3x2Bgrx, shm_chunk(24, 12), block.region(), &plan), BufferVerdict::kOk);
  EXPECT_EQ(plan.source_stride, 12u);
  EXPECT_EQ(plan.packed_size(), 24u);
  std::vector<uint8_t> out(plan.packed_size());
  ASSERT_TRUE(copy_packed(plan, out));
  EXPECT_EQ(0, std::memcmp(out.data(), block.bytes.get(), 24));
}

TEST(BufferCopy, StrideZeroMeansTightlyPacked) {
  Block block(24);
  CopyPlan plan;
  ASSERT_EQ(plan_cpu_copy(k3x2Bgrx, shm_chunk(24, 0), block.region(), &plan), BufferVerdict::kOk);
  EXPECT_EQ(plan.source_stride, 12u);
  EXPECT_EQ(plan.row_bytes, 12u);
}

TEST(BufferCopy, PaddedStrideIsDepaddedRowByRow) {
  // 3 rows of 12 bytes at a 20-byte stride; the last row carries no padding (52 bytes mapped).
  const FrameGeometry geometry{3, 3, 4};
  Block block(20 * 2 + 12);
  CopyPlan plan;
  ASSERT_EQ(plan_cpu_copy(geometry, shm_chunk(52, 20), block.region(), &plan), BufferVerdict::kOk);
  std::vector<uint8_t> out(plan.packed_size());
  ASSERT_TRUE(copy_packed(plan, out));
  for (uint32_t y = 0; y < 3; ++y)
    EXPECT_EQ(0, std::memcmp(out.data() + y * 12, block.bytes.get() + y * 20, 12)) << "row " << y;
}

TEST(BufferCopy, OddWidthThreeBytePixels) {
  const FrameGeometry rgb{5, 4, 3};  // 15-byte rows, stride 16 (4-byte aligned)
  Block block(16 * 3 + 15);
  CopyPlan plan;
  ASSERT_EQ(plan_cpu_copy(rgb, shm_chunk(16 * 4, 16), block.region(), &plan), BufferVerdict::kOk);
  std::vector<uint8_t> out(plan.packed_size());
  ASSERT_TRUE(copy_packed(plan, out));
  EXPECT_EQ(0, std::memcmp(out.data() + 3 * 15, block.bytes.get() + 3 * 16, 15));
}

TEST(BufferCopy, OffsetIsHonoured) {
  Block block(8 + 24);
  CopyPlan plan;
  ASSERT_EQ(plan_cpu_copy(k3x2Bgrx, shm_chunk(24, 12, 8), block.region(), &plan),
            BufferVerdict::kOk);
  EXPECT_EQ(plan.source, block.bytes.get() + 8);
}

TEST(BufferCopy, StrideSmallerThanRowIsRefused) {
  Block block(64);
  CopyPlan plan;
  EXPECT_EQ(plan_cpu_copy(k3x2Bgrx, shm_chunk(64, 8), block.region(), &plan),
            BufferVerdict::kStrideTooSmall);
}

TEST(BufferCopy, NegativeStrideIsRefused) {
  Block block(64);
  CopyPlan plan;
  EXPECT_EQ(plan_cpu_copy(k3x2Bgrx, shm_chunk(64, -12), block.region(), &plan),
            BufferVerdict::kNegativeStride);
}

TEST(BufferCopy, MappingShorterThanThePictureIsRefused) {
  // The producer claims a full chunk, but only 23 bytes are really mapped (maxsize larger than
  // the fd): copying would read past the mapping.
  Block block(23);
  CopyPlan plan;
  EXPECT_EQ(plan_cpu_copy(k3x2Bgrx, shm_chunk(24, 12), block.region(), &plan),
            BufferVerdict::kOutOfBounds);
}

TEST(BufferCopy, PaddedStrideThatWouldRunPastTheMappingIsRefused) {
  // stride*(h-1)+row = 64*1+12 = 76 > 70 mapped.
  Block block(70);
  CopyPlan plan;
  EXPECT_EQ(plan_cpu_copy(k3x2Bgrx, shm_chunk(128, 64), block.region(), &plan),
            BufferVerdict::kOutOfBounds);
}

TEST(BufferCopy, OffsetPastTheMappingIsRefused) {
  Block block(24);
  CopyPlan plan;
  EXPECT_EQ(plan_cpu_copy(k3x2Bgrx, shm_chunk(24, 12, 100), block.region(), &plan),
            BufferVerdict::kOutOfBounds);
  EXPECT_EQ(plan_cpu_copy(k3x2Bgrx, shm_chunk(24, 12, 4), block.region(), &plan),
            BufferVerdict::kOutOfBounds);
}

TEST(BufferCopy, HugeOffsetDoesNotWrap) {
  Block block(24);
  CopyPlan plan;
  EXPECT_EQ(plan_cpu_copy(k3x2Bgrx, shm_chunk(24, 12, 0xFFFFFFF0u), block.region(), &plan),
            BufferVerdict::kOutOfBounds);
}

TEST(BufferCopy, ChunkSmallerThanThePictureIsRefused) {
  Block block(64);
  CopyPlan plan;
  EXPECT_EQ(plan_cpu_copy(k3x2Bgrx, shm_chunk(20, 12), block.region(), &plan),
            BufferVerdict::kChunkTooSmall);
}

TEST(BufferCopy, ZeroSizeShmChunkIsSkipped) {
  Block block(24);
  CopyPlan plan;
  EXPECT_EQ(plan_cpu_copy(k3x2Bgrx, shm_chunk(0, 12), block.region(), &plan),
            BufferVerdict::kEmpty);
}

TEST(BufferCopy, ZeroSizeDmabufChunkIsBoundedByTheMapping) {
  Block block(24);
  ChunkDescription chunk = shm_chunk(0, 12);
  chunk.is_dmabuf = true;
  CopyPlan plan;
  EXPECT_EQ(plan_cpu_copy(k3x2Bgrx, chunk, block.region(), &plan), BufferVerdict::kOk);
  Block short_block(20);
  EXPECT_EQ(plan_cpu_copy(k3x2Bgrx, chunk, short_block.region(), &plan),
            BufferVerdict::kOutOfBounds);
}

TEST(BufferCopy, CorruptedHeaderOrChunkIsSkipped) {
  Block block(24);
  CopyPlan plan;
  ChunkDescription header = shm_chunk(24, 12);
  header.header_flags = SPA_META_HEADER_FLAG_CORRUPTED;
  EXPECT_EQ(plan_cpu_copy(k3x2Bgrx, header, block.region(), &plan), BufferVerdict::kCorrupted);
  ChunkDescription chunk = shm_chunk(24, 12);
  chunk.chunk_flags = SPA_CHUNK_FLAG_CORRUPTED;
  EXPECT_EQ(plan_cpu_copy(k3x2Bgrx, chunk, block.region(), &plan), BufferVerdict::kCorrupted);
  // Mutter's cursor-only update: CORRUPTED and size 0 together.
  chunk.size = 0;
  EXPECT_EQ(check_chunk_flags(chunk), BufferVerdict::kCorrupted);
  // Other header flags are harmless.
  header.header_flags = SPA_META_HEADER_FLAG_DISCONT;
  EXPECT_EQ(plan_cpu_copy(k3x2Bgrx, header, block.region(), &plan), BufferVerdict::kOk);
}

TEST(BufferCopy, UnmappedBufferIsSkipped) {
  CopyPlan plan;
  EXPECT_EQ(plan_cpu_copy(k3x2Bgrx, shm_chunk(24, 12), MappedRegion{}, &plan),
            BufferVerdict::kNotMapped);
}

TEST(BufferCopy, UnusableGeometryIsRefused) {
  Block block(24);
  CopyPlan plan;
  EXPECT_EQ(plan_cpu_copy({0, 2, 4}, shm_chunk(24, 12), block.region(), &plan),
            BufferVerdict::kBadGeometry);
  EXPECT_EQ(plan_cpu_copy({3, 0, 4}, shm_chunk(24, 12), block.region(), &plan),
            BufferVerdict::kBadGeometry);
  EXPECT_EQ(plan_cpu_copy({3, 2, 0}, shm_chunk(24, 12), block.region(), &plan),
            BufferVerdict::kBadGeometry);
  EXPECT_EQ(plan_cpu_copy({100000, 2, 4}, shm_chunk(24, 12), block.region(), &plan),
            BufferVerdict::kBadGeometry);
}

TEST(BufferCopy, HugeStrideDoesNotOverflow) {
  Block block(64);
  CopyPlan plan;
  EXPECT_EQ(
      plan_cpu_copy({8192, 8192, 4}, shm_chunk(0xFFFFFFFFu, 0x7FFFFFFF), block.region(), &plan),
      BufferVerdict::kChunkTooSmall);
}

TEST(BufferCopy, DestinationTooSmallCopiesNothing) {
  Block block(24);
  CopyPlan plan;
  ASSERT_EQ(plan_cpu_copy(k3x2Bgrx, shm_chunk(24, 12), block.region(), &plan), BufferVerdict::kOk);
  std::vector<uint8_t> out(23, 0xAB);
  EXPECT_FALSE(copy_packed(plan, out));
  EXPECT_EQ(out[0], 0xAB);
}

// Full-size pictures: every byte of every row lands, whatever the row length, the stride and the
// destination's alignment, and nothing outside the picture is written.
TEST(BufferCopy, LargePicturesAreCopiedExactlyForEveryRowLengthStrideAndAlignment) {
  struct Case {
    FrameGeometry geometry;
    uint32_t stride;
  };
  const Case cases[] = {
      {{1920, 160, 4}, 8192},  // a 1080p-wide BGRx row in a 4 KiB-multiple stride
      {{1920, 160, 4}, 7680},  // tightly packed: one memcpy
      {{1921, 200, 3}, 5776},  // odd width, 3-byte pixels: a row ends mid-block
      {{333, 1100, 4}, 1340},  // rows not a multiple of 16 bytes
      {{5, 50, 4}, 64},        // rows shorter than one vector block: all tail
      {{33, 40, 4}, 192},      // one 128-byte block and a 4-byte tail
  };
  for (const Case &c : cases) {
    const size_t row = size_t{c.geometry.width} * c.geometry.bytes_per_pixel;
    const size_t mapped = size_t{c.stride} * (c.geometry.height - 1) + row;
    Block block(mapped);
    // Block's pattern repeats every 256 bytes, as do these strides: rows must differ.
    for (size_t i = 0; i < mapped; ++i) {
      block.bytes[i] = static_cast<uint8_t>((i * 2654435761u) >> 13);
    }
    CopyPlan plan;
    ASSERT_EQ(
        plan_cpu_copy(c.geometry,
                      shm_chunk(static_cast<uint32_t>(mapped), static_cast<int32_t>(c.stride)),
                      block.region(), &plan),
        BufferVerdict::kOk);
    for (size_t misalign : {0u, 1u, 7u, 15u}) {
      SCOPED_TRACE("row " + std::to_string(row) + ", stride " + std::to_string(c.stride) +
                   ", destination +" + std::to_string(misalign));
      std::vector<uint8_t> out(plan.packed_size() + misalign + 1, 0xee);
      ASSERT_TRUE(copy_packed(plan, std::span(out).subspan(misalign, plan.packed_size())));
      for (uint32_t y = 0; y < c.geometry.height; ++y) {
        ASSERT_EQ(0, std::memcmp(out.data() + misalign + y * row,
                                 block.bytes.get() + size_t{y} * c.stride, row))
            << "row " << y;
      }
      for (size_t i = 0; i < misalign; ++i) ASSERT_EQ(out[i], 0xee) << "written before";
      ASSERT_EQ(out.back(), 0xee) << "written past the picture";
    }
  }
}

TEST(BufferCopy, EveryVerdictIsDescribed) {
  for (auto v :
       {BufferVerdict::kOk, BufferVerdict::kCorrupted, BufferVerdict::kEmpty,
        BufferVerdict::kBadGeometry, BufferVerdict::kNegativeStride, BufferVerdict::kStrideTooSmall,
        BufferVerdict::kChunkTooSmall, BufferVerdict::kOutOfBounds, BufferVerdict::kNotMapped})
    EXPECT_GT(std::strlen(describe(v)), 1u);
}

}  // namespace
}  // namespace pfhost::pipewire
