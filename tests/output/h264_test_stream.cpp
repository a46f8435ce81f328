#include "h264_test_stream.hpp"

#include <cstdint>  // FFmpeg's C headers need UINT64_C before they are read

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/log.h>
#include <libavutil/opt.h>
}

#include <algorithm>
#include <stdexcept>

namespace pfhost::test {

std::vector<TestPacket> encode_h264(uint32_t width, uint32_t height, uint32_t fps, int count,
                                    int gop, uint64_t first_pts_ns) {
  av_log_set_level(AV_LOG_ERROR);  // keep libx264's statistics out of the test log
  const AVCodec *codec = avcodec_find_encoder_by_name("libx264");
  if (codec == nullptr) throw std::runtime_error("libavcodec has no libx264");
  AVCodecContext *ctx = avcodec_alloc_context3(codec);
  ctx->width = static_cast<int>(width);
  ctx->height = static_cast<int>(height);
  ctx->pix_fmt = AV_PIX_FMT_YUV420P;
  ctx->time_base = AVRational{1, static_cast<int>(fps)};
  ctx->framerate = AVRational{static_cast<int>(fps), 1};
  ctx->gop_size = gop;
  ctx->max_b_frames = 0;
  ctx->thread_count = 1;
  av_opt_set(ctx->priv_data, "preset", "ultrafast", 0);
  av_opt_set(ctx->priv_data, "tune", "zerolatency", 0);
  if (avcodec_open2(ctx, codec, nullptr) < 0) throw std::runtime_error("cannot open libx264");

  AVFrame *frame = av_frame_alloc();
  frame->format = AV_PIX_FMT_YUV420P;
  frame->width = ctx->width;
  frame->height = ctx->height;
  av_frame_get_buffer(frame, 0);
  AVPacket *pkt = av_packet_alloc();
  std::vector<TestPacket> out;
  const uint64_t period_ns = 1'000'000'000ull / fps;
  auto drain = [&] {
    while (avcodec_receive_packet(ctx, pkt) == 0) {
      out.push_back({std::vector<uint8_t>(pkt->data, pkt->data + pkt->size),
                     first_pts_ns + static_cast<uint64_t>(pkt->pts) * period_ns,
                     (pkt->flags & AV_PKT_FLAG_KEY) != 0});
      av_packet_unref(pkt);
    }
  };
  for (int i = 0; i < count; ++i) {
    av_frame_make_writable(frame);
    // A solid mid-grey-blue, changing slightly so P-frames are not empty.
    for (int plane = 0; plane < 3; ++plane) {
      const int h = plane == 0 ? ctx->height : ctx->height / 2;
      const uint8_t value = static_cast<uint8_t>(plane == 0 ? 80 + i : (plane == 1 ? 160 : 100));
      for (int y = 0; y < h; ++y) {
        std::fill_n(frame->data[plane] + y * frame->linesize[plane], frame->linesize[plane], value);
      }
    }
    frame->pts = i;
    avcodec_send_frame(ctx, frame);
    drain();
  }
  avcodec_send_frame(ctx, nullptr);
  drain();
  av_packet_free(&pkt);
  av_frame_free(&frame);
  avcodec_free_context(&ctx);
  return out;
}

ProbedStream probe_file(const std::string &path) {
  ProbedStream result;
  AVFormatContext *fmt = nullptr;
  if (avformat_open_input(&fmt, path.c_str(), nullptr, nullptr) < 0) {
    throw std::runtime_error("cannot open " + path);
  }
  avformat_find_stream_info(fmt, nullptr);
  const int index = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (index < 0) throw std::runtime_error("no video stream in " + path);
  const AVStream *stream = fmt->streams[index];
  result.codec = avcodec_get_name(stream->codecpar->codec_id);
  result.width = stream->codecpar->width;
  result.height = stream->codecpar->height;

  const AVCodec *decoder = avcodec_find_decoder(stream->codecpar->codec_id);
  AVCodecContext *dec = avcodec_alloc_context3(decoder);
  avcodec_parameters_to_context(dec, stream->codecpar);
  dec->thread_count = 1;
  avcodec_open2(dec, decoder, nullptr);
  AVPacket *pkt = av_packet_alloc();
  AVFrame *frame = av_frame_alloc();
  int64_t first = AV_NOPTS_VALUE, last = AV_NOPTS_VALUE;
  auto receive = [&] {
    while (avcodec_receive_frame(dec, frame) == 0) ++result.decoded_frames;
  };
  while (av_read_frame(fmt, pkt) >= 0) {
    if (pkt->stream_index == index) {
      ++result.packets;
      if (pkt->pts != AV_NOPTS_VALUE) {
        first = first == AV_NOPTS_VALUE ? pkt->pts : std::min(first, pkt->pts);
        last = last == AV_NOPTS_VALUE ? pkt->pts : std::max(last, pkt->pts);
      }
      avcodec_send_packet(dec, pkt);
      receive();
    }
    av_packet_unref(pkt);
  }
  avcodec_send_packet(dec, nullptr);
  receive();
  if (first != AV_NOPTS_VALUE && result.packets > 1) {
    const double span = static_cast<double>(last - first) * av_q2d(stream->time_base);
    result.duration_s = span * result.packets / (result.packets - 1);
  }
  av_frame_free(&frame);
  av_packet_free(&pkt);
  avcodec_free_context(&dec);
  avformat_close_input(&fmt);
  return result;
}

}  // namespace pfhost::test
