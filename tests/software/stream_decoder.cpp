#include "stream_decoder.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/frame.h>
}

namespace pfhost::software::test {
namespace {

const AVCodec *find_decoder(pfhost_codec codec, std::string &name) {
  std::vector<const char *> names;
  switch (codec) {
    case PFHOST_CODEC_H264:
      names = {"h264"};
      break;
    case PFHOST_CODEC_HEVC:
      names = {"hevc"};
      break;
    case PFHOST_CODEC_AV1:
      names = {"libdav1d", "libaom-av1", "av1"};
      break;
    default:
      break;
  }
  for (const char *candidate : names)
    if (const AVCodec *decoder = avcodec_find_decoder_by_name(candidate)) {
      name = candidate;
      return decoder;
    }
  throw std::runtime_error("no decoder for this codec");
}

uint8_t clamp_byte(double value) {
  return static_cast<uint8_t>(std::clamp(std::lround(value), 0l, 255l));
}

DecodedPicture copy_picture(const AVFrame &frame) {
  if (frame.format != AV_PIX_FMT_YUV420P) throw std::runtime_error("decoder gave non-YUV420P");
  DecodedPicture picture;
  picture.width = frame.width;
  picture.height = frame.height;
  picture.key_frame = frame.key_frame != 0;
  picture.intra = frame.pict_type == AV_PICTURE_TYPE_I;
  picture.index = frame.pts;
  picture.colorspace = frame.colorspace;
  picture.color_range = frame.color_range;
  const auto copy_plane = [&](int plane, int w, int h, std::vector<uint8_t> &out) {
    out.resize(size_t(w) * size_t(h));
    for (int row = 0; row < h; ++row)
      std::memcpy(&out[size_t(row) * size_t(w)], frame.data[plane] + row * frame.linesize[plane],
                  size_t(w));
  };
  copy_plane(0, frame.width, frame.height, picture.y);
  copy_plane(1, (frame.width + 1) / 2, (frame.height + 1) / 2, picture.u);
  copy_plane(2, (frame.width + 1) / 2, (frame.height + 1) / 2, picture.v);
  return picture;
}

}  // namespace

Rgb DecodedPicture::rgb_at(int x, int y_pos) const {
  const int chroma_width = (width + 1) / 2;
  const double luma = (y[size_t(y_pos) * size_t(width) + size_t(x)] - 16) / 219.0;
  const size_t c = size_t(y_pos / 2) * size_t(chroma_width) + size_t(x / 2);
  const double cb = (u[c] - 128) / 224.0, cr = (v[c] - 128) / 224.0;
  const double r = luma + 1.5748 * cr;
  const double g = luma - 0.1873 * cb - 0.4681 * cr;
  const double b = luma + 1.8556 * cb;
  return Rgb{clamp_byte(r * 255), clamp_byte(g * 255), clamp_byte(b * 255)};
}

StreamDecoder::StreamDecoder(pfhost_codec codec) {
  const AVCodec *decoder = find_decoder(codec, name_);
  context_ = avcodec_alloc_context3(decoder);
  if (context_ == nullptr) throw std::bad_alloc();
  context_->thread_count = 1;  // no frame-thread delay: a picture comes out per packet
  context_->err_recognition = AV_EF_EXPLODE;
  if (avcodec_open2(context_, decoder, nullptr) < 0)
    throw std::runtime_error("cannot open decoder " + name_);
}

StreamDecoder::~StreamDecoder() {
  avcodec_free_context(&context_);
}

std::vector<DecodedPicture> StreamDecoder::drain() {
  std::vector<DecodedPicture> pictures;
  AVFrame *frame = av_frame_alloc();
  while (avcodec_receive_frame(context_, frame) == 0) {
    pictures.push_back(copy_picture(*frame));
    av_frame_unref(frame);
  }
  av_frame_free(&frame);
  return pictures;
}

std::vector<DecodedPicture> StreamDecoder::decode(const Packet &packet, int64_t index) {
  AVPacket *av_packet = av_packet_alloc();
  if (av_packet == nullptr || av_new_packet(av_packet, static_cast<int>(packet.data.size())) < 0)
    throw std::bad_alloc();
  std::memcpy(av_packet->data, packet.data.data(), packet.data.size());
  av_packet->pts = index;
  if (avcodec_send_packet(context_, av_packet) < 0) ++errors_;
  av_packet_free(&av_packet);
  return drain();
}

std::vector<DecodedPicture> StreamDecoder::finish() {
  avcodec_send_packet(context_, nullptr);
  return drain();
}

std::vector<DecodedPicture> decode_stream(pfhost_codec codec, const std::vector<Packet> &packets,
                                          size_t first, int *errors) {
  StreamDecoder decoder(codec);
  std::vector<DecodedPicture> pictures;
  for (size_t i = first; i < packets.size(); ++i)
    for (DecodedPicture &picture : decoder.decode(packets[i], static_cast<int64_t>(i)))
      pictures.push_back(std::move(picture));
  for (DecodedPicture &picture : decoder.finish()) pictures.push_back(std::move(picture));
  if (errors != nullptr) *errors = decoder.errors();
  return pictures;
}

}  // namespace pfhost::software::test
