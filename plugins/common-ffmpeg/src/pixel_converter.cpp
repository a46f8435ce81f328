#include <pfhost-ffmpeg/pixel_converter.hpp>

#include <pfhost/plugin.hpp>

extern "C" {
#include <libavutil/opt.h>
}

#include <algorithm>
#include <new>
#include <string>
#include <thread>

namespace pfhost::ffmpeg {

struct InputFormat {
  pfhost_pixel_format format;
  AVPixelFormat av_format;
  const char *name;
  int planes;
  // Bytes one row of each plane needs per pixel of width (NV12's UV plane: 2 bytes per 2 pixels).
  int row_bytes_per_pixel[2];
  bool rgb;  // RGB input is full range and needs a colour matrix; NV12 is already YUV
};

// pfhost names formats by byte order in memory, as FFmpeg does for the packed RGB formats, so
// BGRX (B,G,R,X bytes) is AV_PIX_FMT_BGR0. Alpha is ignored: a screen is opaque.
constexpr InputFormat kInputFormats[] = {
    {PFHOST_PIXEL_FORMAT_BGRX, AV_PIX_FMT_BGR0, "BGRX", 1, {4, 0}, true},
    {PFHOST_PIXEL_FORMAT_RGBX, AV_PIX_FMT_RGB0, "RGBX", 1, {4, 0}, true},
    {PFHOST_PIXEL_FORMAT_BGRA, AV_PIX_FMT_BGRA, "BGRA", 1, {4, 0}, true},
    {PFHOST_PIXEL_FORMAT_RGBA, AV_PIX_FMT_RGBA, "RGBA", 1, {4, 0}, true},
    {PFHOST_PIXEL_FORMAT_RGB, AV_PIX_FMT_RGB24, "RGB", 1, {3, 0}, true},
    {PFHOST_PIXEL_FORMAT_BGR, AV_PIX_FMT_BGR24, "BGR", 1, {3, 0}, true},
    {PFHOST_PIXEL_FORMAT_NV12, AV_PIX_FMT_NV12, "NV12", 2, {1, 1}, false},
};

namespace {

const InputFormat *find_input_format(uint32_t format) noexcept {
  for (const InputFormat &entry : kInputFormats)
    if (static_cast<uint32_t>(entry.format) == format) return &entry;
  return nullptr;
}

std::string size_text(uint32_t width, uint32_t height) {
  return std::to_string(width) + "x" + std::to_string(height);
}

const InputFormat &supported_input(uint32_t pixel_format) {
  const InputFormat *input = find_input_format(pixel_format);
  if (input == nullptr)
    throw Error(PFHOST_E_INVALID_ARGUMENT,
                "input pixel format " + std::to_string(pixel_format) +
                    " is not supported (BGRX, RGBX, BGRA, RGBA, RGB, BGR and NV12 are)");
  return *input;
}

}  // namespace

int default_conversion_threads() noexcept {
  return static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 8u));
}

uint64_t supported_input_formats() noexcept {
  uint64_t mask = 0;
  for (const InputFormat &entry : kInputFormats) mask |= 1ull << entry.format;
  return mask;
}

const char *pixel_format_name(uint32_t format) noexcept {
  const InputFormat *entry = find_input_format(format);
  return entry != nullptr ? entry->name : "an unsupported format";
}

