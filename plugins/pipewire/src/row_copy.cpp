#include "row_copy.hpp"

#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace pfhost::pipewire {
namespace {

#if defined(__x86_64__)
// Four vectors in flight per iteration: enough loads outstanding to keep the memory system busy
// without the loop overhead showing; the tail (under four vectors) goes to memcpy.
__attribute__((target("avx2"))) void copy_with_avx2(uint8_t *destination, const uint8_t *source,
                                                    size_t bytes) noexcept {
  size_t i = 0;
  for (; i + 128 <= bytes; i += 128) {
    const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(source + i));
    const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(source + i + 32));
    const __m256i c = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(source + i + 64));
    const __m256i d = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(source + i + 96));
    _mm256_storeu_si256(reinterpret_cast<__m256i *>(destination + i), a);
    _mm256_storeu_si256(reinterpret_cast<__m256i *>(destination + i + 32), b);
    _mm256_storeu_si256(reinterpret_cast<__m256i *>(destination + i + 64), c);
    _mm256_storeu_si256(reinterpret_cast<__m256i *>(destination + i + 96), d);
  }
  if (i < bytes) std::memcpy(destination + i, source + i, bytes - i);
}

void copy_with_sse2(uint8_t *destination, const uint8_t *source, size_t bytes) noexcept {
  size_t i = 0;
  for (; i + 64 <= bytes; i += 64) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i *>(source + i));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i *>(source + i + 16));
    const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i *>(source + i + 32));
    const __m128i d = _mm_loadu_si128(reinterpret_cast<const __m128i *>(source + i + 48));
    _mm_storeu_si128(reinterpret_cast<__m128i *>(destination + i), a);
    _mm_storeu_si128(reinterpret_cast<__m128i *>(destination + i + 16), b);
    _mm_storeu_si128(reinterpret_cast<__m128i *>(destination + i + 32), c);
    _mm_storeu_si128(reinterpret_cast<__m128i *>(destination + i + 48), d);
  }
  if (i < bytes) std::memcpy(destination + i, source + i, bytes - i);
}
#else
void copy_with_memcpy(uint8_t *destination, const uint8_t *source, size_t bytes) noexcept {
  std::memcpy(destination, source, bytes);
}
#endif

RowCopyFn pick() noexcept {
#if defined(__x86_64__)
  if (__builtin_cpu_supports("avx2")) return &copy_with_avx2;
  return &copy_with_sse2;
#else
  return &copy_with_memcpy;
#endif
}

}  // namespace

RowCopyFn row_copy_for_this_cpu() noexcept {
  static const RowCopyFn chosen = pick();
  return chosen;
}

std::vector<RowCopyVariant> row_copies_this_cpu_runs() {
#if defined(__x86_64__)
  std::vector<RowCopyVariant> variants{{"sse2", &copy_with_sse2}};
  if (__builtin_cpu_supports("avx2")) variants.push_back({"avx2", &copy_with_avx2});
  return variants;
#else
  return {{"memcpy", &copy_with_memcpy}};
#endif
}

}  // namespace pfhost::pipewire
