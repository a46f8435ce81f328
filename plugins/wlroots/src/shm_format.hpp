// wl_shm formats a screencopy frame may offer, mapped to the ABI's pixel formats. wl_shm names
// formats after a little-endian 32-bit word (XRGB8888 = bytes B,G,R,X), the ABI after bytes.
#pragma once

#include <pfhost/abi.h>

#include <cstdint>

namespace pfhost::wlroots {

// PFHOST_PIXEL_FORMAT_UNKNOWN for a format we do not hand out.
pfhost_pixel_format pixel_format_from_shm(uint32_t shm_format);
// The formats pixel_format_from_shm can produce, as an ABI mask.
uint64_t supported_pixel_mask();

}  // namespace pfhost::wlroots
