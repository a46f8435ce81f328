// Turns a submitted frame into a VA surface the encoder reads: CPU frames are converted to NV12
// and uploaded (vaDeriveImage or vaPutImage, whichever FFmpeg finds works); dma-buf frames in
// NV12 are imported as they are (DRM PRIME -> VA surface, no copy).
#pragma once

#include <pfhost/plugin.hpp>

#include <cstdint>
#include <optional>

#include <pfhost-ffmpeg/ffmpeg.hpp>
#include <pfhost-ffmpeg/pixel_converter.hpp>

namespace pfhost::vaapi {

// Input formats by memory kind (masks of 1ull << pfhost_pixel_format).
uint64_t cpu_input_formats() noexcept;
uint64_t dmabuf_input_formats() noexcept;

class SurfaceInput {
 public:
  // `frames` is the encoder's VAAPI frames context (NV12 surfaces of the stream's size). Throws
  // pfhost::Error(INVALID_ARGUMENT) for a memory kind or format this plugin does not take.
  SurfaceInput(const pfhost_encoder_params &params, AVBufferRef &frames);

  // A VAAPI frame holding `frame`'s picture. An unchanged CPU frame reuses the last upload.
  ffmpeg::FramePtr surface_for(const pfhost_frame &frame);

 private:
  ffmpeg::FramePtr upload(const pfhost_frame &frame);
  ffmpeg::FramePtr import(const pfhost_frame &frame);

  AVBufferRef &frames_;
  uint32_t memory_;
  int width_, height_;
  std::optional<ffmpeg::PixelConverter> converter_;  // CPU input only
  ffmpeg::FramePtr nv12_;                            // CPU staging picture
  ffmpeg::FramePtr last_upload_;
};

}  // namespace pfhost::vaapi
