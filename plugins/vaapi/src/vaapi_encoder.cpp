#include "vaapi_encoder.hpp"

extern "C" {
#include <libavutil/hwcontext.h>
#include <libavutil/hwcontext_vaapi.h>
}

#include <cerrno>
#include <climits>
#include <string>

#include "status_recorder.hpp"
#include "va_display.hpp"

namespace pfhost::vaapi {
namespace {

// An "infinite" GOP: keyframes come on request (the ABI's flag) or after 2^30 frames.
constexpr int kInfiniteGop = 1 << 30;

CodecChoice validated_choice(const pfhost_encoder_params &params, const PluginConfig &config) {
  const std::optional<CodecChoice> choice = codec_choice(params.codec, config.h264_profile);
  if (!choice)
    throw Error(PFHOST_E_UNSUPPORTED, "codec " + std::to_string(params.codec) + " is not offered");
  if (avcodec_find_encoder_by_name(choice->encoder) == nullptr)
    throw Error(PFHOST_E_UNSUPPORTED, std::string("this FFmpeg has no ") + choice->encoder);
  if (params.width < 16 || params.height < 16 || params.width > kMaxDimension ||
      params.height > kMaxDimension)
    throw Error(PFHOST_E_INVALID_ARGUMENT, "size " + std::to_string(params.width) + "x" +
                                               std::to_string(params.height) +
                                               " is outside 16x16..4096x4096");
  if (params.width % 2 != 0 || params.height % 2 != 0)
    throw Error(PFHOST_E_INVALID_ARGUMENT, "NV12 surfaces need an even width and height");
  if (params.framerate_num == 0 || params.framerate_den == 0)
    throw Error(PFHOST_E_INVALID_ARGUMENT, "frame rate must not be zero");
  if (params.bit_depth != 0 && params.bit_depth != 8)
    throw Error(PFHOST_E_UNSUPPORTED, "only 8-bit encoding is offered");
  if (params.chroma != PFHOST_CHROMA_420)
    throw Error(PFHOST_E_UNSUPPORTED, "only 4:2:0 chroma is offered");
  if (params.rate_control > PFHOST_RATE_CONTROL_CQP)
    throw Error(PFHOST_E_INVALID_ARGUMENT,
                "unknown rate control " + std::to_string(params.rate_control));
  if (params.rate_control != PFHOST_RATE_CONTROL_CQP && params.bitrate_kbps == 0)
    throw Error(PFHOST_E_INVALID_ARGUMENT, "bitrate must not be zero for CBR or VBR");
  return *choice;
}

}  // namespace

VaapiEncoder::VaapiEncoder(const pfhost_encoder_params &params, const PluginConfig &config,
                           Host host)
    : params_(params),
      config_(config),
      host_(host),
      choice_(validated_choice(params, config)),
      timeline_(params.framerate_num, params.framerate_den) {
  params_.preset = nullptr;  // borrowed for open() only, and VAAPI has no presets
  std::string device_path;
  {
    VaDisplay display(choose_render_node(config.device));
    const EncodeSupport support = display.encode_support(choice_.va_profile);
    if (!(config.low_power ? support.low_power : support.slice))
      throw Error(
          PFHOST_E_UNSUPPORTED,
          std::string(choice_.label) + " profile " + choice_.ffmpeg_profile + " has no " +
              (config.low_power ? "low-power (EncSliceLP)" : "EncSlice") + " entrypoint in '" +
              display.vendor() + "'" +
              (support.slice || support.low_power ? ": toggle [plugins.vaapi] low_power" : ""));
    device_path = display.device();
    display_ = display.handle();
    device_ = display.into_ffmpeg_device();
  }
  frames_.reset(av_hwframe_ctx_alloc(device_.get()));
  if (!frames_) throw std::bad_alloc();
  auto *frames = reinterpret_cast<AVHWFramesContext *>(frames_->data);
  frames->format = AV_PIX_FMT_VAAPI;
  frames->sw_format = AV_PIX_FMT_NV12;
  frames->width = static_cast<int>(params.width);
  frames->height = static_cast<int>(params.height);
  if (const int error = av_hwframe_ctx_init(frames_.get()); error < 0)
    fail(error, "cannot create NV12 VA surfaces");
  input_.emplace(params, *frames_);
  codec_ = open_codec();
  current_.reset(av_packet_alloc());
  if (!current_) throw std::bad_alloc();
  host_.info(std::string("opened ") + choice_.encoder + " (" + choice_.ffmpeg_profile +
             (config.low_power ? ", low power" : "") + ") " + std::to_string(params.width) + "x" +
             std::to_string(params.height) + ", " + std::to_string(params.bitrate_kbps) +
             " kbit/s on " + device_path);
}

VaapiEncoder::~VaapiEncoder() {
  // FFmpeg frees the codec before the surfaces before the device (the reverse of creation).
  codec_.reset();
  input_.reset();
  frames_.reset();
}

ffmpeg::CodecContextPtr VaapiEncoder::open_codec() const {
  const AVCodec *codec = avcodec_find_encoder_by_name(choice_.encoder);
  ffmpeg::CodecContextPtr context(avcodec_alloc_context3(codec));
  if (!context) throw std::bad_alloc();
  context->width = static_cast<int>(params_.width);
  context->height = static_cast<int>(params_.height);
  context->time_base =
      AVRational{static_cast<int>(params_.framerate_den), static_cast<int>(params_.framerate_num)};
  context->framerate =
      AVRational{static_cast<int>(params_.framerate_num), static_cast<int>(params_.framerate_den)};
  context->pix_fmt = AV_PIX_FMT_VAAPI;
  context->hw_frames_ctx = av_buffer_ref(frames_.get());
  context->max_b_frames = 0;  // low latency: every frame leaves in the order it came
  context->gop_size = params_.gop_length != 0 ? static_cast<int>(params_.gop_length) : kInfiniteGop;
  // Screens: BT.709 limited range, as the NV12 conversion writes it.
  context->colorspace = AVCOL_SPC_BT709;
  context->color_primaries = AVCOL_PRI_BT709;
  context->color_trc = AVCOL_TRC_BT709;
  context->color_range = AVCOL_RANGE_MPEG;
  ffmpeg::Dictionary options;
  const int64_t bitrate = int64_t{params_.bitrate_kbps} * 1000;
  // A small HRD buffer (vbv_frames frames of bitrate, one by default) keeps frame sizes even.
  const uint32_t vbv_frames = params_.vbv_frames != 0 ? params_.vbv_frames : 1;
  switch (params_.rate_control) {
    case PFHOST_RATE_CONTROL_CQP:
      options.set("rc_mode", "CQP");
      break;
    case PFHOST_RATE_CONTROL_VBR:
      options.set("rc_mode", "VBR");
      context->bit_rate = bitrate;
      context->rc_max_rate = bitrate * 3 / 2;
      break;
    default:
      options.set("rc_mode", "CBR");
      context->bit_rate = context->rc_max_rate = bitrate;
  }
  if (params_.rate_control != PFHOST_RATE_CONTROL_CQP)
    context->rc_buffer_size =
        static_cast<int>(bitrate * vbv_frames * params_.framerate_den / params_.framerate_num);
  options.set("profile", choice_.ffmpeg_profile);
  options.set("low_power", config_.low_power ? "1" : "0");
  options.set("async_depth",
              "1");  // one picture in flight: its packet is ready when submit returns
  if (const int error = avcodec_open2(context.get(), codec, options.address()); error < 0)
    fail(error, std::string("cannot open ") + choice_.encoder);
  return context;
}

void VaapiEncoder::fail(int error, const std::string &what) const {
  std::string reason = what + ": " + ffmpeg::av_error_text(error);
  const std::string driver = display_ != nullptr ? take_driver_failure(display_) : std::string();
  if (!driver.empty()) reason += "; the driver's " + driver;
  throw Error(error == AVERROR(ENOMEM) ? PFHOST_E_NO_MEMORY : PFHOST_E_IO, reason);
}

void VaapiEncoder::drain(bool until_end) {
  for (;;) {
    ffmpeg::PacketPtr packet(av_packet_alloc());
    if (!packet) throw std::bad_alloc();
    const int received = avcodec_receive_packet(codec_.get(), packet.get());
    if (received == AVERROR_EOF || (received == AVERROR(EAGAIN) && !until_end)) return;
    if (received < 0) fail(received, std::string(choice_.encoder) + " failed to deliver a packet");
    queued_.push_back(std::move(packet));
  }
}

void VaapiEncoder::submit(const pfhost_frame &frame, uint32_t flags) {
  if (flushed_)
    throw Error(PFHOST_E_INVALID_ARGUMENT, "submit() after flush(): open a new encoder");
  ffmpeg::FramePtr surface = input_->surface_for(frame);
  surface->pict_type =
      (flags & PFHOST_SUBMIT_FORCE_KEYFRAME) != 0 ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE;
  surface->pts = timeline_.add(frame.timestamp_ns, frame.sequence);
  if (const int sent = avcodec_send_frame(codec_.get(), surface.get()); sent < 0) {
    timeline_.undo_last();
    fail(sent, std::string(choice_.encoder) + " failed a frame");
  }
  // The frame's pixels are borrowed until submit returns (a dma-buf may be reused right after),
  // so the picture is encoded now and its packet queued.
  drain(false);
}

pfhost_status VaapiEncoder::receive(pfhost_packet &packet) {
  av_packet_unref(current_.get());  // the previous packet's lifetime ends with this call
  if (queued_.empty()) return PFHOST_E_AGAIN;
  av_packet_move_ref(current_.get(), queued_.front().get());
  queued_.pop_front();
  timeline_.describe(*current_, packet);
  return PFHOST_OK;
}

pfhost_status VaapiEncoder::set_bitrate(uint32_t bitrate_kbps) {
  if (bitrate_kbps == 0 || params_.rate_control == PFHOST_RATE_CONTROL_CQP)
    return PFHOST_E_INVALID_ARGUMENT;
  if (flushed_) return PFHOST_E_INVALID_ARGUMENT;
  // Finish the running codec (its last packets stay queued), then open one with the new rate.
  if (const int sent = avcodec_send_frame(codec_.get(), nullptr); sent < 0)
    fail(sent, std::string(choice_.encoder) + " refused to finish before the bitrate change");
  drain(true);
  const uint32_t previous = params_.bitrate_kbps;
  params_.bitrate_kbps = bitrate_kbps;
  try {
    codec_ = open_codec();
  } catch (...) {
    params_.bitrate_kbps = previous;
    throw;
  }
  host_.debug(std::string(choice_.encoder) + " reopened at " + std::to_string(bitrate_kbps) +
              " kbit/s");
  return PFHOST_OK;
}

void VaapiEncoder::flush() {
  if (flushed_) return;
  flushed_ = true;
  if (const int sent = avcodec_send_frame(codec_.get(), nullptr); sent < 0)
    fail(sent, std::string(choice_.encoder) + " refused end of stream");
  drain(true);
}

}  // namespace pfhost::vaapi
