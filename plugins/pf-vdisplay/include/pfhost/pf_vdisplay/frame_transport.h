/*
 * pf-vdisplay IDD push: the frame-transport contract between the host's capturer and the
 * driver's swap-chain processor (or anything standing in for it). Pure C, no Windows headers,
 * so both sides, and portable tests, include the same definitions: drift is a compile error.
 *
 * The driver's process (WUDFHost, a restricted token) cannot create named kernel objects, so the
 * HOST creates everything, per display target:
 *   - a header section   PFVD_HEADER_NAME(target)       (pfvd_shared_header, below)
 *   - an auto-reset event PFVD_EVENT_NAME(target)       (set by the driver after each publish)
 *   - PFVD_RING_LEN textures PFVD_TEXTURE_NAME(target, generation, slot), each with a keyed
 *     mutex (key 0), on the render GPU, in the header's size and DXGI format.
 * The driver only opens them and copies frames in.
 *
 * Ordering rules (both sides must keep them):
 *   1. The host writes every header field, then stores `magic` LAST with release ordering; the
 *      driver reads `magic` with acquire ordering and touches nothing before it equals
 *      PFVD_MAGIC (and `version` equals PFVD_VERSION).
 *   2. Per frame the driver takes the next slot's keyed mutex, copies, releases it, then stores
 *      `latest` (a publish token) with release ordering, then sets the event. The host reads
 *      `latest` with acquire ordering, so the copy is visible before the token is.
 *   3. A ring recreate (format or size change) stores `latest` = 0, the new size and format,
 *      then `generation` with release ordering; the driver re-opens the textures of the new
 *      generation, and the host ignores every token of another generation.
 */
#ifndef PFHOST_PF_VDISPLAY_FRAME_TRANSPORT_H
#define PFHOST_PF_VDISPLAY_FRAME_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* "PFVH" little-endian: the header is complete and may be read. */
#define PFVD_MAGIC 0x48564650u
/* Bumped on any incompatible change to the header or the rules above. */
#define PFVD_VERSION 1u
/* Textures per ring: the driver writes one while the host reads another, with one spare. */
#define PFVD_RING_LEN 3u

/* Ring formats (DXGI_FORMAT values): SDR desktops compose BGRA8, HDR ones FP16 scRGB. */
#define PFVD_FORMAT_BGRA8 87u   /* DXGI_FORMAT_B8G8R8A8_UNORM */
#define PFVD_FORMAT_RGBA16F 10u /* DXGI_FORMAT_R16G16B16A16_FLOAT */

/* What the driver reports in driver_status (driver_status_detail holds an HRESULT). */
enum pfvd_driver_status {
  PFVD_STATUS_NONE = 0,        /* no driver has attached to this header yet */
  PFVD_STATUS_OPENED = 1,      /* the driver opened header, event and every texture */
  PFVD_STATUS_TEX_FAIL = 2,    /* it could not open the textures (render adapter mismatch?) */
  PFVD_STATUS_NO_DEVICE = 3,   /* it has no render device to open them with */
  PFVD_STATUS_OTHER_TARGET = 4 /* the header names a target this swap chain is not bound to */
};

#pragma pack(push, 8)
/* The header section. The host zero-fills it before it writes the fields. */
typedef struct pfvd_shared_header {
  uint32_t magic;      /* PFVD_MAGIC, stored last (release) */
  uint32_t version;    /* PFVD_VERSION */
  uint32_t generation; /* ring generation: in the texture names and in every token */
  uint32_t ring_len;   /* PFVD_RING_LEN */
  uint32_t width;      /* ring texture size in pixels = the display's actual mode */
  uint32_t height;
  uint32_t dxgi_format;          /* PFVD_FORMAT_* */
  uint32_t target_id;            /* the display target the ring is for */
  uint32_t driver_status;        /* pfvd_driver_status, written by the driver */
  uint32_t driver_status_detail; /* HRESULT of the failure behind driver_status */
  uint32_t driver_luid_low;      /* the adapter the driver renders on */
  int32_t driver_luid_high;
  uint64_t latest;       /* publish token of the newest frame (release/acquire), 0 = none */
  uint64_t timestamp_ns; /* driver's clock when `latest` was stored (QPC in ns), informative */
  uint8_t reserved[64];  /* zero; room to grow without a version bump of the fixed fields */
} pfvd_shared_header;
#pragma pack(pop)

#define PFVD_HEADER_SIZE 128u

