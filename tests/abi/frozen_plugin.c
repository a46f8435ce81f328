/*
 * A plugin built against the frozen ABI 1.0 headers (tests/abi/frozen-1.0/include), offering one
 * backend of each kind. Every later host must still load it and probe all three OK: that is the
 * "minor may differ in both directions" promise, tested from the old-plugin side.
 *
 * The backends really work through the ABI, on nothing: the display is a "null" display (target
 * kind NONE at the requested mode), the capturer fills grey CPU frames, the encoder emits one
 * fake, non-decodable access unit per frame. Plain C, as the oldest kind of vendor plugin.
 * A second display describes a made-up Windows IDD monitor with the 1.0 fields only: a host that
 * knows later fields (1.2's monitor_id) must read them as unknown.
 */
#include <pfhost/plugin.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if PFHOST_ABI_MAJOR != 1 || PFHOST_ABI_MINOR != 0
#error "frozen_plugin.c must build against the frozen 1.0 headers"
#endif

static const pfhost_host_api *g_host;

static void set_reason(pfhost_reason *reason, const char *text) {
  if (reason == NULL || reason->text == NULL || reason->capacity == 0) return;
  snprintf(reason->text, reason->capacity, "%s", text);
}

static pfhost_status probe_ok(void *plugin_ctx, pfhost_reason *reason) {
  (void)plugin_ctx;
  set_reason(reason, "frozen 1.0 test backend");
  return PFHOST_OK;
}

/* ---- display: a null display that only remembers its mode ---- */

struct pfhost_display {
  pfhost_mode mode;
};

static pfhost_status display_create(void *plugin_ctx, const pfhost_display_request *request,
                                    pfhost_display **out_display, pfhost_target *target,
                                    pfhost_reason *reason) {
  pfhost_display *display;
  (void)plugin_ctx;
  if (request == NULL || request->mode.width == 0 || request->mode.height == 0) {
    set_reason(reason, "mode must not be empty");
    return PFHOST_E_INVALID_ARGUMENT;
  }
  display = calloc(1, sizeof *display);
  if (display == NULL) return PFHOST_E_NO_MEMORY;
  display->mode = request->mode;
  target->kind = PFHOST_TARGET_NONE; /* struct_size and zero fill come from the host */
  target->mode = request->mode;
  *out_display = display;
  return PFHOST_OK;
}

static void display_destroy(pfhost_display *display) {
  free(display);
}

static const pfhost_display_vtable kDisplay = {
    .struct_size = sizeof(pfhost_display_vtable),
    .target_kinds = 1u << PFHOST_TARGET_NONE,
    .create = display_create,
    .destroy = display_destroy,
    /* is_alive and reconfigure are optional and left NULL */
};

/* ---- display: a made-up Windows IDD monitor, described with the 1.0 fields ---- */

static pfhost_status idd_display_create(void *plugin_ctx, const pfhost_display_request *request,
                                        pfhost_display **out_display, pfhost_target *target,
                                        pfhost_reason *reason) {
  pfhost_status status = display_create(plugin_ctx, request, out_display, target, reason);
  if (status != PFHOST_OK) return status;
  target->kind = PFHOST_TARGET_WINDOWS_IDD;
  target->u.windows_idd.adapter_luid.low = 0x1a2b3;
  target->u.windows_idd.target_id = 7;
  target->u.windows_idd.driver_pid = 4242;
  snprintf(target->u.windows_idd.gdi_name, sizeof target->u.windows_idd.gdi_name,
           "\\\\.\\DISPLAY9");
  return PFHOST_OK;
}

static const pfhost_display_vtable kIddDisplay = {
    .struct_size = sizeof(pfhost_display_vtable),
    .target_kinds = 1u << PFHOST_TARGET_WINDOWS_IDD,
    .create = idd_display_create,
    .destroy = display_destroy,
};

/* ---- capture: grey CPU frames at the requested mode ---- */

struct pfhost_capture {
  pfhost_mode mode;
  uint64_t sequence;
};

typedef struct frame_box {
  pfhost_frame frame;
  uint8_t pixels[]; /* width * height * 4 */
} frame_box;

static pfhost_status capture_open(void *plugin_ctx, const pfhost_capture_params *params,
                                  pfhost_capture **out_capture, pfhost_reason *reason) {
  pfhost_capture *capture;
  (void)plugin_ctx;
  if (params == NULL || params->mode.width == 0 || params->mode.height == 0 ||
      params->mode.width > 8192 || params->mode.height > 8192) {
    set_reason(reason, "mode must be 1x1 to 8192x8192");
    return PFHOST_E_INVALID_ARGUMENT;
  }
  capture = calloc(1, sizeof *capture);
  if (capture == NULL) return PFHOST_E_NO_MEMORY;
  capture->mode = params->mode;
  *out_capture = capture;
  return PFHOST_OK;
}

