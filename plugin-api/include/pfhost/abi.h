/*
 * pfhost plugin ABI — common definitions: versions, status codes, the reason buffer, export macro
 * and the small frozen value types shared by every backend kind.
 *
 * Rules every header of this ABI follows (see docs/plugin-author-guide.md):
 *  - Pure C11. No C++ types, exceptions or allocators cross the boundary.
 *  - Every extensible struct starts with `uint32_t struct_size` and only ever grows at its end.
 *    The reader copies min(struct_size, sizeof(its own struct)) into a zero-filled local, so a
 *    field a side does not know reads as zero. Fields are never reordered or reinterpreted.
 *  - A few tiny value types (pfhost_mode, pfhost_luid) are *frozen*: they are embedded by value,
 *    have no struct_size and never change. New data goes into the extensible structs around them.
 *  - An optional function pointer is called only if it lies inside the table's struct_size and is
 *    non-NULL.
 *  - A breaking change means a new major version, never a silent reinterpretation.
 */
#ifndef PFHOST_ABI_H
#define PFHOST_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The ABI this header describes. Major must match between host and plugin; minor may differ in
 * both directions (structs grow at the end, optional methods are size-checked).
 *   1.0  the first release
 *   1.1  pfhost_plugin_descriptor.deinit, the optional pair of init
 *   1.2  pfhost_target_windows_idd.monitor_id, the driver's identity of an IddCx monitor */
#define PFHOST_ABI_MAJOR 1
#define PFHOST_ABI_MINOR 2

/* Marks the one symbol a plugin exports. Plugins are built with hidden visibility by default
 * (the SDK's CMake helper does this), so this is the only dynamic symbol they expose. */
#if defined(_WIN32)
#define PFHOST_EXPORT __declspec(dllexport)
#else
#define PFHOST_EXPORT __attribute__((visibility("default")))
#endif

/* Status codes. Frozen list: values are never renumbered; new codes may be appended in a minor
 * version, and an unknown code must be treated like PFHOST_E_INTERNAL. */
typedef int32_t pfhost_status;
enum {
  PFHOST_OK = 0,
  /* Not supported on this machine or build at all (e.g. no NVIDIA driver, wrong OS). Quiet: an
   * expected outcome of probing. */
  PFHOST_E_UNSUPPORTED = 1,
  /* Supported, but what it needs is not there right now (compositor not running, device busy).
   * Worth telling the user; may change without touching the plugin. */
  PFHOST_E_UNAVAILABLE = 2,
  PFHOST_E_TIMEOUT = 3,
  PFHOST_E_INVALID_ARGUMENT = 4,
  PFHOST_E_BUSY = 5,
  PFHOST_E_IO = 6,
  /* A bug or broken installation. Loud. */
  PFHOST_E_INTERNAL = 7,
  PFHOST_E_NO_MEMORY = 8,
  /* The object's source went away for good (compositor exited, node removed). Ends the session. */
  PFHOST_E_CLOSED = 9,
  /* Nothing ready yet on a non-blocking call; try again later. Not an error. */
  PFHOST_E_AGAIN = 10,
  /* A lookup (e.g. a config key) found nothing. */
  PFHOST_E_NOT_FOUND = 11
};

/* A host-owned buffer that a failing call writes a human-readable, NUL-terminated, UTF-8 reason
 * into ("Mutter is not running on the session bus"). Text longer than the buffer is truncated by
 * the writer. The plugin never frees or keeps it. The host may pass NULL where it wants no text. */
typedef struct pfhost_reason {
  uint32_t struct_size;
  uint32_t capacity; /* bytes at `text`, including the terminating NUL; at least 1 */
  char *text;
} pfhost_reason;

/* Frozen value type: a display mode. Refresh in millihertz so 59.94 Hz is exact (59940). */
typedef struct pfhost_mode {
  uint32_t width;
  uint32_t height;
  uint32_t refresh_millihz;
} pfhost_mode;

/* Frozen value type: a Windows adapter LUID (LowPart, HighPart), usable on every OS. */
typedef struct pfhost_luid {
  uint32_t low;
  int32_t high;
} pfhost_luid;

/* Pixel formats, named by byte order in memory (BGRX = bytes B,G,R,X = DRM XRGB8888 on
 * little-endian). Frozen numbering; new formats are appended. A bit mask of formats uses
 * (1ull << format). */
typedef enum pfhost_pixel_format {
  PFHOST_PIXEL_FORMAT_UNKNOWN = 0,
  PFHOST_PIXEL_FORMAT_BGRX = 1,
  PFHOST_PIXEL_FORMAT_RGBX = 2,
  PFHOST_PIXEL_FORMAT_BGRA = 3,
  PFHOST_PIXEL_FORMAT_RGBA = 4,
  PFHOST_PIXEL_FORMAT_RGB = 5,     /* 3 bytes per pixel: R,G,B */
  PFHOST_PIXEL_FORMAT_BGR = 6,     /* 3 bytes per pixel: B,G,R */
  PFHOST_PIXEL_FORMAT_NV12 = 7,    /* 8-bit 4:2:0, Y plane + interleaved UV plane */
  PFHOST_PIXEL_FORMAT_P010 = 8,    /* 10-bit 4:2:0 in 16-bit little-endian words, NV12 layout */
  PFHOST_PIXEL_FORMAT_X2RGB10 = 9, /* 10-bit RGB, DRM XRGB2101010 (HDR surfaces) */
  PFHOST_PIXEL_FORMAT_RGBA16F = 10 /* half-float RGBA (scRGB HDR surfaces) */
} pfhost_pixel_format;

/* Where a frame's pixels live. Bit mask: (1u << kind). */
typedef enum pfhost_memory_kind {
  PFHOST_MEMORY_CPU = 0,    /* plain pointers the host can read */
  PFHOST_MEMORY_DMABUF = 1, /* Linux dma-buf fds */
  PFHOST_MEMORY_D3D11 = 2,  /* a D3D11 texture (shared handle and/or ID3D11Texture2D pointer) */
  PFHOST_MEMORY_CUDA = 3    /* CUDA device memory */
} pfhost_memory_kind;

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PFHOST_ABI_H */
