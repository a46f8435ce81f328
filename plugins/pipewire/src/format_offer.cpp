#include "format_offer.hpp"

#include "video_format.hpp"

#include <pfhost/plugin.hpp>

#include <spa/buffer/buffer.h>
#include <spa/buffer/meta.h>
#include <spa/param/buffers.h>
#include <spa/param/format.h>
#include <spa/param/param.h>
#include <spa/param/video/format.h>
#include <spa/param/video/raw.h>

#include <algorithm>

namespace pfhost::pipewire {
namespace {

constexpr uint32_t kMaxSide = 8192;
constexpr uint32_t kMaxFps = 240;
constexpr int32_t kPreferredBuffers = 8;
constexpr int32_t kMinBuffers = 3;
constexpr int32_t kMaxBuffers = 16;

spa_rectangle default_size(const pfhost_mode &mode) {
  if (mode.width == 0 || mode.height == 0) return {1920, 1080};
  return {std::clamp<uint32_t>(mode.width, 1, kMaxSide),
          std::clamp<uint32_t>(mode.height, 1, kMaxSide)};
}

// The requested rate as an exact fraction: 59940 mHz stays 59940/1000 rather than 60/1.
spa_fraction default_rate(const pfhost_mode &mode) {
  if (mode.refresh_millihz == 0) return {60, 1};
  if (mode.refresh_millihz >= kMaxFps * 1000) return {kMaxFps, 1};
  if (mode.refresh_millihz % 1000 == 0) return {mode.refresh_millihz / 1000, 1};
  return {mode.refresh_millihz, 1000};
}

void add_id_enum(spa_pod_builder *b, uint32_t key, const std::vector<uint32_t> &ids) {
  spa_pod_frame choice{};
  spa_pod_builder_prop(b, key, 0);
  spa_pod_builder_push_choice(b, &choice, SPA_CHOICE_Enum, 0);
  spa_pod_builder_id(b, ids.front());  // the default, then the alternatives
  for (uint32_t id : ids) spa_pod_builder_id(b, id);
  spa_pod_builder_pop(b, &choice);
}

void add_size_and_rate(spa_pod_builder *b, const pfhost_mode &mode, bool exact_size) {
  const spa_rectangle size = default_size(mode);
  // Exact: min = max = the mode, for producers that size themselves from the consumer (Mutter's
  // virtual monitors keep their own default, 1280x720, when offered a range).
  const spa_rectangle min_size = exact_size ? size : spa_rectangle{1, 1};
  const spa_rectangle max_size = exact_size ? size : spa_rectangle{kMaxSide, kMaxSide};
  spa_pod_frame choice{};
  spa_pod_builder_prop(b, SPA_FORMAT_VIDEO_size, 0);
  spa_pod_builder_push_choice(b, &choice, SPA_CHOICE_Range, 0);
  spa_pod_builder_rectangle(b, size.width, size.height);
  spa_pod_builder_rectangle(b, min_size.width, min_size.height);
  spa_pod_builder_rectangle(b, max_size.width, max_size.height);
  spa_pod_builder_pop(b, &choice);

  // 0/1 allowed: variable-rate producers (gamescope) fixate exactly that.
  const spa_fraction rate = default_rate(mode);
  spa_pod_builder_prop(b, SPA_FORMAT_VIDEO_framerate, 0);
  spa_pod_builder_push_choice(b, &choice, SPA_CHOICE_Range, 0);
  spa_pod_builder_fraction(b, rate.num, rate.denom);
  spa_pod_builder_fraction(b, 0, 1);
  spa_pod_builder_fraction(b, kMaxFps, 1);
  spa_pod_builder_pop(b, &choice);
}

const spa_pod *build_offer(spa_pod_builder *b, const std::vector<uint32_t> &formats,
                           const pfhost_mode &mode, std::span<const uint64_t> modifiers,
                           bool exact_size = false) {
  spa_pod_frame object{};
  spa_pod_builder_push_object(b, &object, SPA_TYPE_OBJECT_Format, SPA_PARAM_EnumFormat);
  spa_pod_builder_prop(b, SPA_FORMAT_mediaType, 0);
  spa_pod_builder_id(b, SPA_MEDIA_TYPE_video);
  spa_pod_builder_prop(b, SPA_FORMAT_mediaSubtype, 0);
  spa_pod_builder_id(b, SPA_MEDIA_SUBTYPE_raw);
  add_id_enum(b, SPA_FORMAT_VIDEO_format, formats);
  if (!modifiers.empty()) {
    // MANDATORY: only producers that speak modifiers match this offer. DONT_FIXATE: the producer
    // (which allocates) picks the modifier it can actually allocate from the whole list.
    spa_pod_frame choice{};
    spa_pod_builder_prop(b, SPA_FORMAT_VIDEO_modifier,
                         SPA_POD_PROP_FLAG_MANDATORY | SPA_POD_PROP_FLAG_DONT_FIXATE);
    spa_pod_builder_push_choice(b, &choice, SPA_CHOICE_Enum, 0);
    spa_pod_builder_long(b, static_cast<int64_t>(modifiers.front()));
    for (uint64_t m : modifiers) spa_pod_builder_long(b, static_cast<int64_t>(m));
    spa_pod_builder_pop(b, &choice);
  }
  add_size_and_rate(b, mode, exact_size);
  return static_cast<const spa_pod *>(spa_pod_builder_pop(b, &object));
}

}  // namespace

void PodList::add(const spa_pod *pod) {
  if (pod == nullptr) throw pfhost::Error(PFHOST_E_INTERNAL, "SPA pod buffer too small");
  pods_.push_back(pod);
}

std::vector<uint32_t> offered_spa_formats(uint64_t accepted_formats, bool dmabuf_only) {
  std::vector<uint32_t> all;
  std::vector<uint32_t> accepted;
  for (const VideoFormat &f : supported_formats()) {
    if (dmabuf_only && f.drm_fourcc == 0) continue;
    all.push_back(f.spa_format);
    if ((accepted_formats & (1ull << f.pixel)) != 0) accepted.push_back(f.spa_format);
  }
  return accepted.empty() ? all : accepted;
}

void add_format_offers(PodList &pods, const FormatOfferRequest &request) {
  // The dma-buf offer goes first: it is preferred when the producer can do it. Shared memory
  // stays as the fallback so a producer without dma-buf (or without a common modifier) still
  // negotiates.
  if (!request.dmabuf_modifiers.empty()) {
    pods.add(build_offer(pods.builder(), offered_spa_formats(request.accepted_formats, true),
                         request.mode, request.dmabuf_modifiers));
  }
  // Shared memory at exactly the requested size first (a resizable producer such as Mutter's
  // virtual monitor takes it), then at any size (a producer with a size of its own).
  const std::vector<uint32_t> shm_formats = offered_spa_formats(request.accepted_formats, false);
  if (request.mode.width != 0 && request.mode.height != 0)
    pods.add(build_offer(pods.builder(), shm_formats, request.mode, {}, true));
  pods.add(build_offer(pods.builder(), shm_formats, request.mode, {}));
}

void add_buffer_params(PodList &pods, bool dmabuf_format) {
  spa_pod_builder *b = pods.builder();
  // A modifier format means dma-buf memory only. Otherwise take anything we can read: MemPtr,
  // MemFd, and DmaBuf too, because some producers (gamescope) hand LINEAR dma-bufs even for a
  // plain format; we map those ourselves.
  const int32_t types =
      dmabuf_format ? (1 << SPA_DATA_DmaBuf)
                    : (1 << SPA_DATA_MemPtr) | (1 << SPA_DATA_MemFd) | (1 << SPA_DATA_DmaBuf);
  spa_pod_frame object{};
  spa_pod_frame choice{};
  spa_pod_builder_push_object(b, &object, SPA_TYPE_OBJECT_ParamBuffers, SPA_PARAM_Buffers);
  // Enough buffers that the producer never runs dry while we hold one: we queue each buffer back
  // right after copying, but PipeWire recycles at most one per cycle, and after a pause
  // (set_active) a producer with only two buffers can be left with none to restart with.
  spa_pod_builder_prop(b, SPA_PARAM_BUFFERS_buffers, 0);
  spa_pod_builder_push_choice(b, &choice, SPA_CHOICE_Range, 0);
  spa_pod_builder_int(b, kPreferredBuffers);
  spa_pod_builder_int(b, kMinBuffers);
  spa_pod_builder_int(b, kMaxBuffers);
  spa_pod_builder_pop(b, &choice);
  spa_pod_builder_prop(b, SPA_PARAM_BUFFERS_dataType, 0);
  spa_pod_builder_push_choice(b, &choice, SPA_CHOICE_Flags, 0);
  spa_pod_builder_int(b, types);
  spa_pod_builder_pop(b, &choice);
  pods.add(static_cast<const spa_pod *>(spa_pod_builder_pop(b, &object)));

  spa_pod_builder_push_object(b, &object, SPA_TYPE_OBJECT_ParamMeta, SPA_PARAM_Meta);
  spa_pod_builder_prop(b, SPA_PARAM_META_type, 0);
  spa_pod_builder_id(b, SPA_META_Header);
  spa_pod_builder_prop(b, SPA_PARAM_META_size, 0);
  spa_pod_builder_int(b, static_cast<int32_t>(sizeof(spa_meta_header)));
  pods.add(static_cast<const spa_pod *>(spa_pod_builder_pop(b, &object)));
}

}  // namespace pfhost::pipewire
