/* Provides "shared-encoder"; sorts before dup_second, so it owns the name. */
#include "fake_common.h"

FAKE_BACKEND(first_encoder, PFHOST_BACKEND_ENCODE, "shared-encoder", "the first one", 1,
             fake_probe_ok, NULL, NULL, &fake_encode_table);
FAKE_PLUGIN("dup-first", NULL, &first_encoder)
