// Capture copy: the PipeWire capturer's de-padding of a 1920x1080 BGRx frame (rows of 7680 bytes
// in a buffer whose stride is padded to 8192, as GPUs and some compositors lay them out) next to
// one plain memcpy of the same picture bytes, and next to the capturer's own tightly-packed path
// (which is a single memcpy). Reported as bytes/second of picture copied.
#include <benchmark/benchmark.h>

#include <cstring>
#include <vector>

#include "buffer_copy.hpp"

namespace {

using namespace pfhost::pipewire;

constexpr uint32_t kWidth = 1920;
constexpr uint32_t kHeight = 1080;
constexpr uint32_t kBytesPerPixel = 4;
constexpr size_t kRowBytes = size_t{kWidth} * kBytesPerPixel;

CopyPlan plan_for(const std::vector<uint8_t> &source, int32_t stride) {
  FrameGeometry geometry{kWidth, kHeight, kBytesPerPixel};
  ChunkDescription chunk;
  chunk.size = static_cast<uint32_t>(source.size());
  chunk.stride = stride;
  CopyPlan plan;
  if (plan_cpu_copy(geometry, chunk, MappedRegion{source.data(), source.size()}, &plan) !=
      BufferVerdict::kOk) {
    std::abort();  // the benchmark's own setup is wrong
  }
  return plan;
}

void run_copy(benchmark::State &state, int32_t stride) {
  std::vector<uint8_t> source(size_t(stride) * kHeight, 0x5a);
  std::vector<uint8_t> destination(kRowBytes * kHeight);
  const CopyPlan plan = plan_for(source, stride);
  for (auto _ : state) {
    benchmark::DoNotOptimize(copy_packed(plan, destination));
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kRowBytes * kHeight));
}

void BM_DepadPaddedStride(benchmark::State &state) {
  run_copy(state, 8192);
}
BENCHMARK(BM_DepadPaddedStride);

void BM_PackedStrideCopy(benchmark::State &state) {
  run_copy(state, static_cast<int32_t>(kRowBytes));
}
BENCHMARK(BM_PackedStrideCopy);

void BM_PlainMemcpyReference(benchmark::State &state) {
  std::vector<uint8_t> source(kRowBytes * kHeight, 0x5a);
  std::vector<uint8_t> destination(source.size());
  for (auto _ : state) {
    std::memcpy(destination.data(), source.data(), source.size());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * source.size()));
}
BENCHMARK(BM_PlainMemcpyReference);

}  // namespace

BENCHMARK_MAIN();
