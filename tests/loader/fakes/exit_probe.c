/* A probe that calls exit(3): the worker ends without finishing. */
#include <stdlib.h>

#include "fake_common.h"

static pfhost_status exiting_probe(void *ctx, pfhost_reason *reason) {
  (void)ctx, (void)reason;
  exit(3);
}

FAKE_BACKEND(exiter, PFHOST_BACKEND_DISPLAY, "exiter", "exits in probe", 1, exiting_probe,
             &fake_display_table, NULL, NULL);
FAKE_PLUGIN("exit-probe", NULL, &exiter)
