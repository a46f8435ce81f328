// open_output in a build without FFmpeg: raw elementary-stream files only.
#include "output/open_output.hpp"
#include "output/output_format.hpp"
#include "output/raw_stream_file.hpp"

namespace pfhost::core {

std::unique_ptr<PacketSink> open_output(const std::string &url, const OutputOptions &options) {
  const OutputFormat format = output_format_for(url);  // throws for names nobody can write
  const bool raw = !format.network && (format.muxer == "h264" || format.muxer == "hevc");
  if (!raw || !options.format.empty() || options.writer) {
    throw OutputError("output '" + url + "' needs FFmpeg (libavformat), and this pfhost was " +
                      "built without it; write a raw .h264 or .hevc file instead, or use a " +
                      "build with FFmpeg");
  }
  return std::make_unique<RawStreamFile>(url, format.only_codec);
}

}  // namespace pfhost::core
