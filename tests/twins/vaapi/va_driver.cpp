// The VA-API driver twin: pfhost_twin_drv_video.so, loaded by the real libva (LIBVA_DRIVERS_PATH,
// LIBVA_DRIVER_NAME=pfhost_twin) through its versioned entry __vaDriverInit_1_17. It offers H.264
// constrained baseline encoding (EncSlice and EncSliceLP), NV12 surfaces in host memory or
// imported from DRM PRIME fds, derived and created images; the encoding itself is in
// encode_picture.cpp, the checks and counters in contract.cpp.
#include <sys/mman.h>
#include <va/va_backend.h>
#include <va/va_drmcommon.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "objects.hpp"

namespace vatwin {
namespace {

constexpr uint32_t kMaxSide = 4096;
constexpr uint32_t kPacked = VA_ENC_PACKED_HEADER_SEQUENCE | VA_ENC_PACKED_HEADER_PICTURE |
                             VA_ENC_PACKED_HEADER_SLICE | VA_ENC_PACKED_HEADER_MISC;
constexpr uint32_t kRateControl = VA_RC_CQP | VA_RC_CBR | VA_RC_VBR;
const VAImageFormat kNv12 = {VA_FOURCC_NV12, VA_LSB_FIRST, 12, 0, 0, 0, 0, 0, {}};

Driver &driver_of(VADriverContextP ctx) {
  return *static_cast<Driver *>(ctx->pDriverData);
}

#define TWIN_ENTRY(name)                          \
  Driver &driver = driver_of(ctx);                \
  std::lock_guard<std::mutex> guard(driver.lock); \
  if (VAStatus injected = driver.contract.injected(name)) return injected

uint32_t align(uint32_t value, uint32_t to) {
  return (value + to - 1) / to * to;
}

bool is_entrypoint(VAEntrypoint entrypoint) {
  return entrypoint == VAEntrypointEncSlice || entrypoint == VAEntrypointEncSliceLP;
}

VAStatus Terminate(VADriverContextP ctx) {
  Driver *driver = &driver_of(ctx);
  std::map<std::string, uint64_t> leaks = {{"configs", driver->configs.size()},
                                           {"contexts", driver->contexts.size()},
                                           {"surfaces", driver->surfaces.size()},
                                           {"buffers", driver->buffers.size()},
                                           {"images", driver->images.size()}};
  for (auto &[id, surface] : driver->surfaces)
    for (auto &[address, size] : surface.imported) munmap(address, size);
  driver->contract.write_report(leaks);
  delete driver;
  ctx->pDriverData = nullptr;
  return VA_STATUS_SUCCESS;
}

VAStatus QueryConfigProfiles(VADriverContextP, VAProfile *list, int *count) {
  list[0] = VAProfileH264ConstrainedBaseline;
  *count = 1;
  return VA_STATUS_SUCCESS;
}

VAStatus QueryConfigEntrypoints(VADriverContextP, VAProfile profile, VAEntrypoint *list,
                                int *count) {
  *count = 0;
  if (profile != VAProfileH264ConstrainedBaseline) return VA_STATUS_ERROR_UNSUPPORTED_PROFILE;
  list[0] = VAEntrypointEncSlice;
  list[1] = VAEntrypointEncSliceLP;
  *count = 2;
  return VA_STATUS_SUCCESS;
}

void fill_attributes(VAConfigAttrib *list, int count) {
  for (int i = 0; i < count; ++i) {
    switch (list[i].type) {
      case VAConfigAttribRTFormat:
        list[i].value = VA_RT_FORMAT_YUV420;
        break;
      case VAConfigAttribRateControl:
        list[i].value = kRateControl;
        break;
      case VAConfigAttribEncPackedHeaders:
        list[i].value = kPacked;
        break;
      // One reference in L0 and none in L1: P pictures, no B pictures (a low-power encoder's
      // usual answer, and what a streaming encoder wants anyway).
      case VAConfigAttribEncMaxRefFrames:
        list[i].value = 1;
        break;
      case VAConfigAttribEncMaxSlices:
        list[i].value = 1;
        break;
      default:
        list[i].value = VA_ATTRIB_NOT_SUPPORTED;
    }
  }
}

VAStatus GetConfigAttributes(VADriverContextP, VAProfile profile, VAEntrypoint entrypoint,
                             VAConfigAttrib *list, int count) {
  if (profile != VAProfileH264ConstrainedBaseline) return VA_STATUS_ERROR_UNSUPPORTED_PROFILE;
  if (!is_entrypoint(entrypoint)) return VA_STATUS_ERROR_UNSUPPORTED_ENTRYPOINT;
  fill_attributes(list, count);
  return VA_STATUS_SUCCESS;
}

VAStatus CreateConfig(VADriverContextP ctx, VAProfile profile, VAEntrypoint entrypoint,
                      VAConfigAttrib *list, int count, VAConfigID *id) {
  TWIN_ENTRY("vaCreateConfig");
  if (profile != VAProfileH264ConstrainedBaseline) return VA_STATUS_ERROR_UNSUPPORTED_PROFILE;
  if (!is_entrypoint(entrypoint)) return VA_STATUS_ERROR_UNSUPPORTED_ENTRYPOINT;
  Config config{profile, entrypoint, VA_RC_CQP, 0};
  for (int i = 0; i < count; ++i) {
    const uint32_t value = list[i].value;
    if (list[i].type == VAConfigAttribRTFormat && (value & VA_RT_FORMAT_YUV420) == 0)
      return VA_STATUS_ERROR_UNSUPPORTED_RT_FORMAT;
    if (list[i].type == VAConfigAttribRateControl) {
      if ((value & ~kRateControl) != 0 || __builtin_popcount(value) != 1)
        return VA_STATUS_ERROR_INVALID_VALUE;
      config.rate_control = value;
    }
    if (list[i].type == VAConfigAttribEncPackedHeaders) {
      if ((value & ~kPacked) != 0) return VA_STATUS_ERROR_INVALID_VALUE;
      config.packed_headers = value;
    }
  }
  if ((config.packed_headers & VA_ENC_PACKED_HEADER_SLICE) == 0)
    driver.contract.violation(
        "config without packed slice headers: the twin writes slice data only");
  *id = driver.next_id++;
  driver.configs.emplace(*id, config);
  driver.contract.count(entrypoint == VAEntrypointEncSliceLP ? "configs_low_power"
                                                             : "configs_created");
  return VA_STATUS_SUCCESS;
}

VAStatus DestroyConfig(VADriverContextP ctx, VAConfigID id) {
  TWIN_ENTRY("vaDestroyConfig");
  return driver.configs.erase(id) != 0 ? VA_STATUS_SUCCESS : VA_STATUS_ERROR_INVALID_CONFIG;
}

VAStatus QueryConfigAttributes(VADriverContextP ctx, VAConfigID id, VAProfile *profile,
                               VAEntrypoint *entrypoint, VAConfigAttrib *list, int *count) {
  TWIN_ENTRY("vaQueryConfigAttributes");
  const auto found = driver.configs.find(id);
  if (found == driver.configs.end()) return VA_STATUS_ERROR_INVALID_CONFIG;
  *profile = found->second.profile;
  *entrypoint = found->second.entrypoint;
  list[0] = {VAConfigAttribRTFormat, VA_RT_FORMAT_YUV420};
  list[1] = {VAConfigAttribRateControl, found->second.rate_control};
  list[2] = {VAConfigAttribEncPackedHeaders, found->second.packed_headers};
  *count = 3;
  return VA_STATUS_SUCCESS;
}

VAStatus QuerySurfaceAttributes(VADriverContextP ctx, VAConfigID id, VASurfaceAttrib *list,
                                unsigned int *count) {
  TWIN_ENTRY("vaQuerySurfaceAttributes");
  if (driver.configs.count(id) == 0) return VA_STATUS_ERROR_INVALID_CONFIG;
  const auto integer = [](VASurfaceAttribType type, uint32_t flags, int value) {
    VASurfaceAttrib attribute{};
    attribute.type = type;
    attribute.flags = flags;
    attribute.value.type = VAGenericValueTypeInteger;
    attribute.value.value.i = value;
    return attribute;
  };
  const VASurfaceAttrib attributes[] = {
      integer(VASurfaceAttribPixelFormat, VA_SURFACE_ATTRIB_GETTABLE | VA_SURFACE_ATTRIB_SETTABLE,
              static_cast<int>(VA_FOURCC_NV12)),
      integer(VASurfaceAttribMinWidth, VA_SURFACE_ATTRIB_GETTABLE, 16),
      integer(VASurfaceAttribMinHeight, VA_SURFACE_ATTRIB_GETTABLE, 16),
      integer(VASurfaceAttribMaxWidth, VA_SURFACE_ATTRIB_GETTABLE, kMaxSide),
      integer(VASurfaceAttribMaxHeight, VA_SURFACE_ATTRIB_GETTABLE, kMaxSide),
      integer(VASurfaceAttribMemoryType, VA_SURFACE_ATTRIB_GETTABLE | VA_SURFACE_ATTRIB_SETTABLE,
              VA_SURFACE_ATTRIB_MEM_TYPE_VA | VA_SURFACE_ATTRIB_MEM_TYPE_DRM_PRIME_2)};
  const unsigned int total = sizeof(attributes) / sizeof(attributes[0]);
  if (list == nullptr) {
    *count = total;
    return VA_STATUS_SUCCESS;
  }
  if (*count < total) {
    *count = total;
    return VA_STATUS_ERROR_MAX_NUM_EXCEEDED;
  }
  std::copy(attributes, attributes + total, list);
  *count = total;
  return VA_STATUS_SUCCESS;
}

// Maps the objects of a DRM PRIME descriptor (linear layout only: the twin has no tiling).
VAStatus import_prime(Driver &driver, const VADRMPRIMESurfaceDescriptor &prime, Surface &surface) {
  if (prime.fourcc != VA_FOURCC_NV12) return VA_STATUS_ERROR_INVALID_IMAGE_FORMAT;
  std::vector<std::pair<uint32_t, uint32_t>> planes;  // (object, offset) with pitch below
  std::vector<uint32_t> pitches;
  for (uint32_t l = 0; l < prime.num_layers && l < 4; ++l)
    for (uint32_t p = 0; p < prime.layers[l].num_planes && p < 4; ++p) {
      planes.emplace_back(prime.layers[l].object_index[p], prime.layers[l].offset[p]);
      pitches.push_back(prime.layers[l].pitch[p]);
    }
  if (planes.size() != 2 || prime.num_objects == 0 || prime.num_objects > 4) {
    driver.contract.violation("DRM PRIME NV12 descriptor without exactly two planes");
    return VA_STATUS_ERROR_INVALID_PARAMETER;
  }
  for (uint32_t o = 0; o < prime.num_objects; ++o) {
    if (prime.objects[o].drm_format_modifier != 0 /* DRM_FORMAT_MOD_LINEAR */)
      return VA_STATUS_ERROR_UNSUPPORTED_MEMORY_TYPE;
    void *address =
        mmap(nullptr, prime.objects[o].size, PROT_READ, MAP_SHARED, prime.objects[o].fd, 0);
    if (address == MAP_FAILED) return VA_STATUS_ERROR_INVALID_PARAMETER;  // the caller unmaps
    surface.imported.emplace_back(address, prime.objects[o].size);
  }
  for (size_t p = 0; p < 2; ++p) {
    if (planes[p].first >= prime.num_objects) return VA_STATUS_ERROR_INVALID_PARAMETER;
    const size_t need =
        planes[p].second + size_t{pitches[p]} * (p == 0 ? prime.height : (prime.height + 1) / 2);
    if (need > surface.imported[planes[p].first].second) {
      driver.contract.violation("DRM PRIME plane " + std::to_string(p) + " runs past its object");
      return VA_STATUS_ERROR_INVALID_PARAMETER;
    }
  }
  const auto base = [&](size_t p) {
    return static_cast<uint8_t *>(surface.imported[planes[p].first].first) + planes[p].second;
  };
  surface.luma = base(0);
  surface.chroma = base(1);
  surface.luma_pitch = pitches[0];
  surface.chroma_pitch = pitches[1];
  driver.contract.count("imported_surfaces");
  return VA_STATUS_SUCCESS;
}

VAStatus CreateSurfaces2(VADriverContextP ctx, unsigned int format, unsigned int width,
                         unsigned int height, VASurfaceID *ids, unsigned int count,
                         VASurfaceAttrib *attributes, unsigned int attribute_count) {
  TWIN_ENTRY("vaCreateSurfaces");
  if (format != VA_RT_FORMAT_YUV420) return VA_STATUS_ERROR_UNSUPPORTED_RT_FORMAT;
  if (width == 0 || height == 0 || width > kMaxSide || height > kMaxSide)
    return VA_STATUS_ERROR_RESOLUTION_NOT_SUPPORTED;
  uint32_t memory_type = VA_SURFACE_ATTRIB_MEM_TYPE_VA;
  const VADRMPRIMESurfaceDescriptor *prime = nullptr;
  for (unsigned int i = 0; i < attribute_count; ++i) {
    const VASurfaceAttrib &a = attributes[i];
    if (a.type == VASurfaceAttribPixelFormat &&
        static_cast<uint32_t>(a.value.value.i) != VA_FOURCC_NV12)
      return VA_STATUS_ERROR_INVALID_IMAGE_FORMAT;
    if (a.type == VASurfaceAttribMemoryType) memory_type = static_cast<uint32_t>(a.value.value.i);
    if (a.type == VASurfaceAttribExternalBufferDescriptor)
      prime = static_cast<const VADRMPRIMESurfaceDescriptor *>(a.value.value.p);
  }
  if (memory_type != VA_SURFACE_ATTRIB_MEM_TYPE_VA &&
      memory_type != VA_SURFACE_ATTRIB_MEM_TYPE_DRM_PRIME_2)
    return VA_STATUS_ERROR_UNSUPPORTED_MEMORY_TYPE;
  if (memory_type == VA_SURFACE_ATTRIB_MEM_TYPE_DRM_PRIME_2 && (prime == nullptr || count != 1))
    return VA_STATUS_ERROR_INVALID_PARAMETER;
  for (unsigned int i = 0; i < count; ++i) {
    Surface surface;
    surface.width = width;
    surface.height = height;
    if (prime != nullptr) {
      if (VAStatus status = import_prime(driver, *prime, surface)) {
        for (auto &[address, size] : surface.imported) munmap(address, size);
        return status;
      }
    } else {
      surface.luma_pitch = surface.chroma_pitch = align(width, 64);
      const uint32_t rows = align(height, 16);
      surface.memory.assign(size_t{surface.luma_pitch} * rows * 3 / 2, 0);
      surface.luma = surface.memory.data();
      surface.chroma = surface.memory.data() + size_t{surface.luma_pitch} * rows;
    }
    ids[i] = driver.next_id++;
    driver.surfaces.emplace(ids[i], std::move(surface));  // the vector's buffer moves along
    driver.contract.count("surfaces_created");
  }
  return VA_STATUS_SUCCESS;
}

VAStatus CreateSurfaces(VADriverContextP ctx, int width, int height, int format, int count,
                        VASurfaceID *ids) {
  return CreateSurfaces2(ctx, static_cast<unsigned int>(format), static_cast<unsigned int>(width),
                         static_cast<unsigned int>(height), ids, static_cast<unsigned int>(count),
                         nullptr, 0);
}

VAStatus DestroySurfaces(VADriverContextP ctx, VASurfaceID *ids, int count) {
  TWIN_ENTRY("vaDestroySurfaces");
  for (int i = 0; i < count; ++i) {
    const auto found = driver.surfaces.find(ids[i]);
    if (found == driver.surfaces.end()) return VA_STATUS_ERROR_INVALID_SURFACE;
    if (found->second.derived_images != 0)
      driver.contract.violation("surface destroyed while an image derived from it exists");
    if (found->second.encoding)
      driver.contract.violation("surface destroyed while encoding from it (no vaSyncSurface)");
    for (auto &[address, size] : found->second.imported) munmap(address, size);
    driver.surfaces.erase(found);
  }
  return VA_STATUS_SUCCESS;
}

VAStatus CreateContext(VADriverContextP ctx, VAConfigID config, int width, int height, int,
                       VASurfaceID *targets, int target_count, VAContextID *id) {
  TWIN_ENTRY("vaCreateContext");
  if (driver.configs.count(config) == 0) return VA_STATUS_ERROR_INVALID_CONFIG;
  if (width <= 0 || height <= 0 || width > int{kMaxSide} || height > int{kMaxSide})
    return VA_STATUS_ERROR_RESOLUTION_NOT_SUPPORTED;
  // Zero render targets is legal (FFmpeg's encoder passes none); listed ones must exist.
  for (int i = 0; i < target_count; ++i)
    if (driver.surfaces.count(targets[i]) == 0) return VA_STATUS_ERROR_INVALID_SURFACE;
  *id = driver.next_id++;
  driver.contexts.emplace(*id, Context{config,
                                       static_cast<uint32_t>(width),
                                       static_cast<uint32_t>(height),
                                       VA_INVALID_SURFACE,
                                       {},
                                       {},
                                       false});
  driver.contract.count("contexts_created");
  return VA_STATUS_SUCCESS;
}

VAStatus DestroyContext(VADriverContextP ctx, VAContextID id) {
  TWIN_ENTRY("vaDestroyContext");
  const auto found = driver.contexts.find(id);
  if (found == driver.contexts.end()) return VA_STATUS_ERROR_INVALID_CONTEXT;
  if (found->second.target != VA_INVALID_SURFACE)
    driver.contract.violation("context destroyed between vaBeginPicture and vaEndPicture");
  driver.contexts.erase(found);
  return VA_STATUS_SUCCESS;
}

VAStatus CreateBuffer(VADriverContextP ctx, VAContextID context, VABufferType type,
                      unsigned int size, unsigned int elements, void *data, VABufferID *id) {
  TWIN_ENTRY("vaCreateBuffer");
  if (type != VAImageBufferType && driver.contexts.count(context) == 0)
    return VA_STATUS_ERROR_INVALID_CONTEXT;
  if (size == 0 || elements == 0) return VA_STATUS_ERROR_INVALID_PARAMETER;
  Buffer buffer{type, context, size, elements, {}, nullptr, false};
  if (type == VAEncCodedBufferType) {
    buffer.data.assign(sizeof(VACodedBufferSegment) + size_t{size} * elements, 0);
  } else {
    buffer.data.assign(size_t{size} * elements, 0);
    if (data != nullptr) std::memcpy(buffer.data.data(), data, buffer.data.size());
  }
  *id = driver.next_id++;
  driver.buffers.emplace(*id, std::move(buffer));
  driver.contract.count("buffers_created");
  return VA_STATUS_SUCCESS;
}

VAStatus BufferSetNumElements(VADriverContextP ctx, VABufferID id, unsigned int elements) {
  TWIN_ENTRY("vaBufferSetNumElements");
  const auto found = driver.buffers.find(id);
  if (found == driver.buffers.end()) return VA_STATUS_ERROR_INVALID_BUFFER;
  if (elements > found->second.elements) return VA_STATUS_ERROR_INVALID_PARAMETER;
  found->second.elements = elements;
  return VA_STATUS_SUCCESS;
}

VAStatus MapBuffer(VADriverContextP ctx, VABufferID id, void **out) {
  TWIN_ENTRY("vaMapBuffer");
  const auto found = driver.buffers.find(id);
  if (found == driver.buffers.end()) return VA_STATUS_ERROR_INVALID_BUFFER;
  Buffer &buffer = found->second;
  if (buffer.mapped) driver.contract.violation("buffer mapped twice without vaUnmapBuffer");
  buffer.mapped = true;
  if (buffer.type == VAEncCodedBufferType) {
    auto *segment = reinterpret_cast<VACodedBufferSegment *>(buffer.data.data());
    segment->buf = buffer.data.data() + sizeof(VACodedBufferSegment);
    segment->next = nullptr;
    *out = segment;
  } else {
    *out = buffer.external != nullptr ? buffer.external : buffer.data.data();
  }
  return VA_STATUS_SUCCESS;
}

VAStatus UnmapBuffer(VADriverContextP ctx, VABufferID id) {
  TWIN_ENTRY("vaUnmapBuffer");
  const auto found = driver.buffers.find(id);
  if (found == driver.buffers.end()) return VA_STATUS_ERROR_INVALID_BUFFER;
  if (!found->second.mapped)
    driver.contract.violation("vaUnmapBuffer of a buffer that is not mapped");
  found->second.mapped = false;
  return VA_STATUS_SUCCESS;
}

VAStatus DestroyBuffer(VADriverContextP ctx, VABufferID id) {
  TWIN_ENTRY("vaDestroyBuffer");
  const auto found = driver.buffers.find(id);
  if (found == driver.buffers.end()) return VA_STATUS_ERROR_INVALID_BUFFER;
  if (found->second.type == VAImageBufferType) {
    driver.contract.violation("image buffer destroyed directly instead of through vaDestroyImage");
  }
  if (found->second.mapped) driver.contract.violation("buffer destroyed while mapped");
  driver.buffers.erase(found);
  return VA_STATUS_SUCCESS;
}

VAStatus BeginPicture(VADriverContextP ctx, VAContextID id, VASurfaceID target) {
  TWIN_ENTRY("vaBeginPicture");
  const auto context = driver.contexts.find(id);
  if (context == driver.contexts.end()) return VA_STATUS_ERROR_INVALID_CONTEXT;
  const auto surface = driver.surfaces.find(target);
  if (surface == driver.surfaces.end()) return VA_STATUS_ERROR_INVALID_SURFACE;
  if (context->second.target != VA_INVALID_SURFACE)
    driver.contract.violation("vaBeginPicture twice without vaEndPicture");
  for (const auto &[image_id, image] : driver.images)
    if (image.derived_from == target && driver.buffers.at(image.image.buf).mapped)
      driver.contract.violation("encoding a surface whose derived image is still mapped");
  context->second.target = target;
  context->second.rendered.clear();
  surface->second.encoding = true;
  return VA_STATUS_SUCCESS;
}

VAStatus RenderPicture(VADriverContextP ctx, VAContextID id, VABufferID *buffers, int count) {
  TWIN_ENTRY("vaRenderPicture");
  const auto context = driver.contexts.find(id);
  if (context == driver.contexts.end()) return VA_STATUS_ERROR_INVALID_CONTEXT;
  if (context->second.target == VA_INVALID_SURFACE) {
    driver.contract.violation("vaRenderPicture outside vaBeginPicture/vaEndPicture");
    return VA_STATUS_ERROR_OPERATION_FAILED;
  }
  for (int i = 0; i < count; ++i) {
    const auto found = driver.buffers.find(buffers[i]);
    if (found == driver.buffers.end()) return VA_STATUS_ERROR_INVALID_BUFFER;
    if (found->second.mapped)
      driver.contract.violation("a mapped buffer passed to vaRenderPicture");
    const Buffer &buffer = found->second;
    context->second.rendered.push_back(
        {buffer.type,
         std::vector<uint8_t>(buffer.data.begin(), buffer.data.begin() + buffer.size())});
  }
  return VA_STATUS_SUCCESS;
}

VAStatus EndPicture(VADriverContextP ctx, VAContextID id) {
  TWIN_ENTRY("vaEndPicture");
  const auto context = driver.contexts.find(id);
  if (context == driver.contexts.end()) return VA_STATUS_ERROR_INVALID_CONTEXT;
  if (context->second.target == VA_INVALID_SURFACE) {
    driver.contract.violation("vaEndPicture without vaBeginPicture");
    return VA_STATUS_ERROR_OPERATION_FAILED;
  }
  VAStatus status;
  try {
    status = encode_picture(driver, context->second);
  } catch (const std::exception &error) {
    driver.contract.violation(std::string("picture not encodable: ") + error.what());
    status = VA_STATUS_ERROR_INVALID_PARAMETER;
  }
  context->second.target = VA_INVALID_SURFACE;
  context->second.rendered.clear();
  return status;
}

VAStatus SyncSurface(VADriverContextP ctx, VASurfaceID id) {
  TWIN_ENTRY("vaSyncSurface");
  const auto found = driver.surfaces.find(id);
  if (found == driver.surfaces.end()) return VA_STATUS_ERROR_INVALID_SURFACE;
  found->second.encoding = false;
  return VA_STATUS_SUCCESS;
}

VAStatus QuerySurfaceStatus(VADriverContextP ctx, VASurfaceID id, VASurfaceStatus *status) {
  TWIN_ENTRY("vaQuerySurfaceStatus");
  if (driver.surfaces.count(id) == 0) return VA_STATUS_ERROR_INVALID_SURFACE;
  *status = VASurfaceReady;  // encoding finishes inside vaEndPicture
  return VA_STATUS_SUCCESS;
}

VAStatus QueryImageFormats(VADriverContextP, VAImageFormat *list, int *count) {
  list[0] = kNv12;
  *count = 1;
  return VA_STATUS_SUCCESS;
}

VAImage nv12_image(VAImageID id, VABufferID buf, uint32_t width, uint32_t height,
                   uint32_t luma_pitch, uint32_t chroma_pitch, uint32_t chroma_offset,
                   uint32_t size) {
  VAImage image{};
  image.image_id = id;
  image.format = kNv12;
  image.buf = buf;
  image.width = static_cast<uint16_t>(width);
  image.height = static_cast<uint16_t>(height);
  image.data_size = size;
  image.num_planes = 2;
  image.pitches[0] = luma_pitch;
  image.pitches[1] = chroma_pitch;
  image.offsets[1] = chroma_offset;
  return image;
}

VAStatus CreateImage(VADriverContextP ctx, VAImageFormat *format, int width, int height,
                     VAImage *out) {
  TWIN_ENTRY("vaCreateImage");
  if (format->fourcc != VA_FOURCC_NV12) return VA_STATUS_ERROR_INVALID_IMAGE_FORMAT;
  if (width <= 0 || height <= 0 || width > int{kMaxSide} || height > int{kMaxSide})
    return VA_STATUS_ERROR_RESOLUTION_NOT_SUPPORTED;
  const uint32_t pitch = align(static_cast<uint32_t>(width), 64);
  const uint32_t rows = align(static_cast<uint32_t>(height), 2);
  const uint32_t size = pitch * rows * 3 / 2;
  const VABufferID buf = driver.next_id++;
  driver.buffers.emplace(buf, Buffer{VAImageBufferType, VA_INVALID_ID, size, 1,
                                     std::vector<uint8_t>(size), nullptr, false});
  const VAImageID id = driver.next_id++;
  *out = nv12_image(id, buf, width, height, pitch, pitch, pitch * rows, size);
  driver.images.emplace(id, Image{*out});
  driver.contract.count("images_created");
  return VA_STATUS_SUCCESS;
}

VAStatus DeriveImage(VADriverContextP ctx, VASurfaceID surface_id, VAImage *out) {
  TWIN_ENTRY("vaDeriveImage");
  const auto found = driver.surfaces.find(surface_id);
  if (found == driver.surfaces.end()) return VA_STATUS_ERROR_INVALID_SURFACE;
  Surface &surface = found->second;
  if (surface.memory.empty()) return VA_STATUS_ERROR_OPERATION_FAILED;  // imported: no CPU view
  const VABufferID buf = driver.next_id++;
  Buffer buffer{
      VAImageBufferType, VA_INVALID_ID, static_cast<uint32_t>(surface.memory.size()), 1, {},
      nullptr,           false};
  buffer.external = surface.memory.data();
  driver.buffers.emplace(buf, std::move(buffer));
  const VAImageID id = driver.next_id++;
  *out = nv12_image(id, buf, surface.width, surface.height, surface.luma_pitch,
                    surface.chroma_pitch, static_cast<uint32_t>(surface.chroma - surface.luma),
                    static_cast<uint32_t>(surface.memory.size()));
  driver.images.emplace(id, Image{*out, surface_id});
  ++surface.derived_images;
  driver.contract.count("images_derived");
  return VA_STATUS_SUCCESS;
}

VAStatus DestroyImage(VADriverContextP ctx, VAImageID id) {
  TWIN_ENTRY("vaDestroyImage");
  const auto found = driver.images.find(id);
  if (found == driver.images.end()) return VA_STATUS_ERROR_INVALID_IMAGE;
  const auto buffer = driver.buffers.find(found->second.image.buf);
  if (buffer != driver.buffers.end()) {
    if (buffer->second.mapped)
      driver.contract.violation("image destroyed while its buffer is mapped");
    driver.buffers.erase(buffer);
  }
  if (const auto surface = driver.surfaces.find(found->second.derived_from);
      surface != driver.surfaces.end())
    --surface->second.derived_images;
  driver.images.erase(found);
  return VA_STATUS_SUCCESS;
}

// Copies a w x h NV12 rectangle between an image's buffer and a surface (no scaling: the twin
// has no video processor, and FFmpeg's transfers never scale).
VAStatus copy_image(Driver &driver, VASurfaceID surface_id, VAImageID image_id, int src_x,
                    int src_y, unsigned int width, unsigned int height, int dst_x, int dst_y,
                    bool to_surface) {
  const auto surface = driver.surfaces.find(surface_id);
  if (surface == driver.surfaces.end()) return VA_STATUS_ERROR_INVALID_SURFACE;
  const auto image = driver.images.find(image_id);
  if (image == driver.images.end()) return VA_STATUS_ERROR_INVALID_IMAGE;
  Buffer &buffer = driver.buffers.at(image->second.image.buf);
  if (buffer.mapped) driver.contract.violation("image copied while its buffer is mapped");
  const VAImage &va = image->second.image;
  Surface &s = surface->second;
  if (to_surface && s.encoding)
    driver.contract.violation(
        "vaPutImage into a surface the encoder may still read (no vaSyncSurface)");
  const int img_x = to_surface ? src_x : dst_x, img_y = to_surface ? src_y : dst_y;
  const int srf_x = to_surface ? dst_x : src_x, srf_y = to_surface ? dst_y : src_y;
  if (img_x < 0 || img_y < 0 || srf_x < 0 || srf_y < 0 || img_x + width > va.width ||
      img_y + height > va.height || srf_x + width > s.width || srf_y + height > s.height)
    return VA_STATUS_ERROR_INVALID_PARAMETER;
  uint8_t *base = buffer.external != nullptr ? buffer.external : buffer.data.data();
  for (int plane = 0; plane < 2; ++plane) {
    const unsigned int rows = plane == 0 ? height : (height + 1) / 2;
    const int shift = plane == 0 ? 0 : 1;
    uint8_t *surface_plane = plane == 0 ? s.luma : s.chroma;
    const uint32_t surface_pitch = plane == 0 ? s.luma_pitch : s.chroma_pitch;
    for (unsigned int row = 0; row < rows; ++row) {
      uint8_t *in_image = base + va.offsets[plane] +
                          size_t((img_y >> shift) + row) * va.pitches[plane] + (img_x & ~shift);
      uint8_t *in_surface =
          surface_plane + size_t((srf_y >> shift) + row) * surface_pitch + (srf_x & ~shift);
      if (to_surface)
        std::memcpy(in_surface, in_image, width + (width & 1));
      else
        std::memcpy(in_image, in_surface, width + (width & 1));
    }
  }
  driver.contract.count(to_surface ? "images_put" : "images_got");
  return VA_STATUS_SUCCESS;
}

VAStatus GetImage(VADriverContextP ctx, VASurfaceID surface, int x, int y, unsigned int width,
                  unsigned int height, VAImageID image) {
  TWIN_ENTRY("vaGetImage");
  return copy_image(driver, surface, image, x, y, width, height, 0, 0, false);
}

VAStatus PutImage(VADriverContextP ctx, VASurfaceID surface, VAImageID image, int src_x, int src_y,
                  unsigned int src_width, unsigned int src_height, int dest_x, int dest_y,
                  unsigned int dest_width, unsigned int dest_height) {
  TWIN_ENTRY("vaPutImage");
  if (src_width != dest_width || src_height != dest_height) return VA_STATUS_ERROR_UNIMPLEMENTED;
  return copy_image(driver, surface, image, src_x, src_y, src_width, src_height, dest_x, dest_y,
                    true);
}

// What libva insists exists but an encoder never uses: subpictures, display attributes,
// presentation. They answer "unimplemented", as a headless encoder-only driver does.
template <typename... Args>
VAStatus unimplemented(VADriverContextP, Args...) {
  return VA_STATUS_ERROR_UNIMPLEMENTED;
}

VAStatus QuerySubpictureFormats(VADriverContextP, VAImageFormat *, unsigned int *,
                                unsigned int *count) {
  *count = 0;
  return VA_STATUS_SUCCESS;
}

VAStatus QueryDisplayAttributes(VADriverContextP, VADisplayAttribute *, int *count) {
  *count = 0;
  return VA_STATUS_SUCCESS;
}

}  // namespace
}  // namespace vatwin

