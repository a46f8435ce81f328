// Which libavformat muxer an output path or URL gets, decided from its scheme or extension.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace pfhost::core {

struct OutputFormat {
  std::string muxer;  // libavformat short name: "matroska", "mp4", "mpegts", "h264", "rtp"...
  bool network = false;
  // The container stores the picture size in a header written once (mkv, mp4): a size change
  // mid-stream cannot be represented.
  bool fixed_size = false;
  // A raw elementary-stream file holds exactly one codec (pfhost_codec); 0 = the muxer decides.
  uint32_t only_codec = 0;
  // An elementary stream without timestamps (.h264, .hevc, .obu): players assume a fixed rate.
  bool raw_stream = false;
};

// An output the host cannot write: unknown extension or scheme, unopenable path, muxer failure.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// srt:// and udp:// -> MPEG-TS, rtp:// -> RTP; files by extension: .mkv, .mp4, .ts, .h264/.264,
// .hevc/.h265/.265, .ivf, .obu. Throws OutputError naming what is supported.
OutputFormat output_format_for(std::string_view url);

}  // namespace pfhost::core
