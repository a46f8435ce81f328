// The current headers must still describe ABI 1.0 exactly as the frozen copy does: every 1.0 field
// at the same offset, every constant with the same value. Extensible structs (those starting with
// struct_size) may grow at their end, and so may a target-union member a later minor grew inside
// the union's reserved bytes; frozen value types keep their size exactly.
// Unlike layout_test.cpp this holds on every platform: both sides come from the same compiler.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "layout_table.h"

namespace {

std::string row_name(const pfhost_abi_row &row) {
  switch (row.kind) {
    case PFHOST_ABI_ROW_SIZE:
      return std::string("sizeof(") + row.type + ")";
    case PFHOST_ABI_ROW_ALIGN:
      return std::string("alignof(") + row.type + ")";
    case PFHOST_ABI_ROW_FIELD:
      return std::string(row.type) + "." + row.member;
    case PFHOST_ABI_ROW_CONST:
      return row.type;
  }
  return "?";
}

TEST(AbiFrozen10, CurrentHeadersKeepEvery10Offset) {
  const pfhost_abi_table frozen = pfhost_abi_layout_frozen_1_0();
  const pfhost_abi_table current = pfhost_abi_layout_current();
  ASSERT_EQ(frozen.count, current.count) << "both are built from layout_1_0.def";

  std::set<std::string> extensible;
  for (size_t i = 0; i < frozen.count; ++i) {
    const pfhost_abi_row &row = frozen.rows[i];
    if (row.kind == PFHOST_ABI_ROW_FIELD && std::string(row.member) == "struct_size") {
      extensible.insert(row.type);
    }
  }
  // Grown inside pfhost_target's reserved union bytes (layout_1_2.def pins its new size).
  extensible.insert("pfhost_target_windows_idd");

  for (size_t i = 0; i < frozen.count; ++i) {
    const pfhost_abi_row &old_row = frozen.rows[i];
    const pfhost_abi_row &new_row = current.rows[i];
    const std::string name = row_name(old_row);
    ASSERT_EQ(name, row_name(new_row));
    if (old_row.kind == PFHOST_ABI_ROW_SIZE && extensible.count(old_row.type) != 0) {
      EXPECT_GE(new_row.value, old_row.value) << name << " shrank";
    } else {
      EXPECT_EQ(new_row.value, old_row.value) << name << " differs from ABI 1.0";
    }
  }
}

}  // namespace
