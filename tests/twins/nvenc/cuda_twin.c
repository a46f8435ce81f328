/* The CUDA half of the NVENC twin: a libcuda.so.1 with one "device" whose memory is host memory.
 *
 * NVENC clients (FFmpeg's dynlink loader, the nvenc plugin) open libcuda.so.1 by soname and insist
 * that every symbol on the loader's list exists, but an encoder only calls a dozen of them:
 * contexts, allocations and copies. Those are implemented here, with counters so that a test can
 * see leaked contexts and allocations; everything else answers CUDA_ERROR_NOT_SUPPORTED, which is
 * what a real driver says for a feature the device lacks. Device pointers are plain host pointers,
 * so the NVENC twin can read a registered CUDA frame directly. */
#include <ffnvcodec/dynlink_cuda.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cuda_twin.h"

#define TWIN_EXPORT __attribute__((visibility("default")))

/* Status codes a real driver returns (cuda.h); dynlink_cuda.h defines only a few. */
enum {
  TWIN_CUDA_ERROR_INVALID_VALUE = 1,
  TWIN_CUDA_ERROR_OUT_OF_MEMORY = 2,
  TWIN_CUDA_ERROR_NOT_INITIALIZED = 3,
  TWIN_CUDA_ERROR_NO_DEVICE = 100,
  TWIN_CUDA_ERROR_INVALID_DEVICE = 101,
  TWIN_CUDA_ERROR_INVALID_CONTEXT = 201,
  TWIN_CUDA_ERROR_NOT_SUPPORTED = 801
};

static atomic_int initialised;
static atomic_long live_contexts;
static atomic_long live_allocations;
static _Thread_local struct pfhost_cuda_twin_context *current_stack[16];
static _Thread_local int current_depth;

static int context_valid(const struct pfhost_cuda_twin_context *context) {
  return context != NULL && context->magic == PFHOST_CUDA_TWIN_CONTEXT_MAGIC;
}

TWIN_EXPORT long pfhost_cuda_twin_live_contexts(void) {
  return atomic_load(&live_contexts);
}
TWIN_EXPORT long pfhost_cuda_twin_live_allocations(void) {
  return atomic_load(&live_allocations);
}

TWIN_EXPORT CUresult cuInit(unsigned int flags) {
  if (flags != 0) return (CUresult)TWIN_CUDA_ERROR_INVALID_VALUE;
  atomic_store(&initialised, 1);
  return CUDA_SUCCESS;
}

TWIN_EXPORT CUresult cuDeviceGetCount(int *count) {
  if (!atomic_load(&initialised)) return (CUresult)TWIN_CUDA_ERROR_NOT_INITIALIZED;
  if (count == NULL) return (CUresult)TWIN_CUDA_ERROR_INVALID_VALUE;
  *count = 1;
  return CUDA_SUCCESS;
}

TWIN_EXPORT CUresult cuDeviceGet(CUdevice *device, int ordinal) {
  if (!atomic_load(&initialised)) return (CUresult)TWIN_CUDA_ERROR_NOT_INITIALIZED;
  if (device == NULL) return (CUresult)TWIN_CUDA_ERROR_INVALID_VALUE;
  if (ordinal != 0) return (CUresult)TWIN_CUDA_ERROR_INVALID_DEVICE;
  *device = 0;
  return CUDA_SUCCESS;
}

TWIN_EXPORT CUresult cuDeviceGetName(char *name, int length, CUdevice device) {
  if (device != 0) return (CUresult)TWIN_CUDA_ERROR_INVALID_DEVICE;
  if (name == NULL || length <= 0) return (CUresult)TWIN_CUDA_ERROR_INVALID_VALUE;
  snprintf(name, (size_t)length, "%s", PFHOST_CUDA_TWIN_DEVICE_NAME);
  return CUDA_SUCCESS;
}

