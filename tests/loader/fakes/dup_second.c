/* Also provides "shared-encoder": skipped, naming dup-first. */
#include "fake_common.h"

FAKE_BACKEND(second_encoder, PFHOST_BACKEND_ENCODE, "shared-encoder", "the second one", 1,
             fake_probe_ok, NULL, NULL, &fake_encode_table);
FAKE_PLUGIN("dup-second", NULL, &second_encoder)
