// The 1.0 layout pinned again from C++: the same table, checked by a C++20 compiler, which is
// what the host itself and C++ plugins see (C and C++ must agree on every offset).
#include <gtest/gtest.h>
#include <pfhost/plugin.h>

#include <cstddef>

namespace {

#if defined(__x86_64__) && defined(__linux__)
constexpr bool kPinnedPlatform = true;
#else
constexpr bool kPinnedPlatform = false;
#endif

TEST(AbiLayout, StructSizesAndAlignment) {
  if (!kPinnedPlatform) GTEST_SKIP() << "layout pinned for x86-64 Linux only";
#define PFHOST_ABI_STRUCT(type, size, align)      \
  EXPECT_EQ(sizeof(type), size_t{size}) << #type; \
  EXPECT_EQ(alignof(type), size_t{align}) << #type;
#define PFHOST_ABI_FIELD(type, field, offset)
#define PFHOST_ABI_CONST(name, value)
#include "layout_1_0.def"
#undef PFHOST_ABI_STRUCT
#undef PFHOST_ABI_FIELD
#undef PFHOST_ABI_CONST
}

TEST(AbiLayout, FieldOffsets) {
  if (!kPinnedPlatform) GTEST_SKIP() << "layout pinned for x86-64 Linux only";
#define PFHOST_ABI_STRUCT(type, size, align)
#define PFHOST_ABI_FIELD(type, field, offset) \
  EXPECT_EQ(offsetof(type, field), size_t{offset}) << #type "." #field;
#define PFHOST_ABI_CONST(name, value)
#include "layout_1_0.def"
#undef PFHOST_ABI_STRUCT
#undef PFHOST_ABI_FIELD
#undef PFHOST_ABI_CONST
}

// Enum values and flags do not depend on the platform.
TEST(AbiLayout, FrozenConstants) {
#define PFHOST_ABI_STRUCT(type, size, align)
#define PFHOST_ABI_FIELD(type, field, offset)
#define PFHOST_ABI_CONST(name, value) EXPECT_EQ(static_cast<long long>(name), value##LL) << #name;
#include "layout_1_0.def"
#undef PFHOST_ABI_STRUCT
#undef PFHOST_ABI_FIELD
#undef PFHOST_ABI_CONST
}

}  // namespace
