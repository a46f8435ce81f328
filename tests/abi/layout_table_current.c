/* The 1.0 table from the current plugin-api/include. */
#define PFHOST_ABI_TABLE_FN pfhost_abi_layout_current
#include "layout_table.inc"
