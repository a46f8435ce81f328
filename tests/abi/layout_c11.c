/* The 1.0 layout pinned at compile time, as C11: a moved field or renumbered constant stops the
 * build here, before any plugin could be miscompiled against it. Compiled as strict C11 (not C++)
 * because a C compiler is what most plugins and binding generators see. */
#include <pfhost/plugin.h>

#if defined(__x86_64__) && defined(__linux__)
#define PFHOST_ABI_STRUCT(type, size, align)                           \
  _Static_assert(sizeof(type) == (size), "sizeof(" #type ") changed"); \
  _Static_assert(_Alignof(type) == (align), "_Alignof(" #type ") changed");
#define PFHOST_ABI_FIELD(type, field, offset) \
  _Static_assert(offsetof(type, field) == (offset), #type "." #field " moved");
#else /* sizes and offsets are pinned for x86-64 Linux only */
#define PFHOST_ABI_STRUCT(type, size, align)
#define PFHOST_ABI_FIELD(type, field, offset)
#endif
/* Enum values and flags do not depend on the platform. */
#define PFHOST_ABI_CONST(name, value) _Static_assert((name) == (value), #name " renumbered");
#include "layout_1_0.def"

int main(void) {
  return 0;
}
