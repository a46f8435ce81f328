/* A 1.0-sized descriptor (struct_size stops before deinit) whose memory right after holds a
 * deinit anyway, as stray bytes past a 1.0 plugin's descriptor might. The host must read
 * struct_size and never call it; if it does, the marker file says so. */
#include <stddef.h>

#include "fake_common.h"

static void outside_deinit(void *ctx) {
  (void)ctx;
  fake_touch_marker("deinit outside struct_size called");
}

FAKE_BACKEND(outside_display, PFHOST_BACKEND_DISPLAY, "outside-display", "", 1, fake_probe_ok,
             &fake_display_table, NULL, NULL);
static const pfhost_backend *const outside_backends[] = {&outside_display};
static const pfhost_plugin_descriptor outside_descriptor = {
    offsetof(pfhost_plugin_descriptor, deinit),
    PFHOST_ABI_MAJOR,
    0,
    0,
    "deinit-outside",
    "1.0.0",
    "pfhost tests",
    "a 1.0 plugin",
    fake_init_marker,
    1,
    0,
    outside_backends,
    outside_deinit};

PFHOST_EXPORT const pfhost_plugin_descriptor *pfhost_plugin_entry(uint32_t major, uint32_t minor) {
  (void)minor;
  return major == PFHOST_ABI_MAJOR ? &outside_descriptor : NULL;
}
