// The 1.0, 1.1 and 1.2 layouts pinned again from C++: the same tables, checked by a C++20 compiler,
// which is what the host itself and C++ plugins see (C and C++ must agree on every offset).
#include <gtest/gtest.h>
#include <pfhost/plugin.h>

#include <cstddef>
#include <set>
#include <string>

namespace {

#if defined(__x86_64__) && (defined(__linux__) || defined(_WIN64))
constexpr bool kPinnedPlatform = true;
#else
constexpr bool kPinnedPlatform = false;
#endif

// The structs a later minor grew: their 1.0 size is only a lower bound now.
const std::set<std::string> &grown_since_1_0() {
  static const std::set<std::string> grown = {
#define PFHOST_ABI_STRUCT(type, size, align) #type,
#define PFHOST_ABI_FIELD(type, field, offset)
#define PFHOST_ABI_CONST(name, value)
#include "layout_1_1.def"
#include "layout_1_2.def"
#undef PFHOST_ABI_STRUCT
#undef PFHOST_ABI_FIELD
#undef PFHOST_ABI_CONST
  };
  return grown;
}

TEST(AbiLayout, StructSizesAndAlignment) {
  if (!kPinnedPlatform) GTEST_SKIP() << "layout pinned for x86-64 Linux and Windows only";
#define PFHOST_ABI_STRUCT(type, size, align)                  \
  if (grown_since_1_0().count(#type) != 0) {                  \
    EXPECT_GE(sizeof(type), size_t{size}) << #type " shrank"; \
  } else {                                                    \
    EXPECT_EQ(sizeof(type), size_t{size}) << #type;           \
  }                                                           \
  EXPECT_EQ(alignof(type), size_t{align}) << #type;
#define PFHOST_ABI_FIELD(type, field, offset)
#define PFHOST_ABI_CONST(name, value)
#include "layout_1_0.def"
#undef PFHOST_ABI_STRUCT
#undef PFHOST_ABI_FIELD
#undef PFHOST_ABI_CONST
}

// What 1.1 and 1.2 appended: exact sizes of the grown structs and the new fields' offsets.
#define PFHOST_ABI_STRUCT(type, size, align)      \
  EXPECT_EQ(sizeof(type), size_t{size}) << #type; \
  EXPECT_EQ(alignof(type), size_t{align}) << #type;
#define PFHOST_ABI_FIELD(type, field, offset) \
  EXPECT_EQ(offsetof(type, field), size_t{offset}) << #type "." #field;
#define PFHOST_ABI_CONST(name, value) EXPECT_EQ(static_cast<long long>(name), value##LL) << #name;

TEST(AbiLayout, Additions11) {
  if (!kPinnedPlatform) GTEST_SKIP() << "layout pinned for x86-64 Linux and Windows only";
#include "layout_1_1.def"
}

TEST(AbiLayout, Additions12) {
  if (!kPinnedPlatform) GTEST_SKIP() << "layout pinned for x86-64 Linux and Windows only";
#include "layout_1_2.def"
}
#undef PFHOST_ABI_STRUCT
#undef PFHOST_ABI_FIELD
#undef PFHOST_ABI_CONST

// The headers describe at least 1.2 (the minor grows; the major is pinned in layout_1_0.def).
TEST(AbiLayout, MinorIsAtLeast12) {
  EXPECT_GE(PFHOST_ABI_MINOR, 2);
}
TEST(AbiLayout, FieldOffsets) {
  if (!kPinnedPlatform) GTEST_SKIP() << "layout pinned for x86-64 Linux and Windows only";
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
