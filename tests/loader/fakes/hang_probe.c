/* A probe that never returns (and a child process of its own, which the timeout must take down
 * with it: the worker's process group is killed). When PFHOST_TEST_HANG_CHILD_PID_FILE is set
 * (the probe worker inherits the test's environment), the child's pid is written there so the
 * test can check that nothing the plugin started is still running after the timeout. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#include "fake_common.h"

/* Written whole to a temporary name, then renamed: the test never reads half a pid. */
static void hang_record_child(pid_t child) {
  const char *path = getenv("PFHOST_TEST_HANG_CHILD_PID_FILE");
  if (path == NULL || child <= 0) return;
  char tmp[1100];
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  FILE *f = fopen(tmp, "w");
  if (f == NULL) return;
  fprintf(f, "%ld\n", (long)child);
  if (fclose(f) == 0) rename(tmp, path);
}

static pfhost_status hanging_probe(void *ctx, pfhost_reason *reason) {
  (void)ctx, (void)reason;
  fake_touch_marker("hang probe started");
  const pid_t child = fork();
  if (child == 0) {
    for (;;) pause();
  }
  hang_record_child(child);
  for (;;) pause();
  return PFHOST_OK;
}

FAKE_BACKEND(hanger, PFHOST_BACKEND_DISPLAY, "hanger", "hangs in probe", 1, hanging_probe,
             &fake_display_table, NULL, NULL);
FAKE_PLUGIN("hang-probe", fake_init_marker, &hanger)
