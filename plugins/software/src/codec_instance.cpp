#include "codec_instance.hpp"

#include <string>

#include "encoder_options.hpp"

extern "C" {
#include <libavutil/imgutils.h>
}

namespace pfhost::software {

CodecInstance::CodecInstance(const CodecEntry &entry, const pfhost_encoder_params &params,
                             const PluginConfig &config, const Host &host)
    : entry_(entry) {
  const AVCodec *codec = find_encoder(entry);
  context_.reset(avcodec_alloc_context3(codec));
  if (!context_) throw std::bad_alloc();
  Dictionary options;
  configure_encoder(entry, params, config, *context_, options);
  const int opened = avcodec_open2(context_.get(), codec, options.address());
  if (opened < 0) {
    // A context that failed to open needs no draining (and SVT-AV1's is already torn down).
    const pfhost_status status =
        opened == AVERROR(ENOMEM) ? PFHOST_E_NO_MEMORY : PFHOST_E_INVALID_ARGUMENT;
    throw Error(status,
                std::string(entry.encoder_name) + " refused to open " +
                    std::to_string(params.width) + "x" + std::to_string(params.height) +
                    " (check the preset and <encoder>.params config): " + av_error_text(opened));
  }
  // Nothing below may throw: the destructor (which drains) does not run for a throwing
  // constructor, and an open SVT-AV1 context freed without draining hangs.
  try {
    if (const std::string left = options.keys(); !left.empty())
      host.warn(std::string(entry.encoder_name) + " ignored the options: " + left);
  } catch (...) {  // a log line is not worth leaking an encoder
  }
}

CodecInstance::~CodecInstance() {
  // SVT-AV1 1.4's deinit waits for the end-of-stream packet: closing an encoder that was never
  // sent EOS logs an error, and one that never got a frame hangs even after EOS. So every close
  // drains first, and an unused SVT-AV1 encoder gets one black frame to drain.
  if (frames_sent_ == 0 && entry_.close_needs_a_frame) {
    if (!send_black_frame()) return;  // out of memory: nothing safe is left to do
    eos_sent_ = false;
  }
  if (!eos_sent_) avcodec_send_frame(context_.get(), nullptr);
  AVPacket *packet = av_packet_alloc();
  if (packet == nullptr) return;
  while (avcodec_receive_packet(context_.get(), packet) >= 0) av_packet_unref(packet);
  av_packet_free(&packet);
}

int CodecInstance::send(const AVFrame &frame) {
  const int sent = avcodec_send_frame(context_.get(), &frame);
  if (sent >= 0) ++frames_sent_;
  return sent;
}

int CodecInstance::receive(AVPacket &packet) {
  if (ended_ && !eos_sent_) return AVERROR_EOF;
  return avcodec_receive_packet(context_.get(), &packet);
}

void CodecInstance::end_stream() {
  if (ended_) return;
  ended_ = true;
  // An SVT-AV1 encoder told EOS before any frame never answers again; the destructor handles it.
  if (frames_sent_ == 0 && entry_.close_needs_a_frame) return;
  const int sent = avcodec_send_frame(context_.get(), nullptr);
  if (sent < 0 && sent != AVERROR_EOF)
    throw Error(PFHOST_E_INTERNAL,
                std::string(entry_.encoder_name) + " cannot drain: " + av_error_text(sent));
  eos_sent_ = true;
}

bool CodecInstance::send_black_frame() noexcept {
  AVFrame *frame = av_frame_alloc();
  if (frame == nullptr) return false;
  frame->format = context_->pix_fmt;
  frame->width = context_->width;
  frame->height = context_->height;
  frame->pts = 0;  // only ever the first frame of its instance
  bool sent = false;
  if (av_frame_get_buffer(frame, 0) >= 0) {
    const ptrdiff_t linesizes[4] = {frame->linesize[0], frame->linesize[1], frame->linesize[2],
                                    frame->linesize[3]};
    sent = av_image_fill_black(frame->data, linesizes, context_->pix_fmt, context_->color_range,
                               frame->width, frame->height) >= 0 &&
           avcodec_send_frame(context_.get(), frame) >= 0;
  }
  av_frame_free(&frame);
  if (sent) ++frames_sent_;
  return sent;
}

}  // namespace pfhost::software
