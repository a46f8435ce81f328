/* A plugin whose own name is invalid ("Bad Name!"): rejected as a whole. */
#include "fake_common.h"

FAKE_BACKEND(bad_named_display, PFHOST_BACKEND_DISPLAY, "ok-name", "", 1, fake_probe_ok,
             &fake_display_table, NULL, NULL);
FAKE_PLUGIN("Bad Name!", NULL, &bad_named_display)
