// How a session's output is opened; shared by every PacketSink that writes to a path or URL.
#pragma once

#include <atomic>
#include <string>

namespace pfhost::core {

struct OutputOptions {
  // When it reads true, blocking network I/O (an SRT connect, a full socket) gives up with an
  // error instead of hanging, and so does everything after it, the trailer included. It abandons
  // the output: a stream that is merely stopping must not set it, or its file is cut short.
  const std::atomic<bool> *interrupt = nullptr;
  // A libavformat muxer name that overrides the one chosen from the path/URL (e.g. "mpegts").
  std::string format;
};

}  // namespace pfhost::core
