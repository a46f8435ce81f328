// Turns a captured CPU frame (packed RGB or NV12, any stride) into the YUV 4:2:0 picture an
// encoder takes: planar YUV420P for the software encoders, NV12 for upload to a VA surface. The
// swscale context is built once per encoder; each frame is converted into a picture the session
// allocated at open. With more than one thread swscale converts horizontal slices in parallel
// (its own slice threading: the same pixels as one thread), so conversion does not leave cores
// idle between encodes (bench/pipeline_ceiling.sh shows the effect); the steady
// state then allocates only FFmpeg's small frame references.
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

// How many threads a converter gets when the plugin's configuration does not say: one per core,
// at most 8 (beyond that the slices get too thin to pay for waking their threads).
int default_conversion_threads() noexcept;

class PixelConverter {
 public:
  // Throws pfhost::Error(INVALID_ARGUMENT) for a format outside supported_input_formats().
  // `threads` (at least 1) is how many threads swscale converts with.
  PixelConverter(uint32_t pixel_format, int width, int height,
                 AVPixelFormat output = AV_PIX_FMT_YUV420P, int threads = 1);
  ~PixelConverter();
  PixelConverter(const PixelConverter &) = delete;
  PixelConverter &operator=(const PixelConverter &) = delete;

  // Checks that `frame` is what the encoder was opened for (CPU memory, format, size, planes and
  // strides; throws pfhost::Error(INVALID_ARGUMENT) naming the difference) and converts it into
  // `picture`, a writable frame of the output format and the same size.
  // `picture` must own its buffers (av_frame_get_buffer). Not for concurrent use.
  void convert(const pfhost_frame &frame, AVFrame &picture);

  // The checks of convert() alone, for a frame whose pixels need no conversion (unchanged).
  void check(const pfhost_frame &frame) const;

 private:
  const InputFormat &input_;
  int width_;
  int height_;
  int threads_;
  SwsContextPtr sws_;
  // Threaded conversion goes through sws_scale_frame, which references its source frame and
  // would copy a frame that owns no buffer: source_ carries the frame's planes and, as its
  // owner, a reference to one empty buffer made once (never freed before the converter).
  FramePtr source_;
  BufferRefPtr source_owner_;
};

}  // namespace pfhost::ffmpeg
