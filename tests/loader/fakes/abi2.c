/* Built for a future ABI major: the host must refuse it without calling anything else. */
#include "fake_common.h"

FAKE_BACKEND(abi2_display, PFHOST_BACKEND_DISPLAY, "abi2-display", "", 1, fake_probe_ok,
             &fake_display_table, NULL, NULL);
static const pfhost_backend *const abi2_backends[] = {&abi2_display};
static const pfhost_plugin_descriptor abi2_descriptor = {sizeof(pfhost_plugin_descriptor),
                                                         2,
                                                         0,
                                                         0,
                                                         "abi-two",
                                                         "2.0",
                                                         "pfhost tests",
                                                         "",
                                                         NULL,
                                                         1,
                                                         0,
                                                         abi2_backends,
                                                         NULL};

PFHOST_EXPORT const pfhost_plugin_descriptor *pfhost_plugin_entry(uint32_t major, uint32_t minor) {
  (void)major, (void)minor;
  return &abi2_descriptor; /* answers regardless, like a careless plugin would */
}
