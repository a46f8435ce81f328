/* The second backend's probe dies of SIGSEGV; the first one's probe succeeded before it. */
#include "fake_common.h"

static pfhost_status crashing_probe(void *ctx, pfhost_reason *reason) {
  (void)ctx, (void)reason;
  fake_touch_marker("crash probe started");
  fake_segfault();
  return PFHOST_OK;
}

FAKE_BACKEND(crash_ok, PFHOST_BACKEND_DISPLAY, "crash-survivor", "probes fine", 1, fake_probe_ok,
             &fake_display_table, NULL, NULL);
FAKE_BACKEND(crasher, PFHOST_BACKEND_CAPTURE, "crasher", "segfaults in probe", 1, crashing_probe,
             NULL, &fake_capture_table, NULL);
FAKE_PLUGIN("crash-probe", fake_init_marker, &crash_ok, &crasher)
