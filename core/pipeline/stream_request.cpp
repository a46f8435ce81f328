#include "pipeline/stream_request.hpp"

#include <pfhost/encode.h>

#include <regex>

#include "loader/abi_names.hpp"
#include "output/output_format.hpp"

namespace pfhost::core {
namespace {

constexpr uint32_t kMaxSide = 16384;  // beyond every encoder's limit; catches typos early
constexpr uint32_t kMinRateMilliHz = 1000;
constexpr uint32_t kMaxRateMilliHz = 480000;

void check_mode(const pfhost_mode &mode, const std::string &what) {
  if (mode.width < 16 || mode.height < 16 || mode.width > kMaxSide || mode.height > kMaxSide ||
      mode.width % 2 != 0 || mode.height % 2 != 0 || mode.refresh_millihz < kMinRateMilliHz ||
      mode.refresh_millihz > kMaxRateMilliHz) {
    throw RequestError(what + ": width and height must be even (16.." + std::to_string(kMaxSide) +
                       ") and the rate 1..480 Hz");
  }
}

}  // namespace

pfhost_mode parse_mode(const std::string &text, const std::string &field) {
  static const std::regex kMode(R"(^(\d{2,5})x(\d{2,5})(?:@(\d{1,3}(?:\.\d{1,3})?))?$)");
  std::smatch m;
  if (!std::regex_match(text, m, kMode)) {
    throw RequestError(field + " '" + text + "': expected WxH@Hz, e.g. 1920x1080@60");
  }
  pfhost_mode mode{};
  mode.width = static_cast<uint32_t>(std::stoul(m[1]));
  mode.height = static_cast<uint32_t>(std::stoul(m[2]));
  const double hz = m[3].matched ? std::stod(m[3]) : 60.0;
  mode.refresh_millihz = static_cast<uint32_t>(hz * 1000.0 + 0.5);
  check_mode(mode, field + " '" + text + "'");
  return mode;
}

uint32_t parse_codec(const std::string &name, const std::string &field) {
  for (uint32_t codec : {PFHOST_CODEC_H264, PFHOST_CODEC_HEVC, PFHOST_CODEC_AV1}) {
    if (name == abi_names::codec(codec)) return codec;
  }
  throw RequestError(field + " '" + name + "': expected h264, hevc or av1");
}

void check_request_fields(const StreamRequest &request, bool needs_output) {
  check_mode(request.mode, "mode " + std::to_string(request.mode.width) + "x" +
                               std::to_string(request.mode.height));
  parse_codec(abi_names::codec(request.codec), "codec");
  if (request.bitrate_kbps == 0) throw RequestError("bitrate: must be at least 1 kbit/s");
  if (needs_output) {
    try {
      const OutputFormat format = output_format_for(request.output);
      if (format.only_codec != 0 && format.only_codec != request.codec) {
        throw RequestError("--output '" + request.output + "' holds only " +
                           abi_names::codec(format.only_codec) + ", but --codec is " +
                           abi_names::codec(request.codec));
      }
    } catch (const OutputError &e) {
      throw RequestError(e.what());
    }
  }
}

}  // namespace pfhost::core
