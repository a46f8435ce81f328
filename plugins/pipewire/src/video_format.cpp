#include "video_format.hpp"

#include <spa/param/video/raw.h>

#include <array>

namespace pfhost::pipewire {
namespace {

// DRM fourcc codes (drm_fourcc.h is not a build dependency; the values are frozen kernel ABI).
constexpr uint32_t fourcc(char a, char b, char c, char d) {
  return static_cast<uint32_t>(a) | (static_cast<uint32_t>(b) << 8) |
         (static_cast<uint32_t>(c) << 16) | (static_cast<uint32_t>(d) << 24);
}
constexpr uint32_t kDrmXrgb8888 = fourcc('X', 'R', '2', '4');  // memory B,G,R,X
constexpr uint32_t kDrmXbgr8888 = fourcc('X', 'B', '2', '4');  // memory R,G,B,X
constexpr uint32_t kDrmArgb8888 = fourcc('A', 'R', '2', '4');  // memory B,G,R,A
constexpr uint32_t kDrmAbgr8888 = fourcc('A', 'B', '2', '4');  // memory R,G,B,A

// SPA and pfhost both name formats by byte order in memory, so the mapping is one to one.
// Packed 24-bit formats have no dma-buf offer: compositors do not allocate them as dma-bufs.
constexpr std::array<VideoFormat, 6> kFormats{{
    {SPA_VIDEO_FORMAT_BGRx, PFHOST_PIXEL_FORMAT_BGRX, 4, kDrmXrgb8888, "BGRx"},
    {SPA_VIDEO_FORMAT_RGBx, PFHOST_PIXEL_FORMAT_RGBX, 4, kDrmXbgr8888, "RGBx"},
    {SPA_VIDEO_FORMAT_BGRA, PFHOST_PIXEL_FORMAT_BGRA, 4, kDrmArgb8888, "BGRA"},
    {SPA_VIDEO_FORMAT_RGBA, PFHOST_PIXEL_FORMAT_RGBA, 4, kDrmAbgr8888, "RGBA"},
    {SPA_VIDEO_FORMAT_RGB, PFHOST_PIXEL_FORMAT_RGB, 3, 0, "RGB"},
    {SPA_VIDEO_FORMAT_BGR, PFHOST_PIXEL_FORMAT_BGR, 3, 0, "BGR"},
}};

}  // namespace

std::span<const VideoFormat> supported_formats() noexcept {
  return kFormats;
}

const VideoFormat *find_by_spa(uint32_t spa_format) noexcept {
  for (const auto &f : kFormats)
    if (f.spa_format == spa_format) return &f;
  return nullptr;
}

const VideoFormat *find_by_pixel(pfhost_pixel_format pixel) noexcept {
  for (const auto &f : kFormats)
    if (f.pixel == pixel) return &f;
  return nullptr;
}

uint64_t supported_pixel_mask() noexcept {
  uint64_t mask = 0;
  for (const auto &f : kFormats) mask |= 1ull << f.pixel;
  return mask;
}

}  // namespace pfhost::pipewire
