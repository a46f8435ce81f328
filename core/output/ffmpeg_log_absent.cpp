// A build without FFmpeg has no FFmpeg log to route.
#include "output/ffmpeg_log.hpp"

namespace pfhost::core {

void route_ffmpeg_log_into_host_log() {}

}  // namespace pfhost::core
