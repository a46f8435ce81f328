/* A layout table computed by the compiler from one set of headers: one row per size, alignment,
 * field offset and constant listed in layout_1_0.def. Built twice, from the frozen 1.0 headers
 * and from the current ones, in separate C translation units (the two define the same type
 * names), so a test can compare them. */
#ifndef PFHOST_TESTS_ABI_LAYOUT_TABLE_H
#define PFHOST_TESTS_ABI_LAYOUT_TABLE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pfhost_abi_row_kind {
  PFHOST_ABI_ROW_SIZE,
  PFHOST_ABI_ROW_ALIGN,
  PFHOST_ABI_ROW_FIELD,
  PFHOST_ABI_ROW_CONST
} pfhost_abi_row_kind;

typedef struct pfhost_abi_row {
  pfhost_abi_row_kind kind;
  const char *type;   /* struct name; the constant's name for PFHOST_ABI_ROW_CONST */
  const char *member; /* field name; "" otherwise */
  long long value;
} pfhost_abi_row;

typedef struct pfhost_abi_table {
  const pfhost_abi_row *rows;
  size_t count;
} pfhost_abi_table;

pfhost_abi_table pfhost_abi_layout_frozen_1_0(void);
pfhost_abi_table pfhost_abi_layout_current(void);

#ifdef __cplusplus
}
#endif

#endif
