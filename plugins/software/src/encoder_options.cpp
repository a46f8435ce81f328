#include "encoder_options.hpp"

#include <pfhost/plugin.hpp>

#include <algorithm>
#include <charconv>
#include <climits>
#include <optional>
#include <string_view>

#include "ffmpeg.hpp"

namespace pfhost::software {
namespace {

// libx264 and libx265 share these names, fastest first.
constexpr std::string_view kX26xPresets[] = {"ultrafast", "superfast", "veryfast", "faster",
                                             "fast",      "medium",    "slow",     "slower",
                                             "veryslow",  "placebo"};
constexpr const char *kX26xPresetList =
    "ultrafast, superfast, veryfast, faster, fast, medium, slow, slower, veryslow, placebo";

// SVT-AV1 presets are numbers from 0 (slowest) to 13 (fastest). The x264 names map onto them so
// that one plugin-wide `preset = "ultrafast"` means "fastest sensible" for every encoder; 12
// rather than 13 because 13 is a research mode that visibly smears screen text.
struct SvtPresetName {
  std::string_view name;
  int number;
};
constexpr SvtPresetName kSvtPresetNames[] = {
    {"ultrafast", 12}, {"superfast", 11}, {"veryfast", 10}, {"faster", 9},   {"fast", 8},
    {"medium", 6},     {"slow", 4},       {"slower", 2},    {"veryslow", 1}, {"placebo", 0}};
constexpr int kSvtFastestPreset = 13;

constexpr const char *kDefaultPreset = "ultrafast";

std::optional<int> parse_int(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string svt_preset(std::string_view requested) {
  if (const std::optional<int> number = parse_int(requested)) {
    if (*number >= 0 && *number <= kSvtFastestPreset) return std::to_string(*number);
  }
  for (const SvtPresetName &entry : kSvtPresetNames)
    if (entry.name == requested) return std::to_string(entry.number);
  throw Error(PFHOST_E_INVALID_ARGUMENT,
              "preset '" + std::string(requested) +
                  "' is not a libsvtav1 preset (0 slowest to 13 fastest, or an x264 name: " +
                  kX26xPresetList + ")");
}

std::string x26x_preset(const CodecEntry &entry, std::string_view requested) {
  for (std::string_view known : kX26xPresets)
    if (known == requested) return std::string(requested);
  throw Error(PFHOST_E_INVALID_ARGUMENT, "preset '" + std::string(requested) + "' is not a " +
                                             entry.encoder_name + " preset (" + kX26xPresetList +
                                             ")");
}

// Appends the user's "<encoder>.params" last, so a power user can override any of ours.
std::string with_user_params(std::string params, const std::string &user) {
  if (!user.empty()) params += ":" + user;
  return params;
}

void configure_x264(const pfhost_encoder_params &params, const PluginConfig &config,
                    AVCodecContext &context, Dictionary &options) {
  // zerolatency: no lookahead, no B-frames, slice threads, so one frame in gives one packet out.
  options.set("tune", "zerolatency");
  // A forced keyframe must be an IDR: a decoder joining there needs nothing before it.
  options.set("forced-idr", "1");
  // FFmpeg's wrapper turns sliced threads off unless thread_type is exactly slice threading, and
  // frame threads would buffer one frame per thread.
  context.thread_type = FF_THREAD_SLICE;
  // repeat-headers + annexb: SPS/PPS in-band before every IDR (we never set GLOBAL_HEADER), so a
  // client can join at any keyframe. scenecut=0: keyframes only when asked or at the GOP end; an
  // unasked I-frame is a latency spike on a constrained VBV.
  const std::string keyint =
      params.gop_length == 0 ? "infinite" : std::to_string(params.gop_length);
  options.set("x264-params", with_user_params("keyint=" + keyint +
                                                  ":scenecut=0:bframes=0:rc-lookahead=0"
                                                  ":sync-lookahead=0:repeat-headers=1:annexb=1",
                                              config.x264.params));
}

void configure_x265(const pfhost_encoder_params &params, const PluginConfig &config,
                    Dictionary &options) {
  // zerolatency: no lookahead, no B-frames, one frame thread (frame threads buffer frames).
  options.set("tune", "zerolatency");
  options.set("forced-idr", "1");
  // open-gop=0: x265 otherwise makes periodic keyframes CRA, which a joining decoder can start
  // at but which are not IDRs. keyint=-1 is x265's "one keyframe, then only on request".
  const std::string keyint = params.gop_length == 0 ? "-1" : std::to_string(params.gop_length);
  std::string x265 = "keyint=" + keyint +
                     ":scenecut=0:open-gop=0:bframes=0:frame-threads=1:repeat-headers=1:annexb=1"
                     ":log-level=warning";
  // x265 ignores AVCodecContext.thread_count; its worker pool size is the "pools" option.
  if (config.threads > 0) x265 += ":pools=" + std::to_string(config.threads);
  options.set("x265-params", with_user_params(x265, config.x265.params));
}

void configure_svtav1(const pfhost_encoder_params &params, const PluginConfig &config,
                      AVCodecContext &context, Dictionary &options) {
  // pred-struct=1: low-delay prediction (no frames from the future), which SVT-AV1 also requires
  // for CBR. irefresh-type=2: keyframes are real key frames, not open-GOP forward keyframes.
  // keyint=-1: no periodic keyframes (the wrapper maps a positive gop_size itself).
  std::string svt = "pred-struct=1:irefresh-type=2:scd=0";
  svt += params.rate_control == PFHOST_RATE_CONTROL_CBR ? ":rc=2" : ":rc=1";
  if (params.gop_length == 0) svt += ":keyint=-1";
  // SVT-AV1 1.4's max bitrate is a cap for CRF only and must exceed the target.
  context.rc_max_rate = 0;
  // Its VBV is a buffer length in milliseconds; the initial and optimal fill levels must lie
  // below it (or SVT warns and clamps them). Its low-delay rate control does not keep frames
  // within a one-frame buffer anyway (sizes swing 100x between temporal layers) and undershoots
  // the target by a third with one, so unless the host asks for a buffer, keep SVT's own 1 s.
  int64_t buffer_ms = 1000;
  if (params.vbv_frames != 0)
    buffer_ms = std::max<int64_t>(
        2, int64_t{context.rc_buffer_size} * 1000 / std::max<int64_t>(1, context.bit_rate));
  const int64_t fill_ms = params.vbv_frames != 0 ? buffer_ms - 1 : buffer_ms * 6 / 10;
  svt += ":buf-sz=" + std::to_string(buffer_ms) + ":buf-initial-sz=" + std::to_string(fill_ms) +
         ":buf-optimal-sz=" + std::to_string(fill_ms);
  // SVT-AV1 sizes its thread pool from "lp" (logical processors), not thread_count.
  if (config.threads > 0) svt += ":lp=" + std::to_string(config.threads);
  options.set("svtav1-params", with_user_params(svt, config.svtav1.params));
}

}  // namespace

void validate_params(const pfhost_encoder_params &params) {
  const CodecEntry *entry = find_codec(params.codec);
  if (entry == nullptr)
    throw Error(PFHOST_E_INVALID_ARGUMENT, "codec " + std::to_string(params.codec) +
                                               " is not one the software encoder offers "
                                               "(H.264, HEVC, AV1)");
  if (find_encoder(*entry) == nullptr)
    throw Error(PFHOST_E_UNSUPPORTED, std::string("libavcodec has no ") + entry->encoder_name +
                                          " encoder, so " + entry->label + " is not available");
  const std::string size = std::to_string(params.width) + "x" + std::to_string(params.height);
  if (params.width == 0 || params.height == 0 || params.width % 2 != 0 || params.height % 2 != 0)
    throw Error(PFHOST_E_INVALID_ARGUMENT,
                "size " + size + " is not usable: 4:2:0 needs a non-zero even width and height");
  if (params.width > kMaxDimension || params.height > kMaxDimension)
    throw Error(PFHOST_E_INVALID_ARGUMENT,
                "size " + size + " exceeds the " + std::to_string(kMaxDimension) + " pixel limit");
  if (params.framerate_num == 0 || params.framerate_den == 0)
    throw Error(PFHOST_E_INVALID_ARGUMENT, "frame rate " + std::to_string(params.framerate_num) +
                                               "/" + std::to_string(params.framerate_den) +
                                               " is not a frame rate");
  if (params.bit_depth != 0 && params.bit_depth != 8)
    throw Error(PFHOST_E_UNSUPPORTED, "bit depth " + std::to_string(params.bit_depth) +
                                          " is not supported: the software encoder is 8-bit only");
  if (params.chroma != PFHOST_CHROMA_420)
    throw Error(PFHOST_E_UNSUPPORTED, "only 4:2:0 chroma is supported");
  if (params.input_memory != PFHOST_MEMORY_CPU)
    throw Error(PFHOST_E_UNSUPPORTED, "input memory kind " + std::to_string(params.input_memory) +
                                          " is not supported: the software encoder takes CPU "
                                          "frames only");
  if (params.input_format >= 64 || (supported_input_formats() & (1ull << params.input_format)) == 0)
    throw Error(PFHOST_E_UNSUPPORTED, "input pixel format " + std::to_string(params.input_format) +
                                          " is not supported (BGRX, RGBX, BGRA, RGBA, RGB, BGR "
                                          "and NV12 are)");
  if (params.rate_control == PFHOST_RATE_CONTROL_CQP)
    throw Error(PFHOST_E_UNSUPPORTED,
                "constant-QP rate control is not supported (the parameters carry no QP); use CBR "
                "or VBR");
  if (params.rate_control != PFHOST_RATE_CONTROL_CBR &&
      params.rate_control != PFHOST_RATE_CONTROL_VBR)
    throw Error(PFHOST_E_INVALID_ARGUMENT,
                "rate control " + std::to_string(params.rate_control) + " is unknown");
  if (params.bitrate_kbps == 0)
    throw Error(PFHOST_E_INVALID_ARGUMENT, "bitrate_kbps must be non-zero for CBR and VBR");
}

std::string resolve_preset(const CodecEntry &entry, const pfhost_encoder_params &params,
                           const PluginConfig &config) {
  std::string requested = kDefaultPreset;
  if (params.preset != nullptr && params.preset[0] != '\0')
    requested = params.preset;
  else if (const std::optional<std::string> &own = config.encoder(entry.family).preset)
    requested = *own;
  else if (config.preset)
    requested = *config.preset;
  return entry.family == EncoderFamily::svtav1 ? svt_preset(requested)
                                               : x26x_preset(entry, requested);
}

void configure_encoder(const CodecEntry &entry, const pfhost_encoder_params &params,
                       const PluginConfig &config, AVCodecContext &context, Dictionary &options) {
  context.width = static_cast<int>(params.width);
  context.height = static_cast<int>(params.height);
  context.pix_fmt = AV_PIX_FMT_YUV420P;
  // One tick per nominal frame: the rate control of every wrapper reasons in frames.
  context.time_base =
      AVRational{static_cast<int>(params.framerate_den), static_cast<int>(params.framerate_num)};
  context.framerate =
      AVRational{static_cast<int>(params.framerate_num), static_cast<int>(params.framerate_den)};
  // What the pixel converter produces from sRGB screens; written into the VUI / sequence header
  // so decoders convert back with the same matrix.
  context.color_primaries = AVCOL_PRI_BT709;
  context.color_trc = AVCOL_TRC_BT709;
  context.colorspace = AVCOL_SPC_BT709;
  context.color_range = AVCOL_RANGE_MPEG;
  context.max_b_frames = 0;
  context.gop_size = params.gop_length == 0 ? -1 : static_cast<int>(params.gop_length);
  // No GLOBAL_HEADER: parameter sets travel in-band (Annex-B), never only in extradata.
  context.flags &= ~AV_CODEC_FLAG_GLOBAL_HEADER;
  context.thread_count = config.threads;
  apply_bitrate(context, params.bitrate_kbps, params.rate_control, params.vbv_frames);

  options.set("preset", resolve_preset(entry, params, config));
  switch (entry.family) {
    case EncoderFamily::x264:
      configure_x264(params, config, context, options);
      break;
    case EncoderFamily::x265:
      configure_x265(params, config, options);
      break;
    case EncoderFamily::svtav1:
      configure_svtav1(params, config, context, options);
      break;
  }
}

void apply_bitrate(AVCodecContext &context, uint32_t bitrate_kbps, uint32_t rate_control,
                   uint32_t vbv_frames) {
  const int64_t bits = int64_t{bitrate_kbps} * 1000;
  const bool cbr = rate_control == PFHOST_RATE_CONTROL_CBR;
  // CBR: the peak is the target, with about one frame of buffer, so no frame takes longer than a
  // frame time to send. VBR: 1.5x peaks and a second of buffer unless the host says otherwise.
  const int64_t peak = cbr ? bits : bits * 3 / 2;
  const int64_t frames =
      vbv_frames != 0 ? int64_t{vbv_frames}
      : cbr           ? 1
                      : (context.framerate.num + context.framerate.den - 1) / context.framerate.den;
  // Rounded up: x264 refuses a buffer below one frame's worth and would warn and resize it.
  const int64_t num = peak * frames * context.framerate.den;
  const int64_t buffer = (num + context.framerate.num - 1) / context.framerate.num;
  context.bit_rate = bits;
  context.rc_max_rate = peak;
  context.rc_buffer_size = static_cast<int>(buffer < INT_MAX ? buffer : INT_MAX);
}

}  // namespace pfhost::software
