// The driver's objects, as a real driver keeps them: configs, surfaces (NV12 in host memory, or an
// imported DRM PRIME object mapped into the process), contexts with the picture being built,
// buffers and images. One Driver per VA display, behind one lock: libva does no locking itself.
#pragma once

#include <va/va.h>

#include <cstdint>
#include <map>
#include <mutex>
#include <vector>

#include "contract.hpp"

namespace vatwin {

struct Config {
  VAProfile profile;
  VAEntrypoint entrypoint;
  uint32_t rate_control;
  uint32_t packed_headers;
};

struct Surface {
  uint32_t width = 0, height = 0;
  uint32_t luma_pitch = 0, chroma_pitch = 0;
  std::vector<uint8_t> memory;  // own NV12 storage (empty when imported)
  uint8_t *luma = nullptr;
  uint8_t *chroma = nullptr;
  std::vector<std::pair<void *, size_t>> imported;  // mmapped DRM PRIME objects
  bool encoding = false;                            // between vaBeginPicture and vaSyncSurface
  uint32_t derived_images = 0;                      // images sharing this surface's memory
};

struct Buffer {
  VABufferType type;
  VAContextID context;
  uint32_t element_size = 0, elements = 0;
  std::vector<uint8_t> data;    // contents; for a coded buffer the segment header comes first
  uint8_t *external = nullptr;  // a derived image's buffer maps the surface instead
  bool mapped = false;
  size_t size() const noexcept { return size_t{element_size} * elements; }
};

struct Image {
  VAImage image;
  VASurfaceID derived_from = VA_INVALID_SURFACE;
};

// One vaRenderPicture'd buffer, copied at render time (FFmpeg destroys its parameter buffers
// right after vaEndPicture, a real driver has read them by then).
struct RenderedBuffer {
  VABufferType type;
  std::vector<uint8_t> data;
};

struct Context {
  VAConfigID config;
  uint32_t width, height;
  VASurfaceID target = VA_INVALID_SURFACE;  // set between vaBeginPicture and vaEndPicture
  std::vector<RenderedBuffer> rendered;
  VAEncSequenceParameterBufferH264 sequence{};  // the last one sent (FFmpeg sends it with IDRs)
  bool has_sequence = false;
};

struct Driver {
  std::mutex lock;
  Contract contract;
  uint32_t next_id = 0x100;
  std::map<VAConfigID, Config> configs;
  std::map<VASurfaceID, Surface> surfaces;
  std::map<VAContextID, Context> contexts;
  std::map<VABufferID, Buffer> buffers;
  std::map<VAImageID, Image> images;
};

// Encodes the picture `context` has collected into its coded buffer (vaEndPicture's work).
VAStatus encode_picture(Driver &driver, Context &context);

}  // namespace vatwin
