/* ABI 1.1: a plugin with a deinit. init allocates a context and deinit frees it, writing
 * "deinit <context's tag>" to the marker file, so a test can count how often the host called it
 * and see that it got init's context back. */
#include <stdlib.h>

#include "fake_common.h"

typedef struct deinit_context {
  char tag[16];
} deinit_context;

static pfhost_status deinit_init(const pfhost_host_api *host, void **ctx, pfhost_reason *reason) {
  (void)reason;
  fake_read_marker(host);
  deinit_context *context = malloc(sizeof *context);
  if (context == NULL) return PFHOST_E_NO_MEMORY;
  snprintf(context->tag, sizeof context->tag, "%s", "from-init");
  *ctx = context;
  return PFHOST_OK;
}

static void deinit_deinit(void *ctx) {
  deinit_context *context = ctx;
  char line[64];
  snprintf(line, sizeof line, "deinit %s", context != NULL ? context->tag : "(null)");
  fake_touch_marker(line);
  free(context);
}

FAKE_BACKEND(deinit_display, PFHOST_BACKEND_DISPLAY, "deinit-display", "", 1, fake_probe_ok,
             &fake_display_table, NULL, NULL);
FAKE_PLUGIN_WITH_DEINIT("deinit-marker", deinit_init, deinit_deinit, &deinit_display)
