#include "output/output_format.hpp"

#include <pfhost/encode.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace pfhost::core {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

struct Extension {
  std::string_view ext;
  std::string_view muxer;
  bool fixed_size;
  uint32_t only_codec;
  bool raw_stream;
};

constexpr std::array kExtensions{
    Extension{".mkv", "matroska", true, 0, false},
    Extension{".mp4", "mp4", true, 0, false},
    Extension{".ts", "mpegts", false, 0, false},
    Extension{".h264", "h264", false, PFHOST_CODEC_H264, true},
    Extension{".264", "h264", false, PFHOST_CODEC_H264, true},
    Extension{".hevc", "hevc", false, PFHOST_CODEC_HEVC, true},
    Extension{".h265", "hevc", false, PFHOST_CODEC_HEVC, true},
    Extension{".265", "hevc", false, PFHOST_CODEC_HEVC, true},
    Extension{".ivf", "ivf", true, PFHOST_CODEC_AV1, false},
    Extension{".obu", "obu", false, PFHOST_CODEC_AV1, true},
};

}  // namespace

OutputFormat output_format_for(std::string_view url) {
  const std::string text = lower(url);
  if (const auto scheme_end = text.find("://"); scheme_end != std::string::npos) {
    const std::string scheme = text.substr(0, scheme_end);
    if (scheme == "srt" || scheme == "udp") return {"mpegts", true, false};
    if (scheme == "rtp") return {"rtp", true, false};
    if (scheme != "file") {
      throw OutputError("unsupported output URL scheme '" + scheme + "' in '" + std::string(url) +
                        "' (use srt://, udp://, rtp:// or a file path)");
    }
  }
  const std::string &path = text;
  for (const Extension &e : kExtensions) {
    if (path.size() > e.ext.size() && path.ends_with(e.ext)) {
      return {std::string(e.muxer), false, e.fixed_size, e.only_codec, e.raw_stream};
    }
  }
  throw OutputError("cannot tell the container of output '" + std::string(url) +
                    "' from its name (use .mkv, .mp4, .ts, .h264, .hevc, .ivf or .obu, or an "
                    "srt://, udp:// or rtp:// URL)");
}

}  // namespace pfhost::core
