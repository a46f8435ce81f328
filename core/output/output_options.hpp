// How a session's output is opened; shared by every PacketSink that writes to a path or URL.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>

namespace pfhost::core {

struct OutputOptions {
  // When it reads true, blocking network I/O (an SRT connect, a full socket) gives up with an
  // error instead of hanging, and so does everything after it, the trailer included. It abandons
  // the output: a stream that is merely stopping must not set it, or its file is cut short.
  const std::atomic<bool> *interrupt = nullptr;
  // A libavformat muxer name that overrides the one chosen from the path/URL (e.g. "mpegts").
  std::string format;
  // When set, the muxed bytes go to this function instead of a file or URL (the url is then only
  // a label for messages, and `format` must be set): a per-client network sink muxes into
  // memory and sends the bytes itself. Each call carries at most `write_chunk` bytes; what it
  // throws comes out, unchanged, of the write (or close) that caused it. Needs FFmpeg.
  std::function<void(std::span<const uint8_t>)> writer;
  size_t write_chunk = 1316;  // 7 MPEG-TS packets: one SRT message or UDP datagram
};

}  // namespace pfhost::core
