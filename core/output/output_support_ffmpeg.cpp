// What a build with FFmpeg writes, for listings. Kept apart from open_output so that `pfhost
// --list-backends` can say it without linking libavformat (the muxers live in the streaming
// module, app/streaming_module.hpp).
#include "output/open_output.hpp"

namespace pfhost::core {

bool outputs_have_ffmpeg() noexcept {
  return true;
}

std::string output_support_note() {
  return {};
}

}  // namespace pfhost::core
