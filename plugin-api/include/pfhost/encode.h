/*
 * pfhost plugin ABI — encode backends: compress frames into an elementary video stream.
 */
#ifndef PFHOST_ENCODE_H
#define PFHOST_ENCODE_H

#include "pfhost/abi.h"
#include "pfhost/capture.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Codecs. Bit mask: (1u << codec). */
typedef enum pfhost_codec {
  PFHOST_CODEC_NONE = 0,
  PFHOST_CODEC_H264 = 1,
  PFHOST_CODEC_HEVC = 2,
  PFHOST_CODEC_AV1 = 3
} pfhost_codec;

/* Chroma subsampling. Bit mask: (1u << chroma). */
typedef enum pfhost_chroma { PFHOST_CHROMA_420 = 0, PFHOST_CHROMA_444 = 1 } pfhost_chroma;

/* Encoder capability flags. */
enum {
  PFHOST_ENCODE_CAP_BITRATE_CHANGE = 1u << 0, /* set_bitrate works without a new keyframe */
  PFHOST_ENCODE_CAP_INTRA_REFRESH = 1u << 1,
  PFHOST_ENCODE_CAP_LOW_LATENCY = 1u << 2 /* one frame in, one packet out */
};

/* What an encoder can do on this machine, filled by query_caps(). The host zero-fills it and
 * sets struct_size. */
typedef struct pfhost_encoder_caps {
  uint32_t struct_size;
  uint32_t codecs;     /* mask of pfhost_codec */
  uint32_t bit_depths; /* mask: bit 8 = 8-bit, bit 10 = 10-bit */
  uint32_t chroma;     /* mask of pfhost_chroma */
  uint32_t max_width;
  uint32_t max_height;
  uint32_t input_memory;  /* mask of pfhost_memory_kind taken without a copy */
  uint32_t flags;         /* PFHOST_ENCODE_CAP_* */
  uint64_t input_formats; /* mask of pfhost_pixel_format taken as input */
} pfhost_encoder_caps;

/* Rate control. */
typedef enum pfhost_rate_control {
  PFHOST_RATE_CONTROL_CBR = 0,
  PFHOST_RATE_CONTROL_VBR = 1,
  PFHOST_RATE_CONTROL_CQP = 2
} pfhost_rate_control;

/* Parameters of open(). Strings are borrowed for the duration of the call. */
typedef struct pfhost_encoder_params {
  uint32_t struct_size;
  uint32_t codec; /* pfhost_codec */
  uint32_t width;
  uint32_t height;
  uint32_t framerate_num;
  uint32_t framerate_den;
  uint32_t bitrate_kbps;
  uint32_t rate_control; /* pfhost_rate_control */
  uint32_t gop_length;   /* frames between keyframes; 0 = infinite (keyframes on request only) */
  uint32_t bit_depth;    /* 8 or 10 */
  uint32_t chroma;       /* pfhost_chroma */
  uint32_t low_latency;  /* non-zero: no B-frames, no lookahead, zero-latency tuning */
  uint32_t input_memory; /* pfhost_memory_kind of the frames that will be submitted */
  uint32_t input_format; /* pfhost_pixel_format of the frames that will be submitted */
  const char *preset;    /* encoder-specific speed preset ("ultrafast", "p1"); NULL = default */
  uint32_t vbv_frames;   /* VBV/HRD buffer in frames of bitrate; 0 = encoder default */
  uint32_t reserved0;
} pfhost_encoder_params;

/* Packet flags. */
enum { PFHOST_PACKET_FLAG_KEYFRAME = 1u << 0 };

/* One encoded access unit in Annex-B (H.264/HEVC) or low-overhead OBU (AV1) form. The host
 * zero-fills it and sets struct_size; receive() fills the rest. data stays valid until the next
 * call on the same encoder. */
typedef struct pfhost_packet {
  uint32_t struct_size;
  uint32_t flags; /* PFHOST_PACKET_FLAG_* */
  const uint8_t *data;
  size_t size;
  uint64_t pts_ns;         /* the submitted frame's timestamp_ns */
  uint64_t frame_sequence; /* the submitted frame's sequence */
} pfhost_packet;

/* submit() flags. */
enum {
  /* The way to get a keyframe: the frame submitted with this flag is encoded as a keyframe (an
   * IDR, with its parameter sets in-band, that a decoder can join at). It travels with the frame,
   * so the keyframe lands exactly on it, and every encoder must honour it. */
  PFHOST_SUBMIT_FORCE_KEYFRAME = 1u << 0
};

/* A live encoder, defined by the plugin. */
typedef struct pfhost_encoder pfhost_encoder;

typedef struct pfhost_encode_vtable {
  uint32_t struct_size;

  /* [any thread] Fills *caps with what this encoder can do here. May open and close a device. */
  pfhost_status (*query_caps)(void *plugin_ctx, pfhost_encoder_caps *caps, pfhost_reason *reason);

  /* [any thread] Opens an encoder. On success *out_encoder is owned by the host until close(). */
  pfhost_status (*open)(void *plugin_ctx, const pfhost_encoder_params *params,
                        pfhost_encoder **out_encoder, pfhost_reason *reason);

  /* [one session thread at a time] Encodes one frame. The frame is borrowed for the duration of
   * the call: an encoder that needs the pixels later copies them. `flags` are PFHOST_SUBMIT_*;
   * PFHOST_SUBMIT_FORCE_KEYFRAME makes this frame a keyframe. */
  pfhost_status (*submit)(pfhost_encoder *encoder, const pfhost_frame *frame, uint32_t flags,
                          pfhost_reason *reason);

  /* [one session thread at a time] Takes the next finished packet: PFHOST_OK, or PFHOST_E_AGAIN
   * when none is ready. */
  pfhost_status (*receive)(pfhost_encoder *encoder, pfhost_packet *packet, pfhost_reason *reason);

  /* Unused: plugins leave it NULL. Since ABI 1.1 the host never calls it; a keyframe is asked
   * for with PFHOST_SUBMIT_FORCE_KEYFRAME on submit() instead, which is tied to the frame it
   * applies to and which every encoder honours (this call was optional and tied to no frame, so
   * the host needed the flag anyway, and two paths meant two behaviours to test). The slot stays
   * only so that the table keeps the layout of ABI 1.0. */
  pfhost_status (*request_keyframe)(pfhost_encoder *encoder);

  /* Optional. [one session thread at a time] Changes the target bitrate from the next frame on. */
  pfhost_status (*set_bitrate)(pfhost_encoder *encoder, uint32_t bitrate_kbps);

  /* Optional. [one session thread at a time] Drains: after this, receive() returns the remaining
   * packets and then PFHOST_E_AGAIN; no more submit() calls follow. */
  pfhost_status (*flush)(pfhost_encoder *encoder, pfhost_reason *reason);

  /* [any thread, exactly once] Frees the encoder. */
  void (*close)(pfhost_encoder *encoder);
} pfhost_encode_vtable;

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PFHOST_ENCODE_H */