extern "C" __attribute__((visibility("default"))) VAStatus __vaDriverInit_1_17(
    VADriverContextP ctx) {
  using namespace vatwin;
  auto *driver = new Driver;
  if (VAStatus injected = driver->contract.injected("vaInitialize")) {
    delete driver;
    return injected;
  }
  ctx->pDriverData = driver;
  ctx->version_major = VA_MAJOR_VERSION;
  ctx->version_minor = VA_MINOR_VERSION;
  ctx->max_profiles = 1;
  ctx->max_entrypoints = 2;
  ctx->max_attributes = 8;
  ctx->max_image_formats = 1;
  ctx->max_subpic_formats = 1;
  ctx->max_display_attributes = 1;
  ctx->str_vendor = "pfhost VA-API twin (no GPU; H.264 I_PCM encoder for tests)";
  VADriverVTable &v = *ctx->vtable;
  v.vaTerminate = Terminate;
  v.vaQueryConfigProfiles = QueryConfigProfiles;
  v.vaQueryConfigEntrypoints = QueryConfigEntrypoints;
  v.vaGetConfigAttributes = GetConfigAttributes;
  v.vaCreateConfig = CreateConfig;
  v.vaDestroyConfig = DestroyConfig;
  v.vaQueryConfigAttributes = QueryConfigAttributes;
  v.vaCreateSurfaces = CreateSurfaces;
  v.vaCreateSurfaces2 = CreateSurfaces2;
  v.vaQuerySurfaceAttributes = QuerySurfaceAttributes;
  v.vaDestroySurfaces = DestroySurfaces;
  v.vaCreateContext = CreateContext;
  v.vaDestroyContext = DestroyContext;
  v.vaCreateBuffer = CreateBuffer;
  v.vaBufferSetNumElements = BufferSetNumElements;
  v.vaMapBuffer = MapBuffer;
  v.vaUnmapBuffer = UnmapBuffer;
  v.vaDestroyBuffer = DestroyBuffer;
  v.vaBeginPicture = BeginPicture;
  v.vaRenderPicture = RenderPicture;
  v.vaEndPicture = EndPicture;
  v.vaSyncSurface = SyncSurface;
  v.vaQuerySurfaceStatus = QuerySurfaceStatus;
  v.vaQueryImageFormats = QueryImageFormats;
  v.vaCreateImage = CreateImage;
  v.vaDeriveImage = DeriveImage;
  v.vaDestroyImage = DestroyImage;
  v.vaGetImage = GetImage;
  v.vaPutImage = PutImage;
  v.vaQuerySubpictureFormats = QuerySubpictureFormats;
  v.vaQueryDisplayAttributes = QueryDisplayAttributes;
  v.vaPutSurface = unimplemented;
  v.vaSetImagePalette = unimplemented;
  v.vaCreateSubpicture = unimplemented;
  v.vaDestroySubpicture = unimplemented;
  v.vaSetSubpictureImage = unimplemented;
  v.vaSetSubpictureChromakey = unimplemented;
  v.vaSetSubpictureGlobalAlpha = unimplemented;
  v.vaAssociateSubpicture = unimplemented;
  v.vaDeassociateSubpicture = unimplemented;
  v.vaGetDisplayAttributes = unimplemented;
  v.vaSetDisplayAttributes = unimplemented;
  v.vaQuerySurfaceError = unimplemented;
  return VA_STATUS_SUCCESS;
}