TWIN_EXPORT CUresult cuDeviceComputeCapability(int *major, int *minor, CUdevice device) {
  if (device != 0) return (CUresult)TWIN_CUDA_ERROR_INVALID_DEVICE;
  if (major == NULL || minor == NULL) return (CUresult)TWIN_CUDA_ERROR_INVALID_VALUE;
  *major = 8; /* an Ampere-class encoder: what NVENC API 11.1 was written for */
  *minor = 6;
  return CUDA_SUCCESS;
}

TWIN_EXPORT CUresult cuDeviceGetAttribute(int *value, CUdevice_attribute attribute,
                                          CUdevice device) {
  if (device != 0) return (CUresult)TWIN_CUDA_ERROR_INVALID_DEVICE;
  if (value == NULL) return (CUresult)TWIN_CUDA_ERROR_INVALID_VALUE;
  /* Values of a typical discrete Ampere card; clients size their allocations from these. */
  switch (attribute) {
    case CU_DEVICE_ATTRIBUTE_TEXTURE_ALIGNMENT:
      *value = 512;
      break;
    case CU_DEVICE_ATTRIBUTE_TEXTURE_PITCH_ALIGNMENT:
      *value = 32;
      break;
    case CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR:
      *value = 8;
      break;
    case CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR:
      *value = 6;
      break;
    case CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT:
      *value = 28;
      break;
    case CU_DEVICE_ATTRIBUTE_UNIFIED_ADDRESSING:
    case CU_DEVICE_ATTRIBUTE_CAN_MAP_HOST_MEMORY:
    case CU_DEVICE_ATTRIBUTE_MANAGED_MEMORY:
    case CU_DEVICE_ATTRIBUTE_CONCURRENT_KERNELS:
      *value = 1;
      break;
    default:
      *value = 0;
      break;
  }
  return CUDA_SUCCESS;
}

TWIN_EXPORT CUresult cuCtxCreate_v2(CUcontext *out, unsigned int flags, CUdevice device) {
  (void)flags;
  if (!atomic_load(&initialised)) return (CUresult)TWIN_CUDA_ERROR_NOT_INITIALIZED;
  if (device != 0) return (CUresult)TWIN_CUDA_ERROR_INVALID_DEVICE;
  if (out == NULL) return (CUresult)TWIN_CUDA_ERROR_INVALID_VALUE;
  struct pfhost_cuda_twin_context *context = calloc(1, sizeof *context);
  if (context == NULL) return (CUresult)TWIN_CUDA_ERROR_OUT_OF_MEMORY;
  context->magic = PFHOST_CUDA_TWIN_CONTEXT_MAGIC;
  atomic_fetch_add(&live_contexts, 1);
  /* Like the real call, the new context becomes current on this thread. */
  if (current_depth < 16) current_stack[current_depth++] = context;
  *out = (CUcontext)context;
  return CUDA_SUCCESS;
}

TWIN_EXPORT CUresult cuCtxDestroy_v2(CUcontext handle) {
  struct pfhost_cuda_twin_context *context = (struct pfhost_cuda_twin_context *)handle;
  if (!context_valid(context)) return (CUresult)TWIN_CUDA_ERROR_INVALID_CONTEXT;
  for (int i = 0; i < current_depth; ++i)
    if (current_stack[i] == context) current_stack[i] = NULL;
  context->magic = 0;
  free(context);
  atomic_fetch_sub(&live_contexts, 1);
  return CUDA_SUCCESS;
}

TWIN_EXPORT CUresult cuCtxPushCurrent_v2(CUcontext handle) {
  if (!context_valid((struct pfhost_cuda_twin_context *)handle))
    return (CUresult)TWIN_CUDA_ERROR_INVALID_CONTEXT;
  if (current_depth >= 16) return (CUresult)TWIN_CUDA_ERROR_INVALID_VALUE;
  current_stack[current_depth++] = (struct pfhost_cuda_twin_context *)handle;
  return CUDA_SUCCESS;
}

