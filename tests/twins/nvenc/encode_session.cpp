#include "encode_session.hpp"

#include <stdexcept>

#include "session_checks.hpp"
#include "twin_control.hpp"

namespace pfhost::nvenc_twin {
namespace {

const char *tuning_name(NV_ENC_TUNING_INFO tuning) {
  switch (tuning) {
    case NV_ENC_TUNING_INFO_HIGH_QUALITY:
      return "high_quality";
    case NV_ENC_TUNING_INFO_LOW_LATENCY:
      return "low_latency";
    case NV_ENC_TUNING_INFO_ULTRA_LOW_LATENCY:
      return "ultra_low_latency";
    case NV_ENC_TUNING_INFO_LOSSLESS:
      return "lossless";
    default:
      return "undefined";
  }
}

const char *rc_name(NV_ENC_PARAMS_RC_MODE mode) {
  switch (mode) {
    case NV_ENC_PARAMS_RC_CONSTQP:
      return "constqp";
    case NV_ENC_PARAMS_RC_VBR:
      return "vbr";
    case NV_ENC_PARAMS_RC_CBR:
      return "cbr";
    default:
      return "other";
  }
}

}  // namespace

Session::Session(void *cuda_context) : cuda_context_(cuda_context) {}
Session::~Session() = default;

NVENCSTATUS Session::fail(const char *call, NVENCSTATUS status, const std::string &why,
                          bool expected) {
  last_error_ = std::string(call) + ": " + why;
  if (!expected) report_violation(call, why);
  return status;
}

NVENCSTATUS Session::require_initialised(const char *call) {
  if (initialised_) return NV_ENC_SUCCESS;
  return fail(call, NV_ENC_ERR_ENCODER_NOT_INITIALIZED, "called before nvEncInitializeEncoder");
}

NVENCSTATUS Session::check_config(const char *call, const NV_ENC_INITIALIZE_PARAMS &params,
                                  const NV_ENC_CONFIG &config) {
  CHECK_VERSION(call, config.version, uint32_t{NV_ENC_CONFIG_VER});
  CHECK_VERSION(call, config.rcParams.version, uint32_t{NV_ENC_RC_PARAMS_VER});
  CHECK_RESERVED(call, config.reserved);
  if (config.frameIntervalP > 1)
    return fail(call, NV_ENC_ERR_UNSUPPORTED_PARAM,
                "frameIntervalP " + std::to_string(config.frameIntervalP) +
                    " asks for B-frames; NV_ENC_CAPS_NUM_MAX_BFRAMES is 0",
                true);
  if (config.frameIntervalP == 0)
    return fail(call, NV_ENC_ERR_INVALID_PARAM, "frameIntervalP is 0 (1 = I/P only)");
  const uint32_t w = params.encodeWidth, h = params.encodeHeight;
  if (w < kMinDimension || h < kMinDimension || w > kMaxDimension || h > kMaxDimension)
    return fail(call, NV_ENC_ERR_INVALID_PARAM,
                "size " + std::to_string(w) + "x" + std::to_string(h) + " outside 16..4096", true);
  if (params.frameRateNum == 0 || params.frameRateDen == 0)
    return fail(call, NV_ENC_ERR_INVALID_PARAM, "frame rate has a zero term");
  return NV_ENC_SUCCESS;
}

EncoderSettings Session::settings_from(const NV_ENC_INITIALIZE_PARAMS &params,
                                       const NV_ENC_CONFIG &config) const {
  EncoderSettings s;
  s.hevc = hevc_;
  s.width = static_cast<int>(params.encodeWidth);
  s.height = static_cast<int>(params.encodeHeight);
  s.fps_num = params.frameRateNum;
  s.fps_den = params.frameRateDen;
  const NV_ENC_RC_PARAMS &rc = config.rcParams;
  s.constant_qp = rc.rateControlMode == NV_ENC_PARAMS_RC_CONSTQP;
  s.qp = static_cast<int>(rc.constQP.qpIntra ? rc.constQP.qpIntra : 23);
  s.bitrate = rc.averageBitRate;
  s.max_bitrate = rc.maxBitRate;
  s.vbv_bits = rc.vbvBufferSize;
  s.gop_length = config.gopLength == NVENC_INFINITE_GOPLENGTH ? 0 : config.gopLength;
  const NV_ENC_CONFIG_H264_VUI_PARAMETERS &vui =
      hevc_ ? config.encodeCodecConfig.hevcConfig.hevcVUIParameters
            : config.encodeCodecConfig.h264Config.h264VUIParameters;
  s.intra_refresh = hevc_ ? config.encodeCodecConfig.hevcConfig.enableIntraRefresh
                          : config.encodeCodecConfig.h264Config.enableIntraRefresh;
  s.colour.bt709 = vui.colourDescriptionPresentFlag && vui.colourMatrix == 1 /* BT.709 (H.273) */;
  s.colour.full_range = vui.videoSignalTypePresentFlag && vui.videoFullRangeFlag;
  return s;
}

NVENCSTATUS Session::initialize(const NV_ENC_INITIALIZE_PARAMS *params) {
  const char *call = "nvEncInitializeEncoder";
  if (params == nullptr) return NV_ENC_ERR_INVALID_PTR;
  CHECK_VERSION(call, params->version, uint32_t{NV_ENC_INITIALIZE_PARAMS_VER});
  CHECK_RESERVED(call, params->reserved);
  CHECK_RESERVED(call, params->reserved2);
  if (initialised_)
    return fail(call, NV_ENC_ERR_INVALID_CALL, "the encoder is already initialised");
  if (faults().unsupported_param) {
    report("fault unsupported_param");
    return fail(call, NV_ENC_ERR_UNSUPPORTED_PARAM, "injected: unsupported parameter", true);
  }
  if (!known_codec(params->encodeGUID))
    return fail(call, NV_ENC_ERR_INVALID_PARAM, "unknown codec GUID");
  const int preset = preset_number(params->presetGUID);
  if (preset == 0) return fail(call, NV_ENC_ERR_INVALID_PARAM, "unknown preset GUID (P1..P7 only)");
  if (params->enableEncodeAsync)
    return fail(call, NV_ENC_ERR_UNSUPPORTED_PARAM, "asynchronous mode is Windows-only", true);
  if (!params->enablePTD)
    return fail(call, NV_ENC_ERR_UNIMPLEMENTED,
                "the twin decides picture types itself (enablePTD = 1)", true);
  hevc_ = same(params->encodeGUID, NV_ENC_CODEC_HEVC_GUID);
  NV_ENC_PRESET_CONFIG preset_config_out{};
  preset_config_out.version = NV_ENC_PRESET_CONFIG_VER;
  preset_config_out.presetCfg.version = NV_ENC_CONFIG_VER;
  if (params->encodeConfig == nullptr)
    preset_config(params->encodeGUID, params->presetGUID, params->tuningInfo, &preset_config_out);
  const NV_ENC_CONFIG &config =
      params->encodeConfig != nullptr ? *params->encodeConfig : preset_config_out.presetCfg;
  if (const NVENCSTATUS status = check_config(call, *params, config); status != NV_ENC_SUCCESS)
    return status;
  config_ = config;
  init_params_ = *params;
  init_params_.encodeConfig = &config_;
  width_ = params->encodeWidth;
  height_ = params->encodeHeight;
  max_width_ = std::max(width_, params->maxEncodeWidth);
  max_height_ = std::max(height_, params->maxEncodeHeight);
  const EncoderSettings settings = settings_from(*params, config_);
  try {
    encoder_ = hevc_ ? make_x265_encoder(settings) : make_x264_encoder(settings);
  } catch (const std::exception &error) {
    return fail(call, NV_ENC_ERR_UNSUPPORTED_PARAM, error.what(), true);
  }
  initialised_ = true;
  const NV_ENC_RC_PARAMS &rc = config_.rcParams;
  report(std::string("initialize codec=") + (hevc_ ? "hevc" : "h264") +
         " size=" + std::to_string(width_) + "x" + std::to_string(height_) + " fps=" +
         std::to_string(params->frameRateNum) + "/" + std::to_string(params->frameRateDen) +
         " preset=p" + std::to_string(preset) + " tuning=" + tuning_name(params->tuningInfo) +
         " rc=" + rc_name(rc.rateControlMode) + " bitrate=" + std::to_string(rc.averageBitRate) +
         " maxbitrate=" + std::to_string(rc.maxBitRate) +
         " vbv=" + std::to_string(rc.vbvBufferSize) + " gop=" +
         (config_.gopLength == NVENC_INFINITE_GOPLENGTH ? std::string("infinite")
                                                        : std::to_string(config_.gopLength)) +
         " frame_interval_p=" + std::to_string(config_.frameIntervalP) +
         " intra_refresh=" + std::to_string(settings.intra_refresh ? 1 : 0) +
         " bt709=" + std::to_string(settings.colour.bt709 ? 1 : 0));
  return NV_ENC_SUCCESS;
}

NVENCSTATUS Session::reconfigure(const NV_ENC_RECONFIGURE_PARAMS *params) {
  const char *call = "nvEncReconfigureEncoder";
  if (params == nullptr) return NV_ENC_ERR_INVALID_PTR;
  CHECK_VERSION(call, params->version, uint32_t{NV_ENC_RECONFIGURE_PARAMS_VER});
  if (const NVENCSTATUS status = require_initialised(call); status != NV_ENC_SUCCESS) return status;
  const NV_ENC_INITIALIZE_PARAMS &init = params->reInitEncodeParams;
  CHECK_VERSION(call, init.version, uint32_t{NV_ENC_INITIALIZE_PARAMS_VER});
  if (!same(init.encodeGUID, init_params_.encodeGUID))
    return fail(call, NV_ENC_ERR_INVALID_PARAM, "the codec cannot change on reconfigure");
  if (init.encodeWidth != width_ || init.encodeHeight != height_)
    return fail(call, NV_ENC_ERR_UNIMPLEMENTED, "the twin does not model resolution changes", true);
  const NV_ENC_CONFIG &config = init.encodeConfig != nullptr ? *init.encodeConfig : config_;
  if (const NVENCSTATUS status = check_config(call, init, config); status != NV_ENC_SUCCESS)
    return status;
  const EncoderSettings settings = settings_from(init, config);
  if (!encoder_->reconfigure(settings))
    return fail(call, NV_ENC_ERR_UNSUPPORTED_PARAM, "the encoder refused the new rate control",
                true);
  config_ = config;
  ++reconfigurations_;
  report("reconfigure bitrate=" + std::to_string(config.rcParams.averageBitRate) +
         " maxbitrate=" + std::to_string(config.rcParams.maxBitRate) +
         " vbv=" + std::to_string(config.rcParams.vbvBufferSize) + " reset=" +
         std::to_string(params->resetEncoder) + " force_idr=" + std::to_string(params->forceIDR));
  return NV_ENC_SUCCESS;
}

NVENCSTATUS Session::sequence_params(NV_ENC_SEQUENCE_PARAM_PAYLOAD *payload) {
  const char *call = "nvEncGetSequenceParams";
  if (payload == nullptr) return NV_ENC_ERR_INVALID_PTR;
  CHECK_VERSION(call, payload->version, uint32_t{NV_ENC_SEQUENCE_PARAM_PAYLOAD_VER});
  CHECK_RESERVED(call, payload->reserved);
  if (const NVENCSTATUS status = require_initialised(call); status != NV_ENC_SUCCESS) return status;
  if (payload->spsppsBuffer == nullptr || payload->outSPSPPSPayloadSize == nullptr)
    return fail(call, NV_ENC_ERR_INVALID_PTR, "spsppsBuffer or outSPSPPSPayloadSize is NULL");
  const std::vector<uint8_t> headers = encoder_->headers();
  if (headers.size() > payload->inBufferSize)
    return fail(call, NV_ENC_ERR_NOT_ENOUGH_BUFFER,
                "inBufferSize " + std::to_string(payload->inBufferSize) + " < " +
                    std::to_string(headers.size()));
  std::memcpy(payload->spsppsBuffer, headers.data(), headers.size());
  *payload->outSPSPPSPayloadSize = static_cast<uint32_t>(headers.size());
  return NV_ENC_SUCCESS;
}

const uint8_t *Session::input_pixels(const char *call, void *handle, NV_ENC_BUFFER_FORMAT format,
                                     uint32_t &pitch, uint32_t &height_allocated,
                                     NVENCSTATUS &status) {
  if (const auto input = inputs_.find(handle); input != inputs_.end()) {
    if (input->second->locked) {
      status = fail(call, NV_ENC_ERR_LOCK_BUSY, "the input buffer is still locked");
      return nullptr;
    }
    if (input->second->format != format) {
      status = fail(call, NV_ENC_ERR_INVALID_PARAM,
                    std::string("bufferFmt ") + buffer_format_name(format) + " but the buffer is " +
                        buffer_format_name(input->second->format));
      return nullptr;
    }
    pitch = input->second->pitch;
    height_allocated = input->second->height;
    return input->second->memory.data();
  }
  if (const auto mapping = mappings_.find(handle); mapping != mappings_.end()) {
    const Registration &registration = *mapping->second->registration;
    if (registration.format != format) {
      status = fail(call, NV_ENC_ERR_INVALID_PARAM, "bufferFmt differs from the mapped resource's");
      return nullptr;
    }
    pitch = registration.pitch;
    height_allocated = registration.height;
    return registration.pointer;
  }
  status = registrations_.count(handle) != 0
               ? fail(call, NV_ENC_ERR_RESOURCE_NOT_MAPPED,
                      "inputBuffer is a registration, not a mapped resource")
               : fail(call, NV_ENC_ERR_INVALID_PTR, "inputBuffer is not an input of this encoder");
  return nullptr;
}

NVENCSTATUS Session::encode(const NV_ENC_PIC_PARAMS *params) {
  const char *call = "nvEncEncodePicture";
  if (params == nullptr) return NV_ENC_ERR_INVALID_PTR;
  CHECK_VERSION(call, params->version, uint32_t{NV_ENC_PIC_PARAMS_VER});
  CHECK_RESERVED(call, params->reserved3);
  CHECK_RESERVED(call, params->reserved4);
  if (const NVENCSTATUS status = require_initialised(call); status != NV_ENC_SUCCESS) return status;
  // End of stream: without B-frames nothing is held back, so there is nothing to flush.
  if ((params->encodePicFlags & NV_ENC_PIC_FLAG_EOS) != 0) return NV_ENC_SUCCESS;
  if (faults().encode_error_after >= 0 &&
      frames_ >= static_cast<uint64_t>(faults().encode_error_after)) {
    report("fault encode_error_after frames=" + std::to_string(frames_));
    return fail(call, NV_ENC_ERR_GENERIC, "injected: the encoder hit an error mid-stream", true);
  }
  if (params->pictureStruct != NV_ENC_PIC_STRUCT_FRAME)
    return fail(call, NV_ENC_ERR_UNSUPPORTED_PARAM, "field pictures are not supported", true);
  const auto out = bitstreams_.find(params->outputBitstream);
  if (out == bitstreams_.end())
    return fail(call, NV_ENC_ERR_INVALID_PTR,
                "outputBitstream is not a bitstream buffer of this encoder");
  if (out->second->locked)
    return fail(call, NV_ENC_ERR_LOCK_BUSY, "outputBitstream is still locked");
  // A real client may pass 0 for mapped frames (FFmpeg does): the encode size applies then.
  if ((params->inputWidth != 0 && params->inputWidth != width_) ||
      (params->inputHeight != 0 && params->inputHeight != height_))
    return fail(call, NV_ENC_ERR_INVALID_PARAM,
                "inputWidth/inputHeight differ from the encode size");
  uint32_t pitch = 0, height_allocated = 0;
  NVENCSTATUS status = NV_ENC_SUCCESS;
  const uint8_t *pixels =
      input_pixels(call, params->inputBuffer, params->bufferFmt, pitch, height_allocated, status);
  if (pixels == nullptr) return status;
  const EncoderSettings settings = settings_from(init_params_, config_);
  convert_to_i420(params->bufferFmt, pixels, pitch, height_allocated, settings.width,
                  settings.height, settings.colour, picture_);
  const bool force_idr = (params->encodePicFlags & NV_ENC_PIC_FLAG_FORCEIDR) != 0;
  EncodedPicture encoded;
  try {
    encoded = encoder_->encode(picture_, force_idr || frames_ == 0, static_cast<int64_t>(frames_));
  } catch (const std::exception &error) {
    return fail(call, NV_ENC_ERR_GENERIC, error.what(), true);
  }
  BitstreamBuffer &buffer = *out->second;
  buffer.data = std::move(encoded.bytes);
  buffer.idr = encoded.idr;
  buffer.has_output = true;
  buffer.frame_index = params->frameIdx;
  buffer.timestamp = params->inputTimeStamp;
  ++frames_;
  if (encoded.idr) ++idr_frames_;
  return NV_ENC_SUCCESS;
}

std::string Session::closing_report() const {
  size_t locked = 0;
  for (const auto &[handle, buffer] : inputs_) locked += buffer->locked;
  for (const auto &[handle, buffer] : bitstreams_) locked += buffer->locked;
  return "destroy frames=" + std::to_string(frames_) + " idr=" + std::to_string(idr_frames_) +
         " reconfigurations=" + std::to_string(reconfigurations_) +
         " leaked_inputs=" + std::to_string(inputs_.size()) +
         " leaked_bitstreams=" + std::to_string(bitstreams_.size()) +
         " leaked_registrations=" + std::to_string(registrations_.size()) +
         " still_mapped=" + std::to_string(mappings_.size()) +
         " still_locked=" + std::to_string(locked);
}

}  // namespace pfhost::nvenc_twin
