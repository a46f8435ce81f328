#pragma once
// Copies one row of pixels. The capturer de-pads every frame row by row, and glibc's memcpy
// serves row-sized copies (a few KiB) with `rep movsb`, which AMD Zen 4 runs at about 0.7x its
// bulk bandwidth when source and destination alias modulo 4 KiB, as they do every few rows when
// a padded stride is a multiple of 4 KiB (8192 for a 1080p BGRx frame). A plain vector loop has
// no such cliff and copies the whole picture at or above a single bulk memcpy's rate.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace pfhost::pipewire {

// Copies `bytes` bytes from `source` to `destination` (no overlap, any alignment).
using RowCopyFn = void (*)(uint8_t *destination, const uint8_t *source, size_t bytes) noexcept;

// The best row copy this CPU runs: AVX2 where the CPU has it, SSE2 on other x86-64, memcpy
// elsewhere. Decided on the first call; later calls return the same function.
RowCopyFn row_copy_for_this_cpu() noexcept;

// Every row copy this CPU can run, by name, so tests check each one and not only the chosen one.
struct RowCopyVariant {
  const char *name;
  RowCopyFn copy;
};
std::vector<RowCopyVariant> row_copies_this_cpu_runs();

}  // namespace pfhost::pipewire
