// What a build without FFmpeg writes, for listings (kept apart from open_output so a listing
// links no writer).
#include "output/open_output.hpp"

namespace pfhost::core {

bool outputs_have_ffmpeg() noexcept {
  return false;
}

std::string output_support_note() {
  return "raw .h264/.hevc files only: this pfhost was built without FFmpeg, so it has no "
         ".mkv/.mp4/.ts files, no srt://, udp:// or rtp:// outputs and no software encoder";
}

}  // namespace pfhost::core
