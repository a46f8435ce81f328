// The FFmpeg glue this plugin shares with the other FFmpeg-based encoders (plugins/common-ffmpeg),
// visible unqualified in the plugin's namespace.
#pragma once

#include <pfhost-ffmpeg/ffmpeg.hpp>
#include <pfhost-ffmpeg/frame_timeline.hpp>
#include <pfhost-ffmpeg/pixel_converter.hpp>

namespace pfhost::software {
using namespace pfhost::ffmpeg;
}  // namespace pfhost::software
