// Every row copy the CPU runs (not only the one the capturer picks) copies exactly the bytes asked
// for: lengths around each vector loop's block size and tail, at every source and destination
// misalignment within a vector, never writing outside the destination.
#include "row_copy.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace pfhost::pipewire {
namespace {

TEST(RowCopy, EveryVariantCopiesExactlyTheBytesAskedFor) {
  const std::vector<RowCopyVariant> variants = row_copies_this_cpu_runs();
  ASSERT_FALSE(variants.empty());
  std::vector<uint8_t> source(8192 + 64);
  for (size_t i = 0; i < source.size(); ++i) source[i] = static_cast<uint8_t>((i * 131) >> 3);
  for (const RowCopyVariant &variant : variants) {
    for (size_t bytes : {0u, 1u, 15u, 16u, 63u, 64u, 65u, 127u, 128u, 129u, 200u, 7680u, 8191u}) {
      for (size_t source_offset : {0u, 3u, 32u}) {
        for (size_t destination_offset : {0u, 1u, 17u}) {
          SCOPED_TRACE(std::string(variant.name) + ": " + std::to_string(bytes) + " bytes, +" +
                       std::to_string(source_offset) + " -> +" +
                       std::to_string(destination_offset));
          std::vector<uint8_t> out(bytes + 64, 0xee);
          variant.copy(out.data() + destination_offset, source.data() + source_offset, bytes);
          ASSERT_EQ(0, std::memcmp(out.data() + destination_offset, source.data() + source_offset,
                                   bytes));
          for (size_t i = 0; i < destination_offset; ++i) ASSERT_EQ(out[i], 0xee) << "before";
          for (size_t i = destination_offset + bytes; i < out.size(); ++i)
            ASSERT_EQ(out[i], 0xee) << "past the row at " << i;
        }
      }
    }
  }
}

TEST(RowCopy, TheChosenCopyIsOneOfTheVariants) {
  const RowCopyFn chosen = row_copy_for_this_cpu();
  bool found = false;
  for (const RowCopyVariant &variant : row_copies_this_cpu_runs()) found |= variant.copy == chosen;
  EXPECT_TRUE(found);
  EXPECT_EQ(chosen, row_copy_for_this_cpu()) << "decided once";
}

}  // namespace
}  // namespace pfhost::pipewire
