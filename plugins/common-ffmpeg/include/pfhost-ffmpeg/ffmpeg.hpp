// FFmpeg glue shared by the FFmpeg-based encoder plugins (software, vaapi): the C headers, owning
// pointers for the FFmpeg objects a plugin keeps, and error text. Everything that touches FFmpeg
// includes this instead of the raw headers.
#pragma once

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/dict.h>
#include <libavutil/frame.h>
#include <libswscale/swscale.h>
}

#include <memory>
#include <string>

namespace pfhost::ffmpeg {

struct CodecContextDeleter {
  void operator()(AVCodecContext *context) const noexcept { avcodec_free_context(&context); }
};
struct FrameDeleter {
  void operator()(AVFrame *frame) const noexcept { av_frame_free(&frame); }
};
struct PacketDeleter {
  void operator()(AVPacket *packet) const noexcept { av_packet_free(&packet); }
};
struct BufferRefDeleter {
  void operator()(AVBufferRef *buffer) const noexcept { av_buffer_unref(&buffer); }
};
struct SwsContextDeleter {
  void operator()(SwsContext *context) const noexcept { sws_freeContext(context); }
};

using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;
using SwsContextPtr = std::unique_ptr<SwsContext, SwsContextDeleter>;
using BufferRefPtr = std::unique_ptr<AVBufferRef, BufferRefDeleter>;  // hw device/frames contexts

// An AVDictionary of encoder options; avcodec_open2 consumes the entries it understands and leaves
// the rest, which CodecInstance logs as a warning (we only set options that exist).
class Dictionary {
 public:
  Dictionary() = default;
  Dictionary(const Dictionary &) = delete;
  Dictionary &operator=(const Dictionary &) = delete;
  ~Dictionary() { av_dict_free(&dict_); }

  void set(const char *key, const std::string &value);
  AVDictionary **address() noexcept { return &dict_; }
  // "key, key" of the entries left, empty when none.
  std::string keys() const;

 private:
  AVDictionary *dict_ = nullptr;
};

// av_err2str() is a C compound-literal macro; this is the C++ equivalent.
std::string av_error_text(int error);

}  // namespace pfhost::ffmpeg
