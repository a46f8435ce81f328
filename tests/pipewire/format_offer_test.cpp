// The EnumFormat offers and Buffers/Meta params, decoded back with SPA's own parsers.
#include "format_offer.hpp"

#include "video_format.hpp"

#include <gtest/gtest.h>
#include <spa/buffer/buffer.h>
#include <spa/buffer/meta.h>
#include <spa/param/buffers.h>
#include <spa/param/format-utils.h>
#include <spa/param/video/format-utils.h>
#include <spa/pod/iter.h>

#include <tuple>
#include <vector>

namespace pfhost::pipewire {
namespace {

struct Choice {
  uint32_t type = 0;
  uint32_t flags = 0;  // the property's flags
  std::vector<const void *> values;
};

Choice choice_of(const spa_pod *object, uint32_t key) {
  Choice c;
  const spa_pod_prop *prop = spa_pod_find_prop(object, nullptr, key);
  if (prop == nullptr) return c;
  c.flags = prop->flags;
  uint32_t n = 0;
  const spa_pod *values = spa_pod_get_values(&prop->value, &n, &c.type);
  const auto *body = static_cast<const uint8_t *>(SPA_POD_BODY_CONST(values));
  for (uint32_t i = 0; i < n; ++i) c.values.push_back(body + i * values->size);
  return c;
}

template <class T>
T value(const Choice &c, size_t i) {
  return *static_cast<const T *>(c.values.at(i));
}

TEST(FormatOffer, ExactSizeComesBeforeAnySize) {
  // Mutter's virtual monitor sizes itself from the consumer and keeps its own default (1280x720)
  // when offered a range, so the exact mode is offered first.
  PodList pods;
  FormatOfferRequest request;
  request.mode = {800, 600, 30000};
  add_format_offers(pods, request);
  ASSERT_EQ(pods.pods().size(), 2u);
  const Choice exact = choice_of(pods.pods()[0], SPA_FORMAT_VIDEO_size);
  ASSERT_EQ(exact.values.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(value<spa_rectangle>(exact, i).width, 800u);
    EXPECT_EQ(value<spa_rectangle>(exact, i).height, 600u);
  }
  const Choice any = choice_of(pods.pods()[1], SPA_FORMAT_VIDEO_size);
  EXPECT_EQ(value<spa_rectangle>(any, 1).width, 1u);
  EXPECT_EQ(value<spa_rectangle>(any, 2).width, 8192u);
}

TEST(FormatOffer, ShmOfferIsSeededWithTheRequestedMode) {
  PodList pods;
  FormatOfferRequest request;
  request.mode = {1366, 768, 75000};
  add_format_offers(pods, request);
  ASSERT_EQ(pods.pods().size(), 2u);  // exact size, then any size
  const spa_pod *offer = pods.pods()[1];

  uint32_t media_type = 0, media_subtype = 0;
  ASSERT_GE(spa_format_parse(offer, &media_type, &media_subtype), 0);
  EXPECT_EQ(media_type, SPA_MEDIA_TYPE_video);
  EXPECT_EQ(media_subtype, SPA_MEDIA_SUBTYPE_raw);

  const Choice size = choice_of(offer, SPA_FORMAT_VIDEO_size);
  ASSERT_EQ(size.type, SPA_CHOICE_Range);
  ASSERT_EQ(size.values.size(), 3u);
  EXPECT_EQ(value<spa_rectangle>(size, 0).width, 1366u);
  EXPECT_EQ(value<spa_rectangle>(size, 0).height, 768u);
  EXPECT_EQ(value<spa_rectangle>(size, 1).width, 1u);
  EXPECT_EQ(value<spa_rectangle>(size, 2).width, 8192u);
  EXPECT_EQ(value<spa_rectangle>(size, 2).height, 8192u);

  const Choice rate = choice_of(offer, SPA_FORMAT_VIDEO_framerate);
  ASSERT_EQ(rate.type, SPA_CHOICE_Range);
  EXPECT_EQ(value<spa_fraction>(rate, 0).num, 75u);
  EXPECT_EQ(value<spa_fraction>(rate, 0).denom, 1u);
  EXPECT_EQ(value<spa_fraction>(rate, 1).num, 0u);
  EXPECT_EQ(value<spa_fraction>(rate, 2).num, 240u);

  const Choice formats = choice_of(offer, SPA_FORMAT_VIDEO_format);
  ASSERT_EQ(formats.type, SPA_CHOICE_Enum);
  ASSERT_EQ(formats.values.size(), 7u);  // default + the six formats
  EXPECT_EQ(value<uint32_t>(formats, 0), SPA_VIDEO_FORMAT_BGRx);
  std::vector<uint32_t> offered;
  for (size_t i = 1; i < formats.values.size(); ++i) offered.push_back(value<uint32_t>(formats, i));
  EXPECT_EQ(offered, (std::vector<uint32_t>{SPA_VIDEO_FORMAT_BGRx, SPA_VIDEO_FORMAT_RGBx,
                                            SPA_VIDEO_FORMAT_BGRA, SPA_VIDEO_FORMAT_RGBA,
                                            SPA_VIDEO_FORMAT_RGB, SPA_VIDEO_FORMAT_BGR}));
  EXPECT_EQ(spa_pod_find_prop(offer, nullptr, SPA_FORMAT_VIDEO_modifier), nullptr);
}

TEST(FormatOffer, FractionalRatesStayExactAndAreClamped) {
  for (auto [millihz, num, denom] : {std::tuple{59940u, 59940u, 1000u}, std::tuple{0u, 60u, 1u},
                                     std::tuple{500000u, 240u, 1u}}) {
    PodList pods;
    FormatOfferRequest request;
    request.mode = {1920, 1080, millihz};
    add_format_offers(pods, request);
    const Choice rate = choice_of(pods.pods()[0], SPA_FORMAT_VIDEO_framerate);
    EXPECT_EQ(value<spa_fraction>(rate, 0).num, num) << millihz;
    EXPECT_EQ(value<spa_fraction>(rate, 0).denom, denom) << millihz;
  }
}

TEST(FormatOffer, OversizedAndMissingModesAreClamped) {
  PodList pods;
  FormatOfferRequest request;
  request.mode = {10000, 0, 60000};  // no height: fall back to a sane default
  add_format_offers(pods, request);
  const Choice size = choice_of(pods.pods()[0], SPA_FORMAT_VIDEO_size);
  EXPECT_EQ(value<spa_rectangle>(size, 0).width, 1920u);
  PodList pods2;
  request.mode = {10000, 9000, 60000};
  add_format_offers(pods2, request);
  const Choice size2 = choice_of(pods2.pods()[0], SPA_FORMAT_VIDEO_size);
  EXPECT_EQ(value<spa_rectangle>(size2, 0).width, 8192u);
  EXPECT_EQ(value<spa_rectangle>(size2, 0).height, 8192u);
}

TEST(FormatOffer, AcceptedFormatsNarrowTheOffer) {
  EXPECT_EQ(offered_spa_formats(1ull << PFHOST_PIXEL_FORMAT_RGBA, false),
            std::vector<uint32_t>{SPA_VIDEO_FORMAT_RGBA});
  // Nothing in common: offer everything, the core converts.
  EXPECT_EQ(offered_spa_formats(1ull << PFHOST_PIXEL_FORMAT_NV12, false).size(), 6u);
  EXPECT_EQ(offered_spa_formats(0, false).size(), 6u);
  EXPECT_EQ(offered_spa_formats(0, true).size(), 4u);  // no 24-bit dma-bufs
}

TEST(FormatOffer, DmabufOfferComesFirstWithTheModifiers) {
  PodList pods;
  FormatOfferRequest request;
  request.mode = {1280, 720, 60000};
  const std::vector<uint64_t> modifiers{0 /*LINEAR*/, 0x0100000000000001ull};
  request.dmabuf_modifiers = modifiers;
  add_format_offers(pods, request);
  ASSERT_EQ(pods.pods().size(), 3u);  // dma-buf, then shm exact size, shm any size
  const Choice mods = choice_of(pods.pods()[0], SPA_FORMAT_VIDEO_modifier);
  EXPECT_EQ(mods.type, SPA_CHOICE_Enum);
  EXPECT_EQ(mods.flags, SPA_POD_PROP_FLAG_MANDATORY | SPA_POD_PROP_FLAG_DONT_FIXATE);
  ASSERT_EQ(mods.values.size(), 3u);
  EXPECT_EQ(value<int64_t>(mods, 0), 0);
  EXPECT_EQ(static_cast<uint64_t>(value<int64_t>(mods, 2)), 0x0100000000000001ull);
  const Choice formats = choice_of(pods.pods()[0], SPA_FORMAT_VIDEO_format);
  EXPECT_EQ(formats.values.size(), 5u);  // default + four 32-bit formats
  // The shm fallback follows, without modifiers.
  EXPECT_EQ(spa_pod_find_prop(pods.pods()[1], nullptr, SPA_FORMAT_VIDEO_modifier), nullptr);
}

TEST(FormatOffer, BufferParamsAskForMappableMemoryAndTheHeaderMeta) {
  PodList pods;
  add_buffer_params(pods, false);
  ASSERT_EQ(pods.pods().size(), 2u);
  const Choice types = choice_of(pods.pods()[0], SPA_PARAM_BUFFERS_dataType);
  EXPECT_EQ(types.type, SPA_CHOICE_Flags);
  const int32_t mask = value<int32_t>(types, 0);
  EXPECT_NE(mask & (1 << SPA_DATA_MemFd), 0);
  EXPECT_NE(mask & (1 << SPA_DATA_MemPtr), 0);
  uint32_t meta_type = 0;
  int32_t meta_size = 0;
  ASSERT_GE(
      spa_pod_parse_object(pods.pods()[1], SPA_TYPE_OBJECT_ParamMeta, nullptr, SPA_PARAM_META_type,
                           SPA_POD_Id(&meta_type), SPA_PARAM_META_size, SPA_POD_Int(&meta_size)),
      0);
  EXPECT_EQ(meta_type, SPA_META_Header);
  EXPECT_EQ(meta_size, static_cast<int32_t>(sizeof(spa_meta_header)));

  PodList dmabuf;
  add_buffer_params(dmabuf, true);
  EXPECT_EQ(value<int32_t>(choice_of(dmabuf.pods()[0], SPA_PARAM_BUFFERS_dataType), 0),
            1 << SPA_DATA_DmaBuf);
}

TEST(VideoFormat, MappingIsOneToOne) {
  for (const VideoFormat &f : supported_formats()) {
    EXPECT_EQ(find_by_spa(f.spa_format), &f);
    EXPECT_EQ(find_by_pixel(f.pixel), &f);
  }
  EXPECT_EQ(find_by_spa(SPA_VIDEO_FORMAT_NV12), nullptr);
  EXPECT_EQ(find_by_spa(SPA_VIDEO_FORMAT_BGRx)->bytes_per_pixel, 4u);
  EXPECT_EQ(find_by_spa(SPA_VIDEO_FORMAT_RGB)->bytes_per_pixel, 3u);
  EXPECT_EQ(find_by_pixel(PFHOST_PIXEL_FORMAT_BGRX)->drm_fourcc, 0x34325258u);  // 'XR24'
  EXPECT_EQ(supported_pixel_mask(),
            (1ull << PFHOST_PIXEL_FORMAT_BGRX) | (1ull << PFHOST_PIXEL_FORMAT_RGBX) |
                (1ull << PFHOST_PIXEL_FORMAT_BGRA) | (1ull << PFHOST_PIXEL_FORMAT_RGBA) |
                (1ull << PFHOST_PIXEL_FORMAT_RGB) | (1ull << PFHOST_PIXEL_FORMAT_BGR));
}

}  // namespace
}  // namespace pfhost::pipewire
