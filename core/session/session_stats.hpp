// A snapshot of a session's counters, and its one-line (progress) and multi-line (summary) text.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace pfhost::core {

struct SessionStats {
  std::chrono::nanoseconds elapsed{0};  // since run() started
  uint32_t width = 0;                   // what the encoder was opened with (0 before the first
  uint32_t height = 0;                  // frame)

  uint64_t frames_captured = 0;  // frames the capturer handed over
  uint64_t frames_encoded = 0;   // frames submitted to the encoder, fresh and repeated
  uint64_t frames_repeated = 0;  // of those, repeats of the last frame (no new frame in time)
  // Frames lost before encoding: gaps in the capturer's sequence numbers (dropped at the source)
  // plus frames replaced in the mailbox before the encoder took them.
  uint64_t frames_dropped = 0;
  uint64_t frames_dropped_source = 0;
  uint64_t frames_dropped_mailbox = 0;
  uint64_t ticks_missed = 0;  // output frame slots skipped because encoding ran late
  // Output slots left empty on purpose: nothing changed and the repeat policy sends the last frame
  // only once per idle interval (a variable frame rate).
  uint64_t slots_idle = 0;
  uint64_t encoder_opens = 0;

  uint64_t packets = 0;
  uint64_t bytes = 0;
  uint64_t keyframes = 0;

  // Capture-to-packet latency of fresh frames, whole session; 0 when there is no sample yet.
  uint64_t latency_samples = 0;
  double latency_p50_ms = 0;
  double latency_p99_ms = 0;
  double latency_max_ms = 0;
  // The encoder's own time per fresh frame (submit + receive, not the output's writing): what
  // the capture-to-packet latency is measured against.
  uint64_t encode_samples = 0;
  double encode_p50_ms = 0;
  double encode_p99_ms = 0;

  double fps = 0;           // packets per second over about the last second
  double bitrate_kbps = 0;  // over about the last second
  double average_fps = 0;   // over the whole session
  double average_bitrate_kbps = 0;
};

// "12.0s 640x480 60.0 fps 2450 kbps | frames 720 (repeat 650, drop 0) | latency p50 4.1 ms p99 ..."
std::string progress_line(const SessionStats &stats);
// Several lines, for the end of a session.
std::string summary_text(const SessionStats &stats);

}  // namespace pfhost::core
