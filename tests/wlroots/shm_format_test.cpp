// wl_shm formats as the ABI's pixel formats (plugins/wlroots/src/shm_format).
#include "shm_format.hpp"

#include <gtest/gtest.h>

namespace pfhost::wlroots {
namespace {

TEST(ShmFormat, MapsWlShmFormatsToByteOrderNames) {
  EXPECT_EQ(pixel_format_from_shm(1), PFHOST_PIXEL_FORMAT_BGRX);  // XRGB8888
  EXPECT_EQ(pixel_format_from_shm(0), PFHOST_PIXEL_FORMAT_BGRA);  // ARGB8888
  EXPECT_EQ(pixel_format_from_shm(0x34324258), PFHOST_PIXEL_FORMAT_RGBX);
  EXPECT_EQ(pixel_format_from_shm(0x34324241), PFHOST_PIXEL_FORMAT_RGBA);
  EXPECT_EQ(pixel_format_from_shm(0x36314752), PFHOST_PIXEL_FORMAT_UNKNOWN);  // RGB565
  EXPECT_NE(supported_pixel_mask() & (1ull << PFHOST_PIXEL_FORMAT_BGRX), 0u);
}

}  // namespace
}  // namespace pfhost::wlroots
