/* Probes that say no, politely: one "unavailable" with a reason and a fix, one "unsupported". */
#include "fake_common.h"

static pfhost_status unavailable_probe(void *ctx, pfhost_reason *reason) {
  (void)ctx;
  fake_reason(reason, "the fake compositor is not running (start it and retry)");
  return PFHOST_E_UNAVAILABLE;
}

static pfhost_status unsupported_probe(void *ctx, pfhost_reason *reason) {
  (void)ctx;
  fake_reason(reason, "no fake GPU in this machine");
  return PFHOST_E_UNSUPPORTED;
}

FAKE_BACKEND(absent_display, PFHOST_BACKEND_DISPLAY, "absent-display", "needs a compositor", 90,
             unavailable_probe, &fake_display_table, NULL, NULL);
FAKE_BACKEND(unsupported_encoder, PFHOST_BACKEND_ENCODE, "unsupported-encoder", "needs a GPU", 100,
             unsupported_probe, NULL, NULL, &fake_encode_table);
FAKE_PLUGIN("moody", NULL, &absent_display, &unsupported_encoder)
