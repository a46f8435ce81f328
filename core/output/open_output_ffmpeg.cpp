// open_output in a build with FFmpeg: libavformat writes every kind of output, raw streams too
// (the same path the containers take, so a .h264 file and a .ts carry identical packets).
#include "output/media_output.hpp"
#include "output/open_output.hpp"

namespace pfhost::core {

std::unique_ptr<PacketSink> open_output(const std::string &url, const OutputOptions &options) {
  return std::make_unique<MediaOutput>(url, options);
}

}  // namespace pfhost::core
