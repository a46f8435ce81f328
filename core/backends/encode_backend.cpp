#include "backends/encode_backend.hpp"

#include <pfhost/plugin.hpp>

#include "backends/backend_error.hpp"

#include <utility>

namespace pfhost::core {

const char *codec_name(uint32_t codec) noexcept {
  switch (codec) {
    case PFHOST_CODEC_H264:
      return "H.264";
    case PFHOST_CODEC_HEVC:
      return "HEVC";
    case PFHOST_CODEC_AV1:
      return "AV1";
    default:
      return "unknown codec";
  }
}

LiveEncoder::LiveEncoder(std::string backend_name, const pfhost_encode_vtable &table,
                         pfhost_encoder *encoder, const pfhost_encoder_params &params) noexcept
    : name_(std::move(backend_name)), table_(table), encoder_(encoder), params_(params) {
  params_.preset = nullptr;  // borrowed for open() only
}

LiveEncoder::~LiveEncoder() {
  if (encoder_ != nullptr) table_.close(encoder_);
}

void LiveEncoder::submit(const pfhost_frame &frame, uint32_t flags) {
  const pfhost_status status = table_.submit(encoder_, &frame, flags, reason_.get());
  if (status != PFHOST_OK) {
    throw BackendError(status, "encode '" + name_ + "': submit", reason_.text());
  }
}

bool LiveEncoder::receive(EncodedPacket &out) {
  // The host zero-fills the packet and sets struct_size before every call, as the ABI says.
  packet_ = make_struct<pfhost_packet>();
  const pfhost_status status = table_.receive(encoder_, &packet_, reason_.get());
  if (status == PFHOST_E_AGAIN) return false;
  if (status != PFHOST_OK) {
    throw BackendError(status, "encode '" + name_ + "': receive", reason_.text());
  }
  out.data = {packet_.data, packet_.data != nullptr ? packet_.size : 0};
  out.pts_ns = packet_.pts_ns;
  out.frame_sequence = packet_.frame_sequence;
  out.keyframe = (packet_.flags & PFHOST_PACKET_FLAG_KEYFRAME) != 0;
  return true;
}

void LiveEncoder::flush() {
  if (table_.flush == nullptr) return;
  const pfhost_status status = table_.flush(encoder_, reason_.get());
  if (status != PFHOST_OK && status != PFHOST_E_UNSUPPORTED) {
    throw BackendError(status, "encode '" + name_ + "': flush", reason_.text());
  }
}

pfhost_status LiveEncoder::set_bitrate(uint32_t kbps) {
  if (table_.set_bitrate == nullptr) return PFHOST_E_UNSUPPORTED;
  const pfhost_status status = table_.set_bitrate(encoder_, kbps);
  if (status == PFHOST_OK) params_.bitrate_kbps = kbps;
  return status;
}

EncodeBackend::EncodeBackend(std::string name, const pfhost_encode_vtable &table, void *plugin_ctx)
    : name_(std::move(name)), table_(table), plugin_ctx_(plugin_ctx) {}

pfhost_encoder_caps EncodeBackend::caps() const {
  auto caps = make_struct<pfhost_encoder_caps>();
  ReasonBuffer reason;
  const pfhost_status status = table_.query_caps(plugin_ctx_, &caps, reason.get());
  if (status != PFHOST_OK) {
    throw BackendError(status, "encode '" + name_ + "': query_caps", reason.text());
  }
  caps.struct_size = sizeof caps;  // a plugin must not shrink it; don't trust what it wrote
  return caps;
}

std::unique_ptr<LiveEncoder> EncodeBackend::open(const pfhost_encoder_params &params) const {
  ReasonBuffer reason;
  pfhost_encoder *encoder = nullptr;
  const pfhost_status status = table_.open(plugin_ctx_, &params, &encoder, reason.get());
  const std::string context = "encode '" + name_ + "': open " + std::to_string(params.width) + "x" +
                              std::to_string(params.height) + " " + codec_name(params.codec);
  if (status != PFHOST_OK) throw BackendError(status, context, reason.text());
  if (encoder == nullptr) {
    throw BackendError(PFHOST_E_INTERNAL, context, "plugin returned OK without an encoder");
  }
  return std::make_unique<LiveEncoder>(name_, table_, encoder, params);
}

}  // namespace pfhost::core
