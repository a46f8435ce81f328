/* Built against a newer minor (1.99) whose structs grew at the end: bigger struct_size values
 * everywhere. A 1.0 host must load it, reading only the fields it knows. */
#include "fake_common.h"

typedef struct {
  pfhost_display_vtable v10;
  void *future_method_a;
  void *future_method_b;
} newer_display_vtable;

typedef struct {
  pfhost_backend v10;
  uint64_t future_field[4];
} newer_backend;

typedef struct {
  pfhost_plugin_descriptor v10;
  const char *future_homepage;
  uint64_t future_flags;
} newer_descriptor;

static const newer_display_vtable newer_table = {
    {sizeof(newer_display_vtable), 1u << PFHOST_TARGET_WAYLAND_OUTPUT, fake_display_create,
     fake_display_destroy, NULL, NULL},
    NULL,
    NULL};

static const newer_backend newer_display = {
    {sizeof(newer_backend), PFHOST_BACKEND_DISPLAY, "newer-display", "From a newer minor", 5, 0,
     fake_probe_ok, &newer_table.v10, NULL, NULL},
    {1, 2, 3, 4}};

static const pfhost_backend *const newer_backends[] = {&newer_display.v10};

static const newer_descriptor descriptor = {
    {sizeof(newer_descriptor), PFHOST_ABI_MAJOR, 99, 0, "newer-minor", "1.99.0", "pfhost tests",
     "built against ABI 1.99", NULL, 1, 0, newer_backends, NULL},
    "https://example.invalid",
    7};

PFHOST_EXPORT const pfhost_plugin_descriptor *pfhost_plugin_entry(uint32_t major, uint32_t minor) {
  (void)minor;
  return major == PFHOST_ABI_MAJOR ? &descriptor.v10 : NULL;
}
