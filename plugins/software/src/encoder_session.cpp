#include "encoder_session.hpp"

#include <cerrno>
#include <string>

#include "encoder_options.hpp"

namespace pfhost::software {
namespace {

// Validates everything before any member is built, so a bad request costs no encoder.
const CodecEntry &validated_entry(const pfhost_encoder_params &params) {
  validate_params(params);
  return *find_codec(params.codec);
}

// The colour conversion runs between encodes, so it gets the threads the encoder gets.
int conversion_threads(const PluginConfig &config) {
  return config.threads > 0 ? config.threads : default_conversion_threads();
}

[[noreturn]] void throw_av_error(int error, pfhost_status otherwise, const std::string &what) {
  const pfhost_status status = error == AVERROR(ENOMEM) ? PFHOST_E_NO_MEMORY : otherwise;
  throw Error(status, what + ": " + av_error_text(error));
}

}  // namespace

EncoderSession::EncoderSession(const pfhost_encoder_params &params, const PluginConfig &config,
                               Host host)
    : entry_(validated_entry(params)),
      params_(params),
      preset_(resolve_preset(entry_, params, config)),
      config_(config),
      host_(host),
      converter_(params.input_format, static_cast<int>(params.width),
                 static_cast<int>(params.height), AV_PIX_FMT_YUV420P, conversion_threads(config)),
      picture_(av_frame_alloc()),
      packet_(av_packet_alloc()),
      timeline_(params.framerate_num, params.framerate_den) {
  // The host's preset string is borrowed for open() only; keep our resolved copy instead.
  params_.preset = preset_.c_str();
  if (!picture_ || !packet_) throw std::bad_alloc();
  // The one picture every frame is converted into; allocated here so submit() allocates nothing.
  picture_->format = AV_PIX_FMT_YUV420P;
  picture_->width = static_cast<int>(params.width);
  picture_->height = static_cast<int>(params.height);
  if (const int allocated = av_frame_get_buffer(picture_.get(), 0); allocated < 0)
    throw_av_error(allocated, PFHOST_E_NO_MEMORY, "cannot allocate the YUV picture");
  codec_ = open_instance();
  host_.info(std::string("opened ") + entry_.encoder_name + " " + std::to_string(params.width) +
             "x" + std::to_string(params.height) + " @ " + std::to_string(params.framerate_num) +
             "/" + std::to_string(params.framerate_den) + " fps, " +
             std::to_string(params.bitrate_kbps) + " kbit/s, preset " + preset_);
}

std::unique_ptr<CodecInstance> EncoderSession::open_instance() const {
  return std::make_unique<CodecInstance>(entry_, params_, config_, host_);
}

void EncoderSession::submit(const pfhost_frame &frame, uint32_t flags) {
  if (flushed_)
    throw Error(PFHOST_E_INVALID_ARGUMENT, "submit() after flush(): open a new encoder");
  // The wrappers copy the picture into the encoder's own buffers during send, so this is normally
  // a no-op; it only copies if an encoder still holds a reference.
  if (const int writable = av_frame_make_writable(picture_.get()); writable < 0)
    throw_av_error(writable, PFHOST_E_INTERNAL, "cannot make the YUV picture writable");
  // An unchanged frame has the pixels picture_ already holds: skip the conversion.
  if (picture_valid_ && (frame.flags & PFHOST_FRAME_FLAG_UNCHANGED) != 0) {
    converter_.check(frame);
  } else {
    picture_valid_ = false;
    converter_.convert(frame, *picture_);
    picture_valid_ = true;
  }

  const bool keyframe = (flags & PFHOST_SUBMIT_FORCE_KEYFRAME) != 0;
  // A fresh instance starts with a key frame anyway.
  if (keyframe && !entry_.forced_keyframes && codec_->frames_sent() > 0) restart_for_keyframe();
  picture_->pict_type = keyframe ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE;
  picture_->pts = timeline_.add(frame.timestamp_ns, frame.sequence);
  const int sent = codec_->send(*picture_);
  if (sent < 0) {
    timeline_.undo_last();
    if (sent == AVERROR(EAGAIN))
      throw Error(PFHOST_E_BUSY, "the encoder holds finished packets: receive() them first");
    throw_av_error(sent, PFHOST_E_INTERNAL, std::string(entry_.encoder_name) + " failed a frame");
  }
}

void EncoderSession::restart_for_keyframe() {
  // Open the new instance first: if that fails the old one keeps running and the frame is
  // rejected with the reason (the host sees the failed submit and can ask again with the flag).
  std::unique_ptr<CodecInstance> fresh = open_instance();
  codec_->end_stream();
  for (;;) {
    PacketPtr packet(av_packet_alloc());
    if (!packet) throw std::bad_alloc();
    if (codec_->receive(*packet) < 0) break;
    queued_.push_back(std::move(packet));
  }
  codec_ = std::move(fresh);
  host_.debug(std::string("restarted ") + entry_.encoder_name + " to force a key frame");
}

pfhost_status EncoderSession::receive(pfhost_packet &packet) {
  av_packet_unref(packet_.get());  // the previous packet's lifetime ends with this call
  if (!queued_.empty()) {
    av_packet_move_ref(packet_.get(), queued_.front().get());
    queued_.pop_front();
  } else {
    const int received = codec_->receive(*packet_);
    if (received == AVERROR(EAGAIN) || received == AVERROR_EOF) return PFHOST_E_AGAIN;
    if (received < 0)
      throw_av_error(received, PFHOST_E_INTERNAL,
                     std::string(entry_.encoder_name) + " failed to deliver a packet");
  }

  // No B-frames, so packets come out in submission order.
  timeline_.describe(*packet_, packet);
  return PFHOST_OK;
}

pfhost_status EncoderSession::set_bitrate(uint32_t bitrate_kbps) {
  if (!entry_.bitrate_change) {
    host_.warn(std::string(entry_.encoder_name) +
               " cannot change its bitrate while running; reopen the encoder");
    return PFHOST_E_UNSUPPORTED;
  }
  if (bitrate_kbps == 0) return PFHOST_E_INVALID_ARGUMENT;
  // libx264's wrapper compares these with its running config before every frame and calls
  // x264_encoder_reconfig when they differ: no new keyframe, effective from the next frame.
  apply_bitrate(codec_->context(), bitrate_kbps, params_.rate_control, params_.vbv_frames);
  params_.bitrate_kbps = bitrate_kbps;
  return PFHOST_OK;
}

void EncoderSession::flush() {
  if (flushed_) return;
  flushed_ = true;
  codec_->end_stream();
}

}  // namespace pfhost::software
