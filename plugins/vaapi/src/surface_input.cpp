#include "surface_input.hpp"

#include <unistd.h>

extern "C" {
#include <libavutil/hwcontext.h>
#include <libavutil/hwcontext_drm.h>
}

#include <memory>
#include <string>

namespace pfhost::vaapi {
namespace {

constexpr uint32_t kDrmFormatNv12 = 0x3231564e;  // fourcc_code('N', 'V', '1', '2')
constexpr uint32_t kDrmFormatR8 = 0x20203852;    // fourcc_code('R', '8', ' ', ' ')
constexpr uint32_t kDrmFormatGR88 = 0x38385247;  // fourcc_code('G', 'R', '8', '8')

[[noreturn]] void fail(int error, const std::string &what) {
  throw Error(error == AVERROR(ENOMEM) ? PFHOST_E_NO_MEMORY : PFHOST_E_IO,
              what + ": " + ffmpeg::av_error_text(error));
}

void free_descriptor(void *, uint8_t *data) {
  delete reinterpret_cast<AVDRMFrameDescriptor *>(data);
}

}  // namespace

uint64_t cpu_input_formats() noexcept {
  return ffmpeg::supported_input_formats();
}
uint64_t dmabuf_input_formats() noexcept {
  return 1ull << PFHOST_PIXEL_FORMAT_NV12;
}

SurfaceInput::SurfaceInput(const pfhost_encoder_params &params, AVBufferRef &frames)
    : frames_(frames),
      memory_(params.input_memory),
      width_(static_cast<int>(params.width)),
      height_(static_cast<int>(params.height)) {
  if (memory_ == PFHOST_MEMORY_CPU) {
    // The CPU path's one real cost is this conversion: all cores on it, as in the software encoder.
    converter_.emplace(params.input_format, width_, height_, AV_PIX_FMT_NV12,
                       ffmpeg::default_conversion_threads());
    nv12_.reset(av_frame_alloc());
    if (!nv12_) throw std::bad_alloc();
    nv12_->format = AV_PIX_FMT_NV12;
    nv12_->width = width_;
    nv12_->height = height_;
    if (const int error = av_frame_get_buffer(nv12_.get(), 0); error < 0)
      fail(error, "cannot allocate the NV12 staging picture");
  } else if (memory_ == PFHOST_MEMORY_DMABUF) {
    if (params.input_format != PFHOST_PIXEL_FORMAT_NV12)
      throw Error(PFHOST_E_INVALID_ARGUMENT,
                  "dma-buf input must be NV12 (imported without a copy); RGB dma-bufs need a "
                  "video processor this plugin does not drive yet: capture to CPU memory instead");
  } else {
    throw Error(PFHOST_E_INVALID_ARGUMENT, "input memory kind " + std::to_string(memory_) +
                                               " is not taken: the vaapi encoder takes CPU and "
                                               "dma-buf frames");
  }
}

ffmpeg::FramePtr SurfaceInput::surface_for(const pfhost_frame &frame) {
  if (frame.memory != memory_)
    throw Error(PFHOST_E_INVALID_ARGUMENT, "frame memory kind " + std::to_string(frame.memory) +
                                               " differs from the kind the encoder was opened for");
  if (frame.width != static_cast<uint32_t>(width_) ||
      frame.height != static_cast<uint32_t>(height_))
    throw Error(PFHOST_E_INVALID_ARGUMENT,
                "frame size " + std::to_string(frame.width) + "x" + std::to_string(frame.height) +
                    " differs from the encoder's " + std::to_string(width_) + "x" +
                    std::to_string(height_) + "; reopen the encoder for a new size");
  return memory_ == PFHOST_MEMORY_CPU ? upload(frame) : import(frame);
}

ffmpeg::FramePtr SurfaceInput::upload(const pfhost_frame &frame) {
  if (last_upload_ && (frame.flags & PFHOST_FRAME_FLAG_UNCHANGED) != 0) {
    converter_->check(frame);
    return ffmpeg::FramePtr(av_frame_clone(last_upload_.get()));
  }
  if (const int error = av_frame_make_writable(nv12_.get()); error < 0)
    fail(error, "cannot make the NV12 picture writable");
  converter_->convert(frame, *nv12_);
  ffmpeg::FramePtr surface(av_frame_alloc());
  if (!surface) throw std::bad_alloc();
  if (const int error = av_hwframe_get_buffer(&frames_, surface.get(), 0); error < 0)
    fail(error, "no free VA surface for the frame");
  if (const int error = av_hwframe_transfer_data(surface.get(), nv12_.get(), 0); error < 0)
    fail(error, "uploading the frame to its VA surface failed");
  last_upload_.reset(av_frame_clone(surface.get()));
  return surface;
}

ffmpeg::FramePtr SurfaceInput::import(const pfhost_frame &frame) {
  if (frame.pixel_format != PFHOST_PIXEL_FORMAT_NV12 || frame.u.dmabuf.drm_fourcc != kDrmFormatNv12)
    throw Error(PFHOST_E_INVALID_ARGUMENT, "dma-buf frame is not NV12");
  auto descriptor = std::make_unique<AVDRMFrameDescriptor>();
  const pfhost_frame_dmabuf &dmabuf = frame.u.dmabuf;
  // One object per distinct fd; its size is what the fd spans.
  for (int plane = 0; plane < 2; ++plane) {
    int object = 0;
    while (object < descriptor->nb_objects && descriptor->objects[object].fd != dmabuf.fd[plane])
      ++object;
    if (object == descriptor->nb_objects) {
      // A dma-buf's size is where SEEK_END lands; the fd is borrowed, so its offset is put back.
      const off_t offset = lseek(dmabuf.fd[plane], 0, SEEK_CUR);
      const off_t size = lseek(dmabuf.fd[plane], 0, SEEK_END);
      if (offset >= 0) lseek(dmabuf.fd[plane], offset, SEEK_SET);
      if (size <= 0)
        throw Error(PFHOST_E_INVALID_ARGUMENT,
                    "dma-buf plane " + std::to_string(plane) + " fd has no size");
      descriptor->objects[object] = {dmabuf.fd[plane], static_cast<size_t>(size), dmabuf.modifier};
      ++descriptor->nb_objects;
    }
    // FFmpeg maps NV12 as two single-plane layers (R8 luma, GR88 chroma), as most exporters do.
    AVDRMLayerDescriptor &layer = descriptor->layers[plane];
    layer.format = plane == 0 ? kDrmFormatR8 : kDrmFormatGR88;
    layer.nb_planes = 1;
    layer.planes[0] = {object, dmabuf.offset[plane], dmabuf.stride[plane]};
  }
  descriptor->nb_layers = 2;

  ffmpeg::FramePtr drm(av_frame_alloc());
  ffmpeg::FramePtr surface(av_frame_alloc());
  if (!drm || !surface) throw std::bad_alloc();
  drm->format = AV_PIX_FMT_DRM_PRIME;
  drm->width = width_;
  drm->height = height_;
  drm->data[0] = reinterpret_cast<uint8_t *>(descriptor.get());
  drm->buf[0] =
      av_buffer_create(drm->data[0], sizeof(AVDRMFrameDescriptor), free_descriptor, nullptr, 0);
  if (drm->buf[0] == nullptr) throw std::bad_alloc();
  descriptor.release();
  surface->format = AV_PIX_FMT_VAAPI;
  surface->hw_frames_ctx = av_buffer_ref(&frames_);
  if (surface->hw_frames_ctx == nullptr) throw std::bad_alloc();
  if (const int error = av_hwframe_map(surface.get(), drm.get(), AV_HWFRAME_MAP_READ); error < 0)
    fail(error, "importing the dma-buf as a VA surface (DRM PRIME) failed");
  return surface;
}

}  // namespace pfhost::vaapi