static void frame_release(pfhost_frame *frame) {
  free(frame->release_ctx);
}

static pfhost_status capture_next_frame(pfhost_capture *capture, uint32_t timeout_ms,
                                        pfhost_frame **out_frame, pfhost_reason *reason) {
  const size_t stride = (size_t)capture->mode.width * 4;
  frame_box *box = malloc(sizeof *box + stride * capture->mode.height);
  (void)timeout_ms;
  if (box == NULL) {
    set_reason(reason, "out of memory");
    return PFHOST_E_NO_MEMORY;
  }
  memset(&box->frame, 0, sizeof box->frame);
  memset(box->pixels, 0x80, stride * capture->mode.height);
  box->frame.struct_size = sizeof(pfhost_frame);
  box->frame.memory = PFHOST_MEMORY_CPU;
  box->frame.pixel_format = PFHOST_PIXEL_FORMAT_BGRX;
  box->frame.width = capture->mode.width;
  box->frame.height = capture->mode.height;
  box->frame.plane_count = 1;
  box->frame.timestamp_ns = g_host != NULL && g_host->now_ns ? g_host->now_ns(g_host->host_ctx) : 0;
  box->frame.sequence = capture->sequence++;
  box->frame.u.cpu.data[0] = box->pixels;
  box->frame.u.cpu.stride[0] = (uint32_t)stride;
  box->frame.release = frame_release;
  box->frame.release_ctx = box;
  *out_frame = &box->frame;
  return PFHOST_OK;
}

static void capture_close(pfhost_capture *capture) {
  free(capture);
}

static const pfhost_capture_vtable kCapture = {
    .struct_size = sizeof(pfhost_capture_vtable),
    .target_kinds = 1u << PFHOST_TARGET_NONE,
    .memory_kinds = 1u << PFHOST_MEMORY_CPU,
    .pixel_formats = 1ull << PFHOST_PIXEL_FORMAT_BGRX,
    .open = capture_open,
    .next_frame = capture_next_frame,
    .close = capture_close,
};

/* ---- encode: one fake access unit per submitted frame ---- */

struct pfhost_encoder {
  uint8_t packet[16]; /* a fake AUD-like Annex-B unit plus the frame sequence */
  uint64_t pts_ns;
  uint64_t frame_sequence;
  int pending;
  int keyframe;
  int force_keyframe;
};

static pfhost_status encode_query_caps(void *plugin_ctx, pfhost_encoder_caps *caps,
                                       pfhost_reason *reason) {
  (void)plugin_ctx;
  (void)reason;
  caps->codecs = 1u << PFHOST_CODEC_H264;
  caps->bit_depths = 1u << 8;
  caps->chroma = 1u << PFHOST_CHROMA_420;
  caps->max_width = 8192;
  caps->max_height = 8192;
  caps->input_memory = 1u << PFHOST_MEMORY_CPU;
  caps->flags = PFHOST_ENCODE_CAP_LOW_LATENCY;
  caps->input_formats = 1ull << PFHOST_PIXEL_FORMAT_BGRX;
  return PFHOST_OK;
}

static pfhost_status encode_open(void *plugin_ctx, const pfhost_encoder_params *params,
                                 pfhost_encoder **out_encoder, pfhost_reason *reason) {
  pfhost_encoder *encoder;
  (void)plugin_ctx;
  if (params == NULL || params->codec != PFHOST_CODEC_H264) {
    set_reason(reason, "only H.264 is offered");
    return PFHOST_E_UNSUPPORTED;
  }
  encoder = calloc(1, sizeof *encoder);
  if (encoder == NULL) return PFHOST_E_NO_MEMORY;
  encoder->force_keyframe = 1;
  *out_encoder = encoder;
  return PFHOST_OK;
}

static pfhost_status encode_submit(pfhost_encoder *encoder, const pfhost_frame *frame,
                                   uint32_t flags, pfhost_reason *reason) {
  static const uint8_t kStartCode[5] = {0, 0, 0, 1, 0x09};
  if (encoder->pending) {
    set_reason(reason, "receive() the previous packet first");
    return PFHOST_E_BUSY;
  }
  memcpy(encoder->packet, kStartCode, sizeof kStartCode);
  memcpy(encoder->packet + 8, &frame->sequence, sizeof frame->sequence);
  encoder->pts_ns = frame->timestamp_ns;
  encoder->frame_sequence = frame->sequence;
  encoder->keyframe = encoder->force_keyframe || (flags & PFHOST_SUBMIT_FORCE_KEYFRAME) != 0;
  encoder->force_keyframe = 0;
  encoder->pending = 1;
  return PFHOST_OK;
}

