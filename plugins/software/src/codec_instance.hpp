// One opened libavcodec encoder: opening it from pfhost's parameters, feeding it, and closing it
// safely. A session usually keeps one for its whole life; SVT-AV1 sessions replace theirs to
// force a key frame.
#pragma once

#include <pfhost/plugin.hpp>

#include <cstdint>

#include "codec_table.hpp"
#include "ffmpeg.hpp"
#include "plugin_config.hpp"

namespace pfhost::software {

class CodecInstance {
 public:
  // Configures and opens the encoder (params.preset already resolved or NULL). Throws
  // pfhost::Error with a reason.
  CodecInstance(const CodecEntry &entry, const pfhost_encoder_params &params,
                const PluginConfig &config, const Host &host);
  // Drains before freeing, as SVT-AV1 requires (see the .cpp).
  ~CodecInstance();
  CodecInstance(const CodecInstance &) = delete;
  CodecInstance &operator=(const CodecInstance &) = delete;

  // avcodec_send_frame / avcodec_receive_packet; after end_stream() on an instance that never
  // got a frame, receive() reports AVERROR_EOF itself.
  int send(const AVFrame &frame);
  int receive(AVPacket &packet);
  // Tells the encoder no more frames come (once); receive() then yields what is left.
  void end_stream();

  AVCodecContext &context() noexcept { return *context_; }
  uint64_t frames_sent() const noexcept { return frames_sent_; }

 private:
  bool send_black_frame() noexcept;

  const CodecEntry &entry_;
  CodecContextPtr context_;
  uint64_t frames_sent_ = 0;
  bool ended_ = false;     // end_stream() was called
  bool eos_sent_ = false;  // the encoder itself was told (not for an empty SVT-AV1 instance)
};

}  // namespace pfhost::software
