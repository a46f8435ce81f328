// H.264 through libx264's own API: forced IDRs, in-band parameter sets and bitrate reconfiguration
// are what an NVENC client relies on, and x264 has each of them directly.
#include <stdexcept>

#include "software_encoder.hpp"

extern "C" {
#include <x264.h>
}

namespace pfhost::nvenc_twin {
namespace {

void apply_rate(x264_param_t &param, const EncoderSettings &settings) {
  if (settings.constant_qp) {
    param.rc.i_rc_method = X264_RC_CQP;
    param.rc.i_qp_constant = settings.qp;
  } else if (settings.bitrate == 0) {
    param.rc.i_rc_method = X264_RC_CRF;
    param.rc.f_rf_constant = 23;
  } else {
    param.rc.i_rc_method = X264_RC_ABR;
    param.rc.i_bitrate = static_cast<int>(settings.bitrate / 1000);
    const uint32_t max = settings.max_bitrate ? settings.max_bitrate : settings.bitrate;
    param.rc.i_vbv_max_bitrate = static_cast<int>(max / 1000);
    param.rc.i_vbv_buffer_size =
        static_cast<int>((settings.vbv_bits ? settings.vbv_bits : max) / 1000);
  }
}

class X264Encoder final : public SoftwareEncoder {
 public:
  explicit X264Encoder(const EncoderSettings &settings) {
    x264_param_default_preset(&param_, "ultrafast", "zerolatency");
    param_.i_log_level = X264_LOG_ERROR;
    param_.i_width = settings.width;
    param_.i_height = settings.height;
    param_.i_csp = X264_CSP_I420;
    param_.i_fps_num = settings.fps_num;
    param_.i_fps_den = settings.fps_den;
    param_.i_timebase_num = settings.fps_den;
    param_.i_timebase_den = settings.fps_num;
    param_.i_threads = 1;  // the suite shares two cores; one thread also keeps it deterministic
    param_.i_keyint_max =
        settings.gop_length ? static_cast<int>(settings.gop_length) : X264_KEYINT_MAX_INFINITE;
    param_.i_scenecut_threshold = 0;
    param_.b_intra_refresh = settings.intra_refresh;
    param_.b_repeat_headers = 1;  // SPS/PPS before every IDR, as NVENC's repeatSPSPPS
    param_.b_annexb = 1;
    param_.i_bframe = 0;
    param_.vui.i_colmatrix = settings.colour.bt709 ? 1 : 6;
    param_.vui.i_colorprim = settings.colour.bt709 ? 1 : 6;
    param_.vui.i_transfer = settings.colour.bt709 ? 1 : 6;
    param_.vui.b_fullrange = settings.colour.full_range;
    apply_rate(param_, settings);
    encoder_ = x264_encoder_open(&param_);
    if (encoder_ == nullptr) throw std::runtime_error("x264_encoder_open refused the settings");
  }
  ~X264Encoder() override { x264_encoder_close(encoder_); }
  X264Encoder(const X264Encoder &) = delete;
  X264Encoder &operator=(const X264Encoder &) = delete;

  EncodedPicture encode(const I420Picture &picture, bool force_idr, int64_t pts) override {
    x264_picture_t in;
    x264_picture_init(&in);
    in.img.i_csp = X264_CSP_I420;
    in.img.i_plane = 3;
    in.img.plane[0] = const_cast<uint8_t *>(picture.y.data());
    in.img.plane[1] = const_cast<uint8_t *>(picture.u.data());
    in.img.plane[2] = const_cast<uint8_t *>(picture.v.data());
    in.img.i_stride[0] = picture.width;
    in.img.i_stride[1] = in.img.i_stride[2] = (picture.width + 1) / 2;
    in.i_type = force_idr ? X264_TYPE_IDR : X264_TYPE_AUTO;
    in.i_pts = pts;
    x264_picture_t out;
    x264_nal_t *nals = nullptr;
    int count = 0;
    const int size = x264_encoder_encode(encoder_, &nals, &count, &in, &out);
    if (size < 0) throw std::runtime_error("x264_encoder_encode failed");
    EncodedPicture encoded;
    // x264 lays the NAL payloads out contiguously, so one copy takes the whole access unit.
    if (size > 0) encoded.bytes.assign(nals[0].p_payload, nals[0].p_payload + size);
    encoded.idr = out.b_keyframe != 0;
    return encoded;
  }

  std::vector<uint8_t> headers() override {
    x264_nal_t *nals = nullptr;
    int count = 0;
    const int size = x264_encoder_headers(encoder_, &nals, &count);
    if (size < 0) throw std::runtime_error("x264_encoder_headers failed");
    std::vector<uint8_t> bytes;
    for (int i = 0; i < count; ++i)  // SPS and PPS only: the SEI is x264's version banner
      if (nals[i].i_type == NAL_SPS || nals[i].i_type == NAL_PPS)
        bytes.insert(bytes.end(), nals[i].p_payload, nals[i].p_payload + nals[i].i_payload);
    return bytes;
  }

  bool reconfigure(const EncoderSettings &settings) override {
    x264_param_t changed = param_;
    apply_rate(changed, settings);
    if (x264_encoder_reconfig(encoder_, &changed) < 0) return false;
    param_ = changed;
    return true;
  }

 private:
  x264_param_t param_{};
  x264_t *encoder_ = nullptr;
};

}  // namespace

std::unique_ptr<SoftwareEncoder> make_x264_encoder(const EncoderSettings &settings) {
  return std::make_unique<X264Encoder>(settings);
}

}  // namespace pfhost::nvenc_twin
