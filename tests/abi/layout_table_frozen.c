/* The 1.0 table from tests/abi/frozen-1.0/include (the only pfhost include path of its target). */
#define PFHOST_ABI_TABLE_FN pfhost_abi_layout_frozen_1_0
#include "layout_table.inc"
