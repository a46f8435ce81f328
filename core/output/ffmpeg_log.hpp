// FFmpeg's libraries log through one process-wide callback (av_log), shared by the host's
// outputs and every plugin that uses FFmpeg (the software encoder prints x264's banner and stats
// there). The host owns the process, so it routes those lines into its own log under the source
// "ffmpeg": errors and warnings stay visible, chatter goes to debug, and nothing bypasses
// log_level or interleaves raw text with the progress lines.
#pragma once

namespace pfhost::core {

// Installs the callback (idempotent, thread-safe). Call before any FFmpeg object is opened.
void route_ffmpeg_log_into_host_log();

}  // namespace pfhost::core
