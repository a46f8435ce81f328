// The one place that turns an output path or URL into a PacketSink, so callers do not depend on
// which writers this build has (libavformat is absent from a build without FFmpeg, e.g. the
// mingw-w64 one; a raw .h264/.hevc file needs no library and is always available).
#pragma once

#include <memory>
#include <string>

#include "output/output_options.hpp"
#include "output/packet_sink.hpp"

namespace pfhost::core {

// Creates the file or opens the connection now, so a bad path fails before a display and a
// capture are set up. Throws OutputError naming the path/URL and why (also: "needs FFmpeg").
std::unique_ptr<PacketSink> open_output(const std::string &url, const OutputOptions &options);

// Whether this build writes containers and network URLs (libavformat) or only raw streams.
bool outputs_have_ffmpeg() noexcept;

// What a user should know about this build's outputs, for listings: empty when every output is
// there; otherwise which ones are and why the rest are not.
std::string output_support_note();

}  // namespace pfhost::core
