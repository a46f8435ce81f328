// Turns a captured CPU frame (packed RGB or NV12, any stride) into the YUV 4:2:0 picture an
// encoder takes: planar YUV420P for the software encoders, NV12 for upload to a VA surface. The
// swscale context is built once per encoder; each frame is one sws_scale into a picture the session
// allocated at open, so the steady state allocates nothing.
#pragma once

#include <pfhost/capture.h>

#include <cstdint>

#include <pfhost-ffmpeg/ffmpeg.hpp>

namespace pfhost::ffmpeg {

struct InputFormat;  // one row of the converter's table of input formats

// Mask (1ull << pfhost_pixel_format) of the input formats the converter takes.
uint64_t supported_input_formats() noexcept;

// "BGRX", "NV12"... for messages.
const char *pixel_format_name(uint32_t format) noexcept;

class PixelConverter {
 public:
  // Throws pfhost::Error(INVALID_ARGUMENT) for a format outside supported_input_formats().
  PixelConverter(uint32_t pixel_format, int width, int height,
                 AVPixelFormat output = AV_PIX_FMT_YUV420P);

  // Checks that `frame` is what the encoder was opened for (CPU memory, format, size, planes and
  // strides; throws pfhost::Error(INVALID_ARGUMENT) naming the difference) and converts it into
  // `picture`, a writable frame of the output format and the same size.
  void convert(const pfhost_frame &frame, AVFrame &picture) const;

  // The checks of convert() alone, for a frame whose pixels need no conversion (unchanged).
  void check(const pfhost_frame &frame) const;

 private:
  const InputFormat &input_;
  int width_;
  int height_;
  SwsContextPtr sws_;
};

}  // namespace pfhost::ffmpeg
