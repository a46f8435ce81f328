// Pixel-format vocabulary of the PipeWire capturer: which SPA raw-video formats we offer, how they
// map onto pfhost_pixel_format and DRM fourccs, and how many bytes a pixel takes.
//
// Kept free of PipeWire headers (SPA ids are plain uint32_t here) so the pure buffer code and its
// unit tests do not need a PipeWire build environment to reason about formats.
#pragma once

#include <pfhost/abi.h>

#include <cstdint>
#include <span>
#include <string_view>

namespace pfhost::pipewire {

// One raw-video format both sides understand.
struct VideoFormat {
  uint32_t spa_format;        // enum spa_video_format
  pfhost_pixel_format pixel;  // the same byte order, in pfhost's naming
  uint32_t bytes_per_pixel;
  uint32_t drm_fourcc;  // 0 when there is no dma-buf equivalent we would offer
  std::string_view name;
};

// The formats we offer, in preference order (compositors usually hand out BGRx).
std::span<const VideoFormat> supported_formats() noexcept;

// Lookups; nullptr when the format is not one we handle.
const VideoFormat *find_by_spa(uint32_t spa_format) noexcept;
const VideoFormat *find_by_pixel(pfhost_pixel_format pixel) noexcept;

// Mask (1ull << pfhost_pixel_format) of everything supported_formats() can produce.
uint64_t supported_pixel_mask() noexcept;

}  // namespace pfhost::pipewire