#if defined(__cplusplus)
static_assert(sizeof(pfvd_shared_header) == PFVD_HEADER_SIZE, "pfvd_shared_header size");
static_assert(offsetof(pfvd_shared_header, generation) == 8, "generation offset");
static_assert(offsetof(pfvd_shared_header, driver_status) == 32, "driver_status offset");
static_assert(offsetof(pfvd_shared_header, latest) == 48, "latest offset");
static_assert(offsetof(pfvd_shared_header, latest) % 8 == 0, "latest must be 8-byte aligned");
#else
_Static_assert(sizeof(pfvd_shared_header) == PFVD_HEADER_SIZE, "pfvd_shared_header size");
_Static_assert(offsetof(pfvd_shared_header, generation) == 8, "generation offset");
_Static_assert(offsetof(pfvd_shared_header, driver_status) == 32, "driver_status offset");
_Static_assert(offsetof(pfvd_shared_header, latest) == 48, "latest offset");
_Static_assert(offsetof(pfvd_shared_header, latest) % 8 == 0, "latest must be 8-byte aligned");
#endif

/* Field widths of the publish token (generation << 40) | (seq << 8) | slot. */
#define PFVD_TOKEN_SLOT_BITS 8u
#define PFVD_TOKEN_SEQ_BITS 32u
#define PFVD_TOKEN_GENERATION_BITS 24u

typedef struct pfvd_token {
  uint32_t generation; /* ring generation the slot belongs to (24 bits) */
  uint32_t seq;        /* publish counter of that generation, from 1 (32 bits); 0 = nothing */
  uint32_t slot;       /* 0..ring_len-1 (8 bits) */
} pfvd_token;

/* Packs a token; each field is truncated to its width. */
static inline uint64_t pfvd_token_pack(uint32_t generation, uint32_t seq, uint32_t slot) {
  return ((uint64_t)(generation & 0xFFFFFFu) << 40) | ((uint64_t)seq << 8) |
         (uint64_t)(slot & 0xFFu);
}

/* Unpacks a token stored in `latest`. */
static inline pfvd_token pfvd_token_unpack(uint64_t token) {
  pfvd_token t;
  t.generation = (uint32_t)(token >> 40) & 0xFFFFFFu;
  t.seq = (uint32_t)(token >> 8);
  t.slot = (uint32_t)(token & 0xFFu);
  return t;
}

/* Longest kernel-object name below, with its terminating NUL. */
#define PFVD_NAME_MAX 64u

/* Writes "Global\pfvd-hdr-<target>" into out (PFVD_NAME_MAX bytes); returns its length. */
static inline int pfvd_header_name(uint32_t target_id, char *out, size_t size) {
  return snprintf(out, size, "Global\\pfvd-hdr-%u", (unsigned)target_id);
}

/* Writes "Global\pfvd-evt-<target>" (the frame-ready event); returns its length. */
static inline int pfvd_event_name(uint32_t target_id, char *out, size_t size) {
  return snprintf(out, size, "Global\\pfvd-evt-%u", (unsigned)target_id);
}

/* Writes "Global\pfvd-tex-<target>-<generation>-<slot>": a fresh generation gives fresh names,
 * so a ring recreated (or a capture reopened) never collides with textures still held. */
static inline int pfvd_texture_name(uint32_t target_id, uint32_t generation, uint32_t slot,
                                    char *out, size_t size) {
  return snprintf(out, size, "Global\\pfvd-tex-%u-%u-%u", (unsigned)target_id, (unsigned)generation,
                  (unsigned)slot);
}

/* Bytes per pixel of a ring format, 0 for a format the contract does not know. */
static inline uint32_t pfvd_format_bytes_per_pixel(uint32_t dxgi_format) {
  return dxgi_format == PFVD_FORMAT_BGRA8 ? 4u : dxgi_format == PFVD_FORMAT_RGBA16F ? 8u : 0u;
}

/* A short English name of a driver status, for error messages ("unknown" outside the enum). */
static inline const char *pfvd_status_name(uint32_t status) {
  switch (status) {
    case PFVD_STATUS_NONE:
      return "not attached";
    case PFVD_STATUS_OPENED:
      return "opened";
    case PFVD_STATUS_TEX_FAIL:
      return "cannot open the ring textures";
    case PFVD_STATUS_NO_DEVICE:
      return "no render device";
    case PFVD_STATUS_OTHER_TARGET:
      return "bound to another target";
    default:
      return "unknown";
  }
}

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PFHOST_PF_VDISPLAY_FRAME_TRANSPORT_H */
