/* A descriptor that claims to be 8 bytes long: smaller than the 1.0 layout. */
#include "fake_common.h"

static const pfhost_plugin_descriptor truncated_descriptor = {8,
                                                              PFHOST_ABI_MAJOR,
                                                              PFHOST_ABI_MINOR,
                                                              0,
                                                              "truncated",
                                                              "1",
                                                              "pfhost tests",
                                                              "",
                                                              NULL,
                                                              0,
                                                              0,
                                                              NULL,
                                                              NULL};

PFHOST_EXPORT const pfhost_plugin_descriptor *pfhost_plugin_entry(uint32_t major, uint32_t minor) {
  (void)major, (void)minor;
  return &truncated_descriptor;
}
