/* A minimal plugin for the ABI-call benchmark: an encoder whose request_keyframe only counts,
 * so the benchmark measures the cost of crossing the plugin boundary and nothing else. */
#include <pfhost/plugin.h>

#include <stdlib.h>

struct pfhost_encoder {
  uint64_t calls;
};

static pfhost_status bench_open(void *plugin_ctx, const pfhost_encoder_params *params,
                                pfhost_encoder **out, pfhost_reason *reason) {
  (void)plugin_ctx;
  (void)params;
  (void)reason;
  *out = calloc(1, sizeof(pfhost_encoder));
  return *out ? PFHOST_OK : PFHOST_E_NO_MEMORY;
}

static pfhost_status bench_request_keyframe(pfhost_encoder *encoder) {
  encoder->calls++;
  return PFHOST_OK;
}

static void bench_close(pfhost_encoder *encoder) { free(encoder); }

static pfhost_status bench_probe(void *plugin_ctx, pfhost_reason *reason) {
  (void)plugin_ctx;
  (void)reason;
  return PFHOST_OK;
}

static const pfhost_encode_vtable kEncode = {
    .struct_size = sizeof(pfhost_encode_vtable),
    .open = bench_open,
    .request_keyframe = bench_request_keyframe,
    .close = bench_close,
};

static const pfhost_backend kBackend = {
    .struct_size = sizeof(pfhost_backend),
    .kind = PFHOST_BACKEND_ENCODE,
    .name = "abi-bench",
    .description = "counts calls; for the ABI call-cost benchmark",
    .probe = bench_probe,
    .encode = &kEncode,
};

static const pfhost_backend *const kBackends[] = {&kBackend};

static const pfhost_plugin_descriptor kDescriptor = {
    .struct_size = sizeof(pfhost_plugin_descriptor),
    .abi_major = PFHOST_ABI_MAJOR,
    .abi_minor = PFHOST_ABI_MINOR,
    .name = "abi-bench",
    .version = "1.0",
    .vendor = "pfhost",
    .description = "benchmark plugin",
    .backend_count = 1,
    .backends = kBackends,
};

PFHOST_EXPORT const pfhost_plugin_descriptor *pfhost_plugin_entry(uint32_t major, uint32_t minor) {
  (void)minor;
  return major == PFHOST_ABI_MAJOR ? &kDescriptor : NULL;
}
