// Capture copy: the PipeWire capturer's de-padding of a 1920x1080 BGRx frame (rows of 7680 bytes
// in a buffer whose stride is padded to 8192, as GPUs and some compositors lay them out) next to
// one plain memcpy of the same number of bytes between the same buffers, and next to the
// capturer's own tightly-packed path (a single memcpy). The source is page-aligned, as a mapped
// PipeWire buffer is; the destination is a std::vector, as the capturer's frame memory is.
// Reported as bytes/second of picture copied; scripts/bench.sh prints the ratio.
#include <benchmark/benchmark.h>

#include <sys/mman.h>

#include <cstdlib>
#include <cstring>
#include <vector>

#include "buffer_copy.hpp"

namespace {

using namespace pfhost::pipewire;

constexpr uint32_t kWidth = 1920;
constexpr uint32_t kHeight = 1080;
constexpr uint32_t kBytesPerPixel = 4;
constexpr size_t kRowBytes = size_t{kWidth} * kBytesPerPixel;
constexpr int32_t kPaddedStride = 8192;

// Both buffers, shared by every case so they compare the same memory.
struct Buffers {
  Buffers() {
    source_size = size_t{kPaddedStride} * kHeight;
    void *mapped =
        mmap(nullptr, source_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapped == MAP_FAILED) std::abort();
    source = static_cast<uint8_t *>(mapped);
    std::memset(source, 0x5a, source_size);
    destination.assign(kRowBytes * kHeight, 0);
  }
  uint8_t *source = nullptr;
  size_t source_size = 0;
  std::vector<uint8_t> destination;
};

Buffers &buffers() {
  static Buffers b;
  return b;
}

CopyPlan plan_for(int32_t stride) {
  FrameGeometry geometry{kWidth, kHeight, kBytesPerPixel};
  ChunkDescription chunk;
  chunk.size = static_cast<uint32_t>(size_t(stride) * kHeight);
  chunk.stride = stride;
  CopyPlan plan;
  if (plan_cpu_copy(geometry, chunk, MappedRegion{buffers().source, buffers().source_size},
                    &plan) != BufferVerdict::kOk) {
    std::abort();  // the benchmark's own setup is wrong
  }
  return plan;
}

void run_copy(benchmark::State &state, int32_t stride) {
  const CopyPlan plan = plan_for(stride);
  for (auto _ : state) {
    benchmark::DoNotOptimize(copy_packed(plan, buffers().destination));
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kRowBytes * kHeight));
}

void BM_DepadPaddedStride(benchmark::State &state) {
  run_copy(state, kPaddedStride);
}

void BM_PackedStrideCopy(benchmark::State &state) {
  run_copy(state, static_cast<int32_t>(kRowBytes));
}

void BM_PlainMemcpyReference(benchmark::State &state) {
  std::vector<uint8_t> &destination = buffers().destination;
  for (auto _ : state) {
    std::memcpy(destination.data(), buffers().source, destination.size());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * destination.size()));
}

// Repeated and reported as medians: a shared machine's noise moves single runs by 2x.
BENCHMARK(BM_DepadPaddedStride)->Repetitions(9)->ReportAggregatesOnly();
BENCHMARK(BM_PackedStrideCopy)->Repetitions(9)->ReportAggregatesOnly();
BENCHMARK(BM_PlainMemcpyReference)->Repetitions(9)->ReportAggregatesOnly();

}  // namespace

BENCHMARK_MAIN();
