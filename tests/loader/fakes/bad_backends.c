/* A valid plugin with broken backends: a bad name, a backend struct that lies about its size, a
 * display table too small for 1.0, a kind without its table. Only "fine-display" survives. */
#include "fake_common.h"

FAKE_BACKEND(fine_display, PFHOST_BACKEND_DISPLAY, "fine-display", "the one good backend", 1,
             fake_probe_ok, &fake_display_table, NULL, NULL);
FAKE_BACKEND(badly_named, PFHOST_BACKEND_DISPLAY, "Oops Caps", "", 1, fake_probe_ok,
             &fake_display_table, NULL, NULL);
static const pfhost_backend lying_size = {1u << 20,      PFHOST_BACKEND_DISPLAY, "liar", "",  1, 0,
                                          fake_probe_ok, &fake_display_table,    NULL,   NULL};
static const pfhost_display_vtable tiny_table = {8, 0, NULL, NULL, NULL, NULL};
FAKE_BACKEND(tiny_display, PFHOST_BACKEND_DISPLAY, "tiny-table", "", 1, fake_probe_ok, &tiny_table,
             NULL, NULL);
FAKE_BACKEND(tableless, PFHOST_BACKEND_CAPTURE, "tableless", "", 1, fake_probe_ok, NULL, NULL,
             NULL);
FAKE_PLUGIN("bad-backends", NULL, &fine_display, &badly_named, &lying_size, &tiny_display,
            &tableless)
