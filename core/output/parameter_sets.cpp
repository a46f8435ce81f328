#include "output/parameter_sets.hpp"

#include <cstdint>  // FFmpeg's C headers need UINT64_C before they are read

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavcodec/bsf.h>
#include <libavutil/error.h>
}

#include "output/output_format.hpp"

#include <cstring>
#include <memory>
#include <string>

namespace pfhost::core::session_detail {

namespace {
struct BsfFree {
  void operator()(AVBSFContext *c) const { av_bsf_free(&c); }
};
struct PacketFree {
  void operator()(AVPacket *p) const { av_packet_free(&p); }
};

std::string av_error(int code) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, text, sizeof text);
  return text;
}
}  // namespace

std::vector<uint8_t> extract_parameter_sets(AVCodecID codec, std::span<const uint8_t> keyframe) {
  // libavcodec's own filter knows every codec's NAL/OBU syntax; writing a parser here would only
  // duplicate it.
  const AVBitStreamFilter *filter = av_bsf_get_by_name("extract_extradata");
  if (filter == nullptr) throw OutputError("libavcodec lacks the extract_extradata filter");
  AVBSFContext *raw = nullptr;
  if (const int err = av_bsf_alloc(filter, &raw); err < 0) {
    throw OutputError("extract_extradata: " + av_error(err));
  }
  std::unique_ptr<AVBSFContext, BsfFree> bsf(raw);
  bsf->par_in->codec_type = AVMEDIA_TYPE_VIDEO;
  bsf->par_in->codec_id = codec;
  if (const int err = av_bsf_init(bsf.get()); err < 0) {
    throw OutputError("extract_extradata: " + av_error(err));
  }

  std::unique_ptr<AVPacket, PacketFree> packet(av_packet_alloc());
  if (!packet || av_new_packet(packet.get(), static_cast<int>(keyframe.size())) < 0) {
    throw OutputError("extract_extradata: out of memory");
  }
  std::memcpy(packet->data, keyframe.data(), keyframe.size());
  packet->flags |= AV_PKT_FLAG_KEY;
  if (const int err = av_bsf_send_packet(bsf.get(), packet.get()); err < 0) {
    throw OutputError("extract_extradata: " + av_error(err));
  }
  if (const int err = av_bsf_receive_packet(bsf.get(), packet.get()); err < 0) {
    throw OutputError("extract_extradata: " + av_error(err));
  }
  size_t size = 0;
  const uint8_t *data = av_packet_get_side_data(packet.get(), AV_PKT_DATA_NEW_EXTRADATA, &size);
  if (data == nullptr || size == 0) return {};
  return std::vector<uint8_t>(data, data + size);
}

}  // namespace pfhost::core::session_detail
