// HEVC through libx265's own API, configured like the H.264 side (see x264_encoder.cpp).
#include <stdexcept>
#include <string>

#include "software_encoder.hpp"

extern "C" {
#include <x265.h>
}

namespace pfhost::nvenc_twin {
namespace {

void apply_rate(x265_param &param, const EncoderSettings &settings) {
  if (settings.constant_qp) {
    param.rc.rateControlMode = X265_RC_CQP;
    param.rc.qp = settings.qp;
  } else if (settings.bitrate == 0) {
    param.rc.rateControlMode = X265_RC_CRF;
    param.rc.rfConstant = 28;
  } else {
    param.rc.rateControlMode = X265_RC_ABR;
    param.rc.bitrate = static_cast<int>(settings.bitrate / 1000);
    const uint32_t max = settings.max_bitrate ? settings.max_bitrate : settings.bitrate;
    param.rc.vbvMaxBitrate = static_cast<int>(max / 1000);
    param.rc.vbvBufferSize = static_cast<int>((settings.vbv_bits ? settings.vbv_bits : max) / 1000);
  }
}

class X265Encoder final : public SoftwareEncoder {
 public:
  explicit X265Encoder(const EncoderSettings &settings) : param_(x265_param_alloc()) {
    if (param_ == nullptr) throw std::bad_alloc();
    x265_param_default_preset(param_, "ultrafast", "zerolatency");
    param_->logLevel = X265_LOG_ERROR;
    param_->sourceWidth = settings.width;
    param_->sourceHeight = settings.height;
    param_->internalCsp = X265_CSP_I420;
    param_->fpsNum = settings.fps_num;
    param_->fpsDenom = settings.fps_den;
    param_->frameNumThreads = 1;
    param_->bEnableWavefront = 0;
    x265_param_parse(param_, "pools", "none");  // no thread pool: two shared cores
    param_->keyframeMax = settings.gop_length ? static_cast<int>(settings.gop_length) : -1;
    param_->scenecutThreshold = 0;
    param_->bIntraRefresh = settings.intra_refresh;
    param_->bRepeatHeaders = 1;
    param_->bAnnexB = 1;
    param_->bframes = 0;
    param_->vui.bEnableVideoSignalTypePresentFlag = 1;
    param_->vui.bEnableColorDescriptionPresentFlag = 1;
    param_->vui.matrixCoeffs = settings.colour.bt709 ? 1 : 6;
    param_->vui.colorPrimaries = settings.colour.bt709 ? 1 : 6;
    param_->vui.transferCharacteristics = settings.colour.bt709 ? 1 : 6;
    param_->vui.bEnableVideoFullRangeFlag = settings.colour.full_range;
    apply_rate(*param_, settings);
    encoder_ = x265_encoder_open(param_);
    if (encoder_ == nullptr) {
      x265_param_free(param_);
      throw std::runtime_error("x265_encoder_open refused the settings");
    }
  }
  ~X265Encoder() override {
    x265_encoder_close(encoder_);
    x265_param_free(param_);
  }
  X265Encoder(const X265Encoder &) = delete;
  X265Encoder &operator=(const X265Encoder &) = delete;

  EncodedPicture encode(const I420Picture &picture, bool force_idr, int64_t pts) override {
    x265_picture in;
    x265_picture_init(param_, &in);
    in.planes[0] = const_cast<uint8_t *>(picture.y.data());
    in.planes[1] = const_cast<uint8_t *>(picture.u.data());
    in.planes[2] = const_cast<uint8_t *>(picture.v.data());
    in.stride[0] = picture.width;
    in.stride[1] = in.stride[2] = (picture.width + 1) / 2;
    in.sliceType = force_idr ? X265_TYPE_IDR : X265_TYPE_AUTO;
    in.pts = pts;
    x265_nal *nals = nullptr;
    uint32_t count = 0;
    x265_picture out;
    x265_picture_init(param_, &out);
    if (x265_encoder_encode(encoder_, &nals, &count, &in, &out) < 0)
      throw std::runtime_error("x265_encoder_encode failed");
    EncodedPicture encoded;
    for (uint32_t i = 0; i < count; ++i)
      encoded.bytes.insert(encoded.bytes.end(), nals[i].payload,
                           nals[i].payload + nals[i].sizeBytes);
    encoded.idr = count > 0 && (out.sliceType == X265_TYPE_IDR || out.sliceType == X265_TYPE_I);
    return encoded;
  }

  std::vector<uint8_t> headers() override {
    x265_nal *nals = nullptr;
    uint32_t count = 0;
    if (x265_encoder_headers(encoder_, &nals, &count) < 0)
      throw std::runtime_error("x265_encoder_headers failed");
    std::vector<uint8_t> bytes;
    for (uint32_t i = 0; i < count; ++i)
      if (nals[i].type == NAL_UNIT_VPS || nals[i].type == NAL_UNIT_SPS ||
          nals[i].type == NAL_UNIT_PPS)
        bytes.insert(bytes.end(), nals[i].payload, nals[i].payload + nals[i].sizeBytes);
    return bytes;
  }

  bool reconfigure(const EncoderSettings &settings) override {
    apply_rate(*param_, settings);
    return x265_encoder_reconfig(encoder_, param_) >= 0;
  }

 private:
  x265_param *param_;
  x265_encoder *encoder_ = nullptr;
};

}  // namespace

std::unique_ptr<SoftwareEncoder> make_x265_encoder(const EncoderSettings &settings) {
  return std::make_unique<X265Encoder>(settings);
}

}  // namespace pfhost::nvenc_twin
