/* Shared pieces of the test plugins: stub tables whose methods do nothing useful (these plugins
 * exist to exercise discovery and probing, not to stream) and small helpers. */
#ifndef PFHOST_FAKE_COMMON_H
#define PFHOST_FAKE_COMMON_H

#include <pfhost/plugin.h>
#include <stdio.h>
#include <string.h>

#define FAKE_UNUSED __attribute__((unused))

static FAKE_UNUSED void fake_reason(pfhost_reason *reason, const char *text) {
  if (reason != NULL && reason->text != NULL && reason->capacity > 0) {
    snprintf(reason->text, reason->capacity, "%s", text);
  }
}

static FAKE_UNUSED pfhost_status fake_probe_ok(void *ctx, pfhost_reason *reason) {
  (void)ctx;
  (void)reason;
  return PFHOST_OK;
}

/* The marker file named by the plugin's config key "marker_file": tests count lines in it to see
 * how often a probe ran. */
static char fake_marker_path[1024];

static FAKE_UNUSED void fake_read_marker(const pfhost_host_api *host) {
  const char *path = NULL;
  if (host != NULL && host->config_get_string != NULL &&
      host->config_get_string(host->host_ctx, "marker_file", &path) == PFHOST_OK && path != NULL) {
    snprintf(fake_marker_path, sizeof fake_marker_path, "%s", path);
  }
}

static FAKE_UNUSED void fake_touch_marker(const char *line) {
  if (fake_marker_path[0] == '\0') return;
  FILE *f = fopen(fake_marker_path, "a");
  if (f == NULL) return;
  fprintf(f, "%s\n", line);
  fclose(f);
}

static FAKE_UNUSED pfhost_status fake_init_marker(const pfhost_host_api *host, void **ctx,
                                                  pfhost_reason *reason) {
  (void)ctx;
  (void)reason;
  fake_read_marker(host);
  return PFHOST_OK;
}

/* A real segmentation fault: a store through a pointer the compiler cannot prove null (so the
 * optimizer neither drops it nor turns it into a trap instruction). UBSan would report the null
 * store and exit(1) instead, so it is kept out of this one function: the host must see the
 * signal a broken plugin really dies of. */
static int *volatile fake_null_pointer;

__attribute__((no_sanitize("undefined"), noinline)) static FAKE_UNUSED void fake_segfault(void) {
  *fake_null_pointer = 1;
}

/* Display stubs. */
static FAKE_UNUSED pfhost_status fake_display_create(void *ctx, const pfhost_display_request *req,
                                                     pfhost_display **out, pfhost_target *target,
                                                     pfhost_reason *reason) {
  (void)ctx, (void)req, (void)out, (void)target;
  fake_reason(reason, "fake display cannot create anything");
  return PFHOST_E_UNSUPPORTED;
}
static FAKE_UNUSED void fake_display_destroy(pfhost_display *display) {
  (void)display;
}

static FAKE_UNUSED const pfhost_display_vtable fake_display_table = {
    sizeof(pfhost_display_vtable),
    1u << PFHOST_TARGET_PIPEWIRE_NODE,
    fake_display_create,
    fake_display_destroy,
    NULL,
    NULL};

/* Capture stubs. */
static FAKE_UNUSED pfhost_status fake_capture_open(void *ctx, const pfhost_capture_params *params,
                                                   pfhost_capture **out, pfhost_reason *reason) {
  (void)ctx, (void)params, (void)out;
  fake_reason(reason, "fake capture cannot open anything");
  return PFHOST_E_UNSUPPORTED;
}
static FAKE_UNUSED pfhost_status fake_capture_next(pfhost_capture *capture, uint32_t timeout_ms,
                                                   pfhost_frame **out, pfhost_reason *reason) {
  (void)capture, (void)timeout_ms, (void)out, (void)reason;
  return PFHOST_E_CLOSED;
}
static FAKE_UNUSED void fake_capture_close(pfhost_capture *capture) {
  (void)capture;
}