TWIN_EXPORT CUresult cuCtxPopCurrent_v2(CUcontext *out) {
  if (current_depth == 0) return (CUresult)TWIN_CUDA_ERROR_INVALID_CONTEXT;
  struct pfhost_cuda_twin_context *context = current_stack[--current_depth];
  if (out != NULL) *out = (CUcontext)context;
  return CUDA_SUCCESS;
}

TWIN_EXPORT CUresult cuCtxGetDevice(CUdevice *device) {
  if (current_depth == 0) return (CUresult)TWIN_CUDA_ERROR_INVALID_CONTEXT;
  if (device != NULL) *device = 0;
  return CUDA_SUCCESS;
}

TWIN_EXPORT CUresult cuCtxSetLimit(CUlimit limit, size_t value) {
  (void)limit;
  (void)value;
  return CUDA_SUCCESS;
}

/* The primary context is one shared context per device, reference counted. */
static struct pfhost_cuda_twin_context primary = {PFHOST_CUDA_TWIN_CONTEXT_MAGIC};
static atomic_int primary_references;

TWIN_EXPORT CUresult cuDevicePrimaryCtxRetain(CUcontext *out, CUdevice device) {
  if (device != 0) return (CUresult)TWIN_CUDA_ERROR_INVALID_DEVICE;
  if (out == NULL) return (CUresult)TWIN_CUDA_ERROR_INVALID_VALUE;
  atomic_fetch_add(&primary_references, 1);
  *out = (CUcontext)&primary;
  return CUDA_SUCCESS;
}
TWIN_EXPORT CUresult cuDevicePrimaryCtxRelease(CUdevice device) {
  if (device != 0) return (CUresult)TWIN_CUDA_ERROR_INVALID_DEVICE;
  if (atomic_fetch_sub(&primary_references, 1) <= 0) {
    atomic_fetch_add(&primary_references, 1);
    return (CUresult)TWIN_CUDA_ERROR_INVALID_CONTEXT;
  }
  return CUDA_SUCCESS;
}
TWIN_EXPORT CUresult cuDevicePrimaryCtxSetFlags(CUdevice device, unsigned int flags) {
  (void)flags;
  return device == 0 ? CUDA_SUCCESS : (CUresult)TWIN_CUDA_ERROR_INVALID_DEVICE;
}
TWIN_EXPORT CUresult cuDevicePrimaryCtxGetState(CUdevice device, unsigned int *flags, int *active) {
  if (device != 0) return (CUresult)TWIN_CUDA_ERROR_INVALID_DEVICE;
  if (flags != NULL) *flags = 0;
  if (active != NULL) *active = atomic_load(&primary_references) > 0;
  return CUDA_SUCCESS;
}
TWIN_EXPORT CUresult cuDevicePrimaryCtxReset(CUdevice device) {
  return device == 0 ? CUDA_SUCCESS : (CUresult)TWIN_CUDA_ERROR_INVALID_DEVICE;
}

/* "Device memory" is host memory: the twin has no device, and the NVENC twin reads it directly. */
TWIN_EXPORT CUresult cuMemAlloc_v2(CUdeviceptr *pointer, size_t size) {
  if (current_depth == 0) return (CUresult)TWIN_CUDA_ERROR_INVALID_CONTEXT;
  if (pointer == NULL || size == 0) return (CUresult)TWIN_CUDA_ERROR_INVALID_VALUE;
  void *memory = calloc(1, size);
  if (memory == NULL) return (CUresult)TWIN_CUDA_ERROR_OUT_OF_MEMORY;
  atomic_fetch_add(&live_allocations, 1);
  *pointer = (CUdeviceptr)(uintptr_t)memory;
  return CUDA_SUCCESS;
}

