/*
 * pfhost plugin ABI — capture backends: open a display's target and hand out frames.
 */
#ifndef PFHOST_CAPTURE_H
#define PFHOST_CAPTURE_H

#include "pfhost/abi.h"
#include "pfhost/display.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PFHOST_MAX_PLANES 4

/* Frame flags. */
enum {
  /* The picture is the same as the previous frame's (no damage); an encoder may skip work. */
  PFHOST_FRAME_FLAG_UNCHANGED = 1u << 0,
  /* The picture has an alpha channel that means something (rarely, for screens). */
  PFHOST_FRAME_FLAG_ALPHA_VALID = 1u << 1
};

typedef struct pfhost_frame_cpu {
  void *data[PFHOST_MAX_PLANES];
  uint32_t stride[PFHOST_MAX_PLANES]; /* bytes per row of each plane */
} pfhost_frame_cpu;

typedef struct pfhost_frame_dmabuf {
  int32_t fd[PFHOST_MAX_PLANES]; /* borrowed: valid until the frame is released */
  uint32_t offset[PFHOST_MAX_PLANES];
  uint32_t stride[PFHOST_MAX_PLANES];
  uint32_t drm_fourcc;
  uint32_t reserved0;
  uint64_t modifier; /* DRM format modifier; DRM_FORMAT_MOD_LINEAR = 0 */
} pfhost_frame_dmabuf;

typedef struct pfhost_frame_d3d11 {
  uint64_t shared_handle; /* NT handle of a shared texture, or 0 */
  void *texture;          /* ID3D11Texture2D*, borrowed, or NULL */
  uint32_t subresource;
  uint32_t dxgi_format;
  uint64_t keyed_mutex_key; /* key to acquire when the texture has a keyed mutex */
  pfhost_luid adapter_luid; /* the GPU the texture lives on */
} pfhost_frame_d3d11;

typedef struct pfhost_frame_cuda {
  uint64_t device_ptr[PFHOST_MAX_PLANES]; /* CUdeviceptr of each plane */
  uint32_t pitch[PFHOST_MAX_PLANES];
  void *context; /* CUcontext the memory belongs to */
} pfhost_frame_cuda;

/*
 * One captured frame, allocated by the capturer. The host calls release(frame) exactly once, from
 * any thread, when it is done; until then the pixels, fds and handles stay valid and unchanged.
 */
typedef struct pfhost_frame {
  uint32_t struct_size;
  uint32_t memory;       /* pfhost_memory_kind */
  uint32_t pixel_format; /* pfhost_pixel_format */
  uint32_t width;
  uint32_t height;
  uint32_t plane_count;
  uint32_t flags; /* PFHOST_FRAME_FLAG_* */
  uint32_t reserved0;
  uint64_t timestamp_ns; /* host monotonic clock (pfhost_host_api.now_ns) when captured */
  uint64_t sequence;     /* increases by one per frame the source produced; gaps = drops */
  union {
    pfhost_frame_cpu cpu;
    pfhost_frame_dmabuf dmabuf;
    pfhost_frame_d3d11 d3d11;
    pfhost_frame_cuda cuda;
    uint8_t reserved[256];
  } u;
  /* [any thread, exactly once] Gives the frame back to the capturer. */
  void (*release)(struct pfhost_frame *frame);
  void *release_ctx; /* for the capturer's own use */
} pfhost_frame;

/* What the host asks of a capture. Pointers are borrowed for the duration of open(). */
typedef struct pfhost_capture_params {
  uint32_t struct_size;
  const pfhost_target *target;
  pfhost_mode mode;           /* the mode the session asked for */
  uint32_t accepted_memory;   /* mask of pfhost_memory_kind the encoder takes without a copy */
  uint64_t accepted_formats;  /* mask of pfhost_pixel_format the encoder takes */
  uint64_t dmabuf_modifiers[8]; /* modifiers the encoder can import, LINEAR first; count below */
  uint32_t dmabuf_modifier_count;
  uint32_t reserved0;
} pfhost_capture_params;

/* A live capture, defined by the plugin. */
typedef struct pfhost_capture pfhost_capture;

typedef struct pfhost_capture_vtable {
  uint32_t struct_size;
  uint32_t target_kinds;  /* mask (1u << pfhost_target_kind) of targets this capturer opens */
  uint32_t memory_kinds;  /* mask of pfhost_memory_kind its frames may come in */
  uint64_t pixel_formats; /* mask of pfhost_pixel_format its frames may come in */

  /* [any thread] Opens a capture of params->target. May block until the stream is set up but
   * not until the first frame. On success *out_capture is owned by the host until close(). */
  pfhost_status (*open)(void *plugin_ctx, const pfhost_capture_params *params,
                        pfhost_capture **out_capture, pfhost_reason *reason);

  /* [one session thread at a time] Waits up to timeout_ms for a frame newer than the last one
   * handed out and returns the newest. PFHOST_E_TIMEOUT when none came (the reason says why, e.g.
   * "format never negotiated" vs "negotiated but no buffers"), PFHOST_E_CLOSED when the source is
   * gone for good. The host may hold several frames at once. */
  pfhost_status (*next_frame)(pfhost_capture *capture, uint32_t timeout_ms,
                              pfhost_frame **out_frame, pfhost_reason *reason);

  /* Optional. [one session thread at a time] Non-blocking: the newest frame if one is newer than
   * the last handed out, else PFHOST_E_AGAIN. */
  pfhost_status (*try_latest)(pfhost_capture *capture, pfhost_frame **out_frame);

  /* Optional. [one session thread at a time] Pauses (active = 0) or resumes capturing, e.g. while
   * no client watches; a paused capture costs the compositor nothing. */
  pfhost_status (*set_active)(pfhost_capture *capture, int32_t active);

  /* [any thread, exactly once] Stops and frees the capture; joins its threads before returning.
   * Frames still held by the host stay valid until released. */
  void (*close)(pfhost_capture *capture);
} pfhost_capture_vtable;

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PFHOST_CAPTURE_H */
