// Cost of one call through the plugin ABI (a function pointer in a table of a dlopen()ed
// library, reached after the optional-method size check the host does) next to a direct C++
// virtual call doing the same work. Both are measured in the same run.
#include <benchmark/benchmark.h>
#include <dlfcn.h>
#include <pfhost/plugin.hpp>

#include <cstdio>
#include <cstdlib>

#include "direct_encoder.h"

namespace {

struct LoadedBenchPlugin {
  const pfhost_encode_vtable *table = nullptr;
  pfhost_encoder *encoder = nullptr;
};

const LoadedBenchPlugin &bench_plugin() {
  static LoadedBenchPlugin loaded = [] {
    LoadedBenchPlugin result;
    void *library = dlopen(PFHOST_BENCH_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
      std::fprintf(stderr, "cannot load %s: %s\n", PFHOST_BENCH_PLUGIN_PATH, dlerror());
      std::exit(1);
    }
    auto entry = reinterpret_cast<pfhost_plugin_entry_fn>(
        dlsym(library, PFHOST_PLUGIN_ENTRY_SYMBOL));
    const pfhost_plugin_descriptor *descriptor = entry(PFHOST_ABI_MAJOR, PFHOST_ABI_MINOR);
    result.table = descriptor->backends[0]->encode;
    auto params = pfhost::make_struct<pfhost_encoder_params>();
    result.table->open(nullptr, &params, &result.encoder, nullptr);
    return result;
  }();
  return loaded;
}

void BM_DirectVirtualCall(benchmark::State &state) {
  auto encoder = make_direct_encoder();
  DirectEncoder *target = encoder.get();
  benchmark::DoNotOptimize(target);
  for (auto _ : state) {
    benchmark::DoNotOptimize(target->request_keyframe());
  }
}
BENCHMARK(BM_DirectVirtualCall);

void BM_PluginAbiCall(benchmark::State &state) {
  const LoadedBenchPlugin &plugin = bench_plugin();
  const pfhost_encode_vtable *table = plugin.table;
  pfhost_encoder *encoder = plugin.encoder;
  benchmark::DoNotOptimize(table);
  for (auto _ : state) {
    // What the host does for an optional method: size check, NULL check, indirect call.
    if (PFHOST_HAS_MEMBER(table, request_keyframe)) {
      benchmark::DoNotOptimize(table->request_keyframe(encoder));
    }
  }
}
BENCHMARK(BM_PluginAbiCall);

}  // namespace

BENCHMARK_MAIN();