static pfhost_status encode_receive(pfhost_encoder *encoder, pfhost_packet *packet,
                                    pfhost_reason *reason) {
  (void)reason;
  if (!encoder->pending) return PFHOST_E_AGAIN;
  packet->flags = encoder->keyframe ? PFHOST_PACKET_FLAG_KEYFRAME : 0;
  packet->data = encoder->packet;
  packet->size = sizeof encoder->packet;
  packet->pts_ns = encoder->pts_ns;
  packet->frame_sequence = encoder->frame_sequence;
  encoder->pending = 0;
  return PFHOST_OK;
}

static pfhost_status encode_request_keyframe(pfhost_encoder *encoder) {
  encoder->force_keyframe = 1;
  return PFHOST_OK;
}

static void encode_close(pfhost_encoder *encoder) {
  free(encoder);
}

static const pfhost_encode_vtable kEncode = {
    .struct_size = sizeof(pfhost_encode_vtable),
    .query_caps = encode_query_caps,
    .open = encode_open,
    .submit = encode_submit,
    .receive = encode_receive,
    .request_keyframe = encode_request_keyframe,
    /* set_bitrate and flush are optional and left NULL */
    .close = encode_close,
};

/* ---- descriptor ---- */

static const pfhost_backend kDisplayBackend = {
    .struct_size = sizeof(pfhost_backend),
    .kind = PFHOST_BACKEND_DISPLAY,
    .name = "frozen-display",
    .description = "ABI 1.0 test display: a null display (target kind none)",
    .rank = 0,
    .probe = probe_ok,
    .display = &kDisplay,
};
static const pfhost_backend kIddDisplayBackend = {
    .struct_size = sizeof(pfhost_backend),
    .kind = PFHOST_BACKEND_DISPLAY,
    .name = "frozen-idd-display",
    .description = "ABI 1.0 test display: a made-up Windows IDD monitor",
    .rank = 0,
    .probe = probe_ok,
    .display = &kIddDisplay,
};
static const pfhost_backend kCaptureBackend = {
    .struct_size = sizeof(pfhost_backend),
    .kind = PFHOST_BACKEND_CAPTURE,
    .name = "frozen-capture",
    .description = "ABI 1.0 test capturer: grey CPU frames",
    .rank = 0,
    .probe = probe_ok,
    .capture = &kCapture,
};
static const pfhost_backend kEncodeBackend = {
    .struct_size = sizeof(pfhost_backend),
    .kind = PFHOST_BACKEND_ENCODE,
    .name = "frozen-encode",
    .description = "ABI 1.0 test encoder: fake, non-decodable H.264 access units",
    .rank = 0,
    .probe = probe_ok,
    .encode = &kEncode,
};
static const pfhost_backend *const kBackends[] = {&kDisplayBackend, &kIddDisplayBackend,
                                                  &kCaptureBackend, &kEncodeBackend};

static pfhost_status plugin_init(const pfhost_host_api *host, void **plugin_ctx,
                                 pfhost_reason *reason) {
  char line[96];
  (void)reason;
  g_host = host;
  *plugin_ctx = NULL;
  if (host != NULL && host->log != NULL) {
    snprintf(line, sizeof line, "frozen 1.0 plugin loaded by a host of ABI %u.%u",
             (unsigned)host->abi_major, (unsigned)host->abi_minor);
    host->log(host->host_ctx, PFHOST_LOG_DEBUG, line);
  }
  return PFHOST_OK;
}

static const pfhost_plugin_descriptor kDescriptor = {
    .struct_size = sizeof(pfhost_plugin_descriptor),
    .abi_major = PFHOST_ABI_MAJOR,
    .abi_minor = PFHOST_ABI_MINOR,
    .name = "abi-frozen-1-0",
    .version = "1.0.0",
    .vendor = "pfhost tests",
    .description = "Built against the frozen ABI 1.0 headers; every 1.x host must load it",
    .init = plugin_init,
    .backend_count = sizeof kBackends / sizeof kBackends[0],
    .backends = kBackends,
};

PFHOST_EXPORT const pfhost_plugin_descriptor *pfhost_plugin_entry(uint32_t host_abi_major,
                                                                  uint32_t host_abi_minor) {
  (void)host_abi_minor;
  return host_abi_major == PFHOST_ABI_MAJOR ? &kDescriptor : NULL;
}
