/* An entry point that declines this host (returns NULL). */
#include "fake_common.h"

PFHOST_EXPORT const pfhost_plugin_descriptor *pfhost_plugin_entry(uint32_t major, uint32_t minor) {
  (void)major, (void)minor;
  return NULL;
}
