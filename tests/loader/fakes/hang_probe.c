/* A probe that never returns (and a child process of its own, which the timeout must take down
 * with it: the worker's process group is killed). */
#include <unistd.h>

#include "fake_common.h"

static pfhost_status hanging_probe(void *ctx, pfhost_reason *reason) {
  (void)ctx, (void)reason;
  fake_touch_marker("hang probe started");
  if (fork() == 0) {
    for (;;) pause();
  }
  for (;;) pause();
  return PFHOST_OK;
}

FAKE_BACKEND(hanger, PFHOST_BACKEND_DISPLAY, "hanger", "hangs in probe", 1, hanging_probe,
             &fake_display_table, NULL, NULL);
FAKE_PLUGIN("hang-probe", fake_init_marker, &hanger)