TWIN_EXPORT CUresult cuMemAllocPitch_v2(CUdeviceptr *pointer, size_t *pitch, size_t width_bytes,
                                        size_t height, unsigned int element_size) {
  (void)element_size;
  if (pitch == NULL) return (CUresult)TWIN_CUDA_ERROR_INVALID_VALUE;
  *pitch = (width_bytes + 255) & ~(size_t)255; /* real devices align rows to 256 or 512 bytes */
  return cuMemAlloc_v2(pointer, *pitch * height);
}

TWIN_EXPORT CUresult cuMemAllocManaged(CUdeviceptr *pointer, size_t size, unsigned int flags) {
  (void)flags;
  return cuMemAlloc_v2(pointer, size);
}

TWIN_EXPORT CUresult cuMemFree_v2(CUdeviceptr pointer) {
  if (pointer == 0) return CUDA_SUCCESS;
  free((void *)(uintptr_t)pointer);
  atomic_fetch_sub(&live_allocations, 1);
  return CUDA_SUCCESS;
}

TWIN_EXPORT CUresult cuMemsetD8Async(CUdeviceptr destination, unsigned char value, size_t count,
                                     CUstream stream) {
  (void)stream;
  memset((void *)(uintptr_t)destination, value, count);
  return CUDA_SUCCESS;
}

TWIN_EXPORT CUresult cuMemcpy(CUdeviceptr destination, CUdeviceptr source, size_t size) {
  memmove((void *)(uintptr_t)destination, (const void *)(uintptr_t)source, size);
  return CUDA_SUCCESS;
}
TWIN_EXPORT CUresult cuMemcpyAsync(CUdeviceptr destination, CUdeviceptr source, size_t size,
                                   CUstream stream) {
  (void)stream;
  return cuMemcpy(destination, source, size);
}
TWIN_EXPORT CUresult cuMemcpyHtoD_v2(CUdeviceptr destination, const void *source, size_t size) {
  memcpy((void *)(uintptr_t)destination, source, size);
  return CUDA_SUCCESS;
}
TWIN_EXPORT CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr destination, const void *source, size_t size,
                                          CUstream stream) {
  (void)stream;
  return cuMemcpyHtoD_v2(destination, source, size);
}
TWIN_EXPORT CUresult cuMemcpyDtoH_v2(void *destination, CUdeviceptr source, size_t size) {
  memcpy(destination, (const void *)(uintptr_t)source, size);
  return CUDA_SUCCESS;
}
TWIN_EXPORT CUresult cuMemcpyDtoHAsync_v2(void *destination, CUdeviceptr source, size_t size,
                                          CUstream stream) {
  (void)stream;
  return cuMemcpyDtoH_v2(destination, source, size);
}
TWIN_EXPORT CUresult cuMemcpyDtoD_v2(CUdeviceptr destination, CUdeviceptr source, size_t size) {
  return cuMemcpy(destination, source, size);
}
TWIN_EXPORT CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr destination, CUdeviceptr source, size_t size,
                                          CUstream stream) {
  (void)stream;
  return cuMemcpy(destination, source, size);
}

static const uint8_t *copy_source(const CUDA_MEMCPY2D *copy) {
  const uint8_t *base = copy->srcMemoryType == CU_MEMORYTYPE_HOST
                            ? (const uint8_t *)copy->srcHost
                            : (const uint8_t *)(uintptr_t)copy->srcDevice;
  return base + copy->srcY * copy->srcPitch + copy->srcXInBytes;
}
static uint8_t *copy_destination(const CUDA_MEMCPY2D *copy) {
  uint8_t *base = copy->dstMemoryType == CU_MEMORYTYPE_HOST ? (uint8_t *)copy->dstHost
                                                            : (uint8_t *)(uintptr_t)copy->dstDevice;
  return base + copy->dstY * copy->dstPitch + copy->dstXInBytes;
}

