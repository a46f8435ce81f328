/* Two backends with the same name in one plugin: the second is skipped, naming the first. */
#include "fake_common.h"

FAKE_BACKEND(twin_a, PFHOST_BACKEND_DISPLAY, "twin", "first twin", 1, fake_probe_ok,
             &fake_display_table, NULL, NULL);
FAKE_BACKEND(twin_b, PFHOST_BACKEND_CAPTURE, "twin", "second twin", 1, fake_probe_ok, NULL,
             &fake_capture_table, NULL);
FAKE_PLUGIN("dup-within", NULL, &twin_a, &twin_b)
