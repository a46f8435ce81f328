/* A probe that abort()s. */
#include <stdlib.h>

#include "fake_common.h"

static pfhost_status aborting_probe(void *ctx, pfhost_reason *reason) {
  (void)ctx, (void)reason;
  abort();
}

FAKE_BACKEND(aborter, PFHOST_BACKEND_ENCODE, "aborter", "aborts in probe", 1, aborting_probe, NULL,
             NULL, &fake_encode_table);
FAKE_PLUGIN("abort-probe", NULL, &aborter)
