/* init() fails: every backend is unusable with the reason. */
#include "fake_common.h"

static pfhost_status failing_init(const pfhost_host_api *host, void **ctx, pfhost_reason *reason) {
  (void)host, (void)ctx;
  fake_reason(reason, "license server unreachable");
  return PFHOST_E_UNAVAILABLE;
}

FAKE_BACKEND(init_fail_display, PFHOST_BACKEND_DISPLAY, "init-fail-display", "", 1, fake_probe_ok,
             &fake_display_table, NULL, NULL);
FAKE_PLUGIN("init-fail", failing_init, &init_fail_display)
