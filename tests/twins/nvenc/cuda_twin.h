/* What the two halves of the NVENC twin share about a CUDA context: the NVENC twin checks that the
 * device handed to nvEncOpenEncodeSessionEx is a context this libcuda made. */
#ifndef PFHOST_CUDA_TWIN_H
#define PFHOST_CUDA_TWIN_H

#include <stdint.h>

#define PFHOST_CUDA_TWIN_CONTEXT_MAGIC 0x43557477u /* "CUtw" */
/* Tests assert on this name, so that a machine with a real driver never silently tests it. */
#define PFHOST_CUDA_TWIN_DEVICE_NAME "pfhost NVENC twin (software encoder, no GPU)"

struct pfhost_cuda_twin_context {
  uint32_t magic;
};

#endif