PixelConverter::PixelConverter(uint32_t pixel_format, int width, int height, AVPixelFormat output,
                               int threads)
    : input_(supported_input(pixel_format)),
      width_(width),
      height_(height),
      threads_(threads < 1 ? 1 : threads) {
  // Same size in and out, so the filter only matters for chroma subsampling; bilinear averages
  // the chroma of neighbouring pixels instead of dropping every second one.
  sws_.reset(sws_alloc_context());
  const bool configured = sws_ && av_opt_set_int(sws_.get(), "srcw", width, 0) >= 0 &&
                          av_opt_set_int(sws_.get(), "srch", height, 0) >= 0 &&
                          av_opt_set_int(sws_.get(), "src_format", input_.av_format, 0) >= 0 &&
                          av_opt_set_int(sws_.get(), "dstw", width, 0) >= 0 &&
                          av_opt_set_int(sws_.get(), "dsth", height, 0) >= 0 &&
                          av_opt_set_int(sws_.get(), "dst_format", output, 0) >= 0 &&
                          av_opt_set_int(sws_.get(), "sws_flags", SWS_BILINEAR, 0) >= 0 &&
                          av_opt_set_int(sws_.get(), "threads", threads_, 0) >= 0 &&
                          sws_init_context(sws_.get(), nullptr, nullptr) >= 0;
  if (!configured)
    throw Error(PFHOST_E_INTERNAL, std::string("swscale cannot convert ") + input_.name + " " +
                                       size_text(width, height) + " to YUV 4:2:0");
  // Screens are full-range sRGB; the encoders signal BT.709 limited range (see encoder_options),
  // so convert with exactly that matrix. NV12 is taken as already in the signalled colour space.
  // (swscale passes these on to its slice threads' contexts.)
  const int *bt709 = sws_getCoefficients(SWS_CS_ITU709);
  const int source_full_range = input_.rgb ? 1 : 0;
  sws_setColorspaceDetails(sws_.get(), bt709, source_full_range, bt709, 0, 0, 1 << 16, 1 << 16);
  if (threads_ > 1) {
    source_.reset(av_frame_alloc());
    source_owner_.reset(av_buffer_alloc(1));
    if (!source_ || !source_owner_) throw std::bad_alloc();
    source_->format = input_.av_format;
    source_->width = width;
    source_->height = height;
    source_->buf[0] = source_owner_.get();
  }
}

PixelConverter::~PixelConverter() {
  // source_ borrows source_owner_'s reference; it must not unref it.
  if (source_) source_->buf[0] = nullptr;
}

void PixelConverter::check(const pfhost_frame &frame) const {
  if (frame.memory != PFHOST_MEMORY_CPU)
    throw Error(PFHOST_E_INVALID_ARGUMENT,
                "frame memory kind " + std::to_string(frame.memory) +
                    " is not accepted here: this path takes CPU frames only");
  if (frame.pixel_format != static_cast<uint32_t>(input_.format))
    throw Error(PFHOST_E_INVALID_ARGUMENT,
                std::string("frame pixel format ") + pixel_format_name(frame.pixel_format) +
                    " differs from the " + input_.name + " the encoder was opened for");
  if (frame.width != static_cast<uint32_t>(width_) ||
      frame.height != static_cast<uint32_t>(height_))
    throw Error(PFHOST_E_INVALID_ARGUMENT,
                "frame size " + size_text(frame.width, frame.height) + " differs from the " +
                    size_text(width_, height_) +
                    " the encoder was opened for; reopen the encoder for a new size");
  for (int plane = 0; plane < input_.planes; ++plane) {
    const uint32_t needed = static_cast<uint32_t>(width_ * input_.row_bytes_per_pixel[plane]);
    if (frame.u.cpu.data[plane] == nullptr)
      throw Error(PFHOST_E_INVALID_ARGUMENT,
                  "frame plane " + std::to_string(plane) + " has no data pointer");
    if (frame.u.cpu.stride[plane] < needed)
      throw Error(PFHOST_E_INVALID_ARGUMENT, "frame plane " + std::to_string(plane) + " stride " +
                                                 std::to_string(frame.u.cpu.stride[plane]) +
                                                 " is less than the " + std::to_string(needed) +
                                                 " bytes a row needs");
  }
}

void PixelConverter::convert(const pfhost_frame &frame, AVFrame &picture) {
  check(frame);
  const uint8_t *source[4] = {};
  int source_stride[4] = {};
  // The rest of the union is not ours to read.
  for (int plane = 0; plane < input_.planes; ++plane) {
    source[plane] = static_cast<const uint8_t *>(frame.u.cpu.data[plane]);
    source_stride[plane] = static_cast<int>(frame.u.cpu.stride[plane]);
  }
  if (threads_ == 1) {
    const int rows =
        sws_scale(sws_.get(), source, source_stride, 0, height_, picture.data, picture.linesize);
    if (rows != height_)
      throw Error(PFHOST_E_INTERNAL, "swscale converted " + std::to_string(rows) + " of " +
                                         std::to_string(height_) + " rows");
    return;
  }
  for (int plane = 0; plane < 4; ++plane) {
    // swscale only reads the source; AVFrame has no const planes.
    source_->data[plane] = const_cast<uint8_t *>(source[plane]);
    source_->linesize[plane] = source_stride[plane];
  }
  if (const int scaled = sws_scale_frame(sws_.get(), &picture, source_.get()); scaled < 0)
    throw Error(PFHOST_E_INTERNAL, "swscale failed a " + size_text(frame.width, frame.height) +
                                       " frame: " + av_error_text(scaled));
}

}  // namespace pfhost::ffmpeg