TWIN_EXPORT CUresult cuMemcpy2D_v2(const CUDA_MEMCPY2D *copy) {
  if (copy == NULL) return (CUresult)TWIN_CUDA_ERROR_INVALID_VALUE;
  /* Arrays (textures) are not modelled: nothing an encoder does needs them. */
  if (copy->srcMemoryType == CU_MEMORYTYPE_ARRAY || copy->dstMemoryType == CU_MEMORYTYPE_ARRAY)
    return (CUresult)TWIN_CUDA_ERROR_NOT_SUPPORTED;
  if (copy->WidthInBytes > copy->srcPitch && copy->Height > 1)
    return (CUresult)TWIN_CUDA_ERROR_INVALID_VALUE;
  const uint8_t *from = copy_source(copy);
  uint8_t *to = copy_destination(copy);
  for (size_t row = 0; row < copy->Height; ++row)
    memcpy(to + row * copy->dstPitch, from + row * copy->srcPitch, copy->WidthInBytes);
  return CUDA_SUCCESS;
}
TWIN_EXPORT CUresult cuMemcpy2DAsync_v2(const CUDA_MEMCPY2D *copy, CUstream stream) {
  (void)stream;
  return cuMemcpy2D_v2(copy);
}

/* Streams and events: every operation above completes before it returns, so they are tokens. */
static char stream_token, event_token;
TWIN_EXPORT CUresult cuStreamCreate(CUstream *stream, unsigned int flags) {
  (void)flags;
  if (stream != NULL) *stream = (CUstream)&stream_token;
  return CUDA_SUCCESS;
}
TWIN_EXPORT CUresult cuStreamQuery(CUstream stream) {
  (void)stream;
  return CUDA_SUCCESS;
}
TWIN_EXPORT CUresult cuStreamSynchronize(CUstream stream) {
  (void)stream;
  return CUDA_SUCCESS;
}
TWIN_EXPORT CUresult cuStreamDestroy_v2(CUstream stream) {
  (void)stream;
  return CUDA_SUCCESS;
}
TWIN_EXPORT CUresult cuEventCreate(CUevent *event, unsigned int flags) {
  (void)flags;
  if (event != NULL) *event = (CUevent)&event_token;
  return CUDA_SUCCESS;
}
TWIN_EXPORT CUresult cuEventDestroy_v2(CUevent event) {
  (void)event;
  return CUDA_SUCCESS;
}
TWIN_EXPORT CUresult cuEventSynchronize(CUevent event) {
  (void)event;
  return CUDA_SUCCESS;
}
TWIN_EXPORT CUresult cuEventQuery(CUevent event) {
  (void)event;
  return CUDA_SUCCESS;
}
TWIN_EXPORT CUresult cuEventRecord(CUevent event, CUstream stream) {
  (void)event;
  (void)stream;
  return CUDA_SUCCESS;
}

TWIN_EXPORT CUresult cuGetErrorName(CUresult error, const char **name) {
  if (name == NULL) return (CUresult)TWIN_CUDA_ERROR_INVALID_VALUE;
  switch ((int)error) {
    case 0:
      *name = "CUDA_SUCCESS";
      break;
    case TWIN_CUDA_ERROR_INVALID_VALUE:
      *name = "CUDA_ERROR_INVALID_VALUE";
      break;
    case TWIN_CUDA_ERROR_OUT_OF_MEMORY:
      *name = "CUDA_ERROR_OUT_OF_MEMORY";
      break;
    case TWIN_CUDA_ERROR_NOT_INITIALIZED:
      *name = "CUDA_ERROR_NOT_INITIALIZED";
      break;
    case TWIN_CUDA_ERROR_NO_DEVICE:
      *name = "CUDA_ERROR_NO_DEVICE";
      break;
    case TWIN_CUDA_ERROR_INVALID_DEVICE:
      *name = "CUDA_ERROR_INVALID_DEVICE";
      break;
    case TWIN_CUDA_ERROR_INVALID_CONTEXT:
      *name = "CUDA_ERROR_INVALID_CONTEXT";
      break;
    case TWIN_CUDA_ERROR_NOT_SUPPORTED:
      *name = "CUDA_ERROR_NOT_SUPPORTED";
      break;
    default:
      *name = "CUDA_ERROR_UNKNOWN";
      break;
  }
  return CUDA_SUCCESS;
}
TWIN_EXPORT CUresult cuGetErrorString(CUresult error, const char **text) {
  const CUresult status = cuGetErrorName(error, text);
  return status;
}

