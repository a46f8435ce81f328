#include "shm_format.hpp"

namespace pfhost::wlroots {

namespace {
// wl_shm.format values (wayland.xml): 0 and 1 are special, the rest are DRM fourcc codes.
constexpr uint32_t kArgb8888 = 0;
constexpr uint32_t kXrgb8888 = 1;
constexpr uint32_t kAbgr8888 = 0x34324241;  // 'AB24'
constexpr uint32_t kXbgr8888 = 0x34324258;  // 'XB24'
}  // namespace

pfhost_pixel_format pixel_format_from_shm(uint32_t shm_format) {
  switch (shm_format) {
    case kXrgb8888:
      return PFHOST_PIXEL_FORMAT_BGRX;
    case kArgb8888:
      return PFHOST_PIXEL_FORMAT_BGRA;
    case kXbgr8888:
      return PFHOST_PIXEL_FORMAT_RGBX;
    case kAbgr8888:
      return PFHOST_PIXEL_FORMAT_RGBA;
    default:
      return PFHOST_PIXEL_FORMAT_UNKNOWN;
  }
}

uint64_t supported_pixel_mask() {
  return (1ull << PFHOST_PIXEL_FORMAT_BGRX) | (1ull << PFHOST_PIXEL_FORMAT_BGRA) |
         (1ull << PFHOST_PIXEL_FORMAT_RGBX) | (1ull << PFHOST_PIXEL_FORMAT_RGBA);
}

}  // namespace pfhost::wlroots
