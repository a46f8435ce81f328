/* The 1.0, 1.1 and 1.2 layouts pinned at compile time, as C11: a moved field or renumbered constant
 * stops the build here, before any plugin could be miscompiled against it. Compiled as strict C11
 * (not C++) because a C compiler is what most plugins and binding generators see. */
#include <pfhost/plugin.h>

/* The structs layout_1_1.def and layout_1_2.def grew, whose 1.0 size is only a lower bound now. The
 * preprocessor cannot read that list from the .def, so it is repeated here; forgetting a struct
 * fails loudly (its exact 1.0 size no longer matches). PFHOST_ABI_GROWN(type) is 1 for those, else
 * 0: the defined name expands to "~, 1", which shifts the 1 into the second argument. */
#define PFHOST_ABI_GROWN_pfhost_plugin_descriptor ~, 1
#define PFHOST_ABI_GROWN_pfhost_target_windows_idd ~, 1
#define PFHOST_ABI_SECOND(first, second, ...) second
#define PFHOST_ABI_SECOND_OF(...) PFHOST_ABI_SECOND(__VA_ARGS__)
#define PFHOST_ABI_GROWN(type) PFHOST_ABI_SECOND_OF(PFHOST_ABI_GROWN_##type, 0, ~)

#if defined(__x86_64__) && (defined(__linux__) || defined(_WIN64))
#define PFHOST_ABI_STRUCT(type, size, align)                                               \
  _Static_assert(PFHOST_ABI_GROWN(type) ? sizeof(type) >= (size) : sizeof(type) == (size), \
                 "sizeof(" #type ") changed");                                             \
  _Static_assert(_Alignof(type) == (align), "_Alignof(" #type ") changed");
#define PFHOST_ABI_FIELD(type, field, offset) \
  _Static_assert(offsetof(type, field) == (offset), #type "." #field " moved");
#else /* sizes and offsets are pinned for x86-64 Linux and Windows (the same on both) */
#define PFHOST_ABI_STRUCT(type, size, align)
#define PFHOST_ABI_FIELD(type, field, offset)
#endif
/* Enum values and flags do not depend on the platform. */
#define PFHOST_ABI_CONST(name, value) _Static_assert((name) == (value), #name " renumbered");
#include "layout_1_0.def"

/* What 1.1 and 1.2 appended: the grown structs' exact sizes and the new fields. */
#undef PFHOST_ABI_STRUCT
#if defined(__x86_64__) && (defined(__linux__) || defined(_WIN64))
#define PFHOST_ABI_STRUCT(type, size, align)                           \
  _Static_assert(sizeof(type) == (size), "sizeof(" #type ") changed"); \
  _Static_assert(_Alignof(type) == (align), "_Alignof(" #type ") changed");
#else
#define PFHOST_ABI_STRUCT(type, size, align)
#endif
#include "layout_1_1.def"
#include "layout_1_2.def"
_Static_assert(PFHOST_ABI_MINOR >= 2, "these headers describe ABI 1.2 or newer");

int main(void) {
  return 0;
}
