#include "serve/memory_policy.hpp"

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace pfhost::core::serve {

void use_one_malloc_arena() {
#ifdef __GLIBC__
  // One: measured flat where two still climbed. The lock this adds is taken per allocation, and
  // sessions allocate mostly when they start (encoder, buffers), not per frame.
  mallopt(M_ARENA_MAX, 1);
#endif
}

void return_freed_memory() {
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}

}  // namespace pfhost::core::serve