/* The rest of the loader's list: kernels, textures, graphics interop, external memory, EGL.
 * Nothing an encoder needs; a device without the feature answers this way too. */
#define TWIN_NOT_SUPPORTED(name)                    \
  TWIN_EXPORT CUresult name(void) {                 \
    return (CUresult)TWIN_CUDA_ERROR_NOT_SUPPORTED; \
  }
TWIN_NOT_SUPPORTED(cuStreamAddCallback)
TWIN_NOT_SUPPORTED(cuLaunchKernel)
TWIN_NOT_SUPPORTED(cuLinkCreate)
TWIN_NOT_SUPPORTED(cuLinkAddData)
TWIN_NOT_SUPPORTED(cuLinkComplete)
TWIN_NOT_SUPPORTED(cuLinkDestroy)
TWIN_NOT_SUPPORTED(cuModuleLoadData)
TWIN_NOT_SUPPORTED(cuModuleUnload)
TWIN_NOT_SUPPORTED(cuModuleGetFunction)
TWIN_NOT_SUPPORTED(cuModuleGetGlobal)
TWIN_NOT_SUPPORTED(cuTexObjectCreate)
TWIN_NOT_SUPPORTED(cuTexObjectDestroy)
TWIN_NOT_SUPPORTED(cuGLGetDevices_v2)
TWIN_NOT_SUPPORTED(cuGraphicsGLRegisterImage)
TWIN_NOT_SUPPORTED(cuGraphicsUnregisterResource)
TWIN_NOT_SUPPORTED(cuGraphicsMapResources)
TWIN_NOT_SUPPORTED(cuGraphicsUnmapResources)
TWIN_NOT_SUPPORTED(cuGraphicsSubResourceGetMappedArray)
TWIN_NOT_SUPPORTED(cuGraphicsResourceGetMappedPointer_v2)
TWIN_NOT_SUPPORTED(cuDeviceGetUuid)
TWIN_NOT_SUPPORTED(cuImportExternalMemory)
TWIN_NOT_SUPPORTED(cuDestroyExternalMemory)
TWIN_NOT_SUPPORTED(cuExternalMemoryGetMappedBuffer)
TWIN_NOT_SUPPORTED(cuExternalMemoryGetMappedMipmappedArray)
TWIN_NOT_SUPPORTED(cuMipmappedArrayGetLevel)
TWIN_NOT_SUPPORTED(cuMipmappedArrayDestroy)
TWIN_NOT_SUPPORTED(cuImportExternalSemaphore)
TWIN_NOT_SUPPORTED(cuDestroyExternalSemaphore)
TWIN_NOT_SUPPORTED(cuSignalExternalSemaphoresAsync)
TWIN_NOT_SUPPORTED(cuWaitExternalSemaphoresAsync)
TWIN_NOT_SUPPORTED(cuArray3DCreate_v2)
TWIN_NOT_SUPPORTED(cuArrayDestroy)
TWIN_NOT_SUPPORTED(cuEGLStreamProducerConnect)
TWIN_NOT_SUPPORTED(cuEGLStreamProducerDisconnect)
TWIN_NOT_SUPPORTED(cuEGLStreamConsumerDisconnect)
TWIN_NOT_SUPPORTED(cuEGLStreamProducerPresentFrame)
TWIN_NOT_SUPPORTED(cuEGLStreamProducerReturnFrame)