static FAKE_UNUSED const pfhost_capture_vtable fake_capture_table = {
    sizeof(pfhost_capture_vtable),
    1u << PFHOST_TARGET_PIPEWIRE_NODE,
    1u << PFHOST_MEMORY_CPU,
    (1ull << PFHOST_PIXEL_FORMAT_BGRX) | (1ull << PFHOST_PIXEL_FORMAT_RGBX),
    fake_capture_open,
    fake_capture_next,
    NULL,
    NULL,
    fake_capture_close};

/* Encode stubs. */
static FAKE_UNUSED pfhost_status fake_encode_caps(void *ctx, pfhost_encoder_caps *caps,
                                                  pfhost_reason *reason) {
  (void)ctx, (void)reason;
  caps->codecs = 1u << PFHOST_CODEC_H264;
  caps->bit_depths = 1u << 8;
  caps->chroma = 1u << PFHOST_CHROMA_420;
  caps->max_width = 4096;
  caps->max_height = 4096;
  caps->input_memory = 1u << PFHOST_MEMORY_CPU;
  caps->input_formats = (1ull << PFHOST_PIXEL_FORMAT_BGRX) | (1ull << PFHOST_PIXEL_FORMAT_NV12);
  return PFHOST_OK;
}
static FAKE_UNUSED pfhost_status fake_encode_open(void *ctx, const pfhost_encoder_params *params,
                                                  pfhost_encoder **out, pfhost_reason *reason) {
  (void)ctx, (void)params, (void)out;
  fake_reason(reason, "fake encoder cannot open");
  return PFHOST_E_UNSUPPORTED;
}
static FAKE_UNUSED pfhost_status fake_encode_submit(pfhost_encoder *e, const pfhost_frame *f,
                                                    uint32_t flags, pfhost_reason *reason) {
  (void)e, (void)f, (void)flags, (void)reason;
  return PFHOST_E_INTERNAL;
}
static FAKE_UNUSED pfhost_status fake_encode_receive(pfhost_encoder *e, pfhost_packet *p,
                                                     pfhost_reason *reason) {
  (void)e, (void)p, (void)reason;
  return PFHOST_E_AGAIN;
}
static FAKE_UNUSED void fake_encode_close(pfhost_encoder *e) {
  (void)e;
}

static FAKE_UNUSED const pfhost_encode_vtable fake_encode_table = {sizeof(pfhost_encode_vtable),
                                                                   fake_encode_caps,
                                                                   fake_encode_open,
                                                                   fake_encode_submit,
                                                                   fake_encode_receive,
                                                                   NULL,
                                                                   NULL,
                                                                   NULL,
                                                                   fake_encode_close};

/* A backend literal: FAKE_BACKEND(var, kind, "name", "description", rank, probe, d, c, e). */
#define FAKE_BACKEND(var, kind, name, description, rank, probe, display, capture, encode) \
  static const pfhost_backend var = {                                                     \
      sizeof(pfhost_backend), kind, name, description, rank, 0, probe, display, capture, encode}

/* A descriptor literal and the entry returning it; FAKE_PLUGIN_WITH_DEINIT also sets deinit. */
#define FAKE_PLUGIN_WITH_DEINIT(name, init, deinit, ...)                              \
  static const pfhost_backend *const fake_backends[] = {__VA_ARGS__};                 \
  static const pfhost_plugin_descriptor fake_descriptor = {                           \
      sizeof(pfhost_plugin_descriptor),                                               \
      PFHOST_ABI_MAJOR,                                                               \
      PFHOST_ABI_MINOR,                                                               \
      0,                                                                              \
      name,                                                                           \
      "1.0.0",                                                                        \
      "pfhost tests",                                                                 \
      "a test plugin",                                                                \
      init,                                                                           \
      (uint32_t)(sizeof fake_backends / sizeof fake_backends[0]),                     \
      0,                                                                              \
      fake_backends,                                                                  \
      deinit};                                                                        \
  PFHOST_EXPORT const pfhost_plugin_descriptor *pfhost_plugin_entry(uint32_t major,   \
                                                                    uint32_t minor) { \
    (void)minor;                                                                      \
    return major == PFHOST_ABI_MAJOR ? &fake_descriptor : NULL;                       \
  }
#define FAKE_PLUGIN(name, init, ...) FAKE_PLUGIN_WITH_DEINIT(name, init, NULL, __VA_ARGS__)

#endif
