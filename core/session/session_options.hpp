// What a session is asked to do (rate, encoder settings, limits, progress reporting) and what it
// reports when it ends.
#pragma once

#include <pfhost/encode.h>

#include "session/frame_pacer.hpp"
#include "session/session_stats.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace pfhost::core {

// Encoder settings that do not depend on the frames; size, input format and memory kind come
// from the first captured frame.
struct EncoderSettings {
  uint32_t codec = PFHOST_CODEC_H264;  // pfhost_codec
  uint32_t bitrate_kbps = 8000;
  uint32_t rate_control = PFHOST_RATE_CONTROL_CBR;
  // Frames between keyframes; 0 = keyframes on request only. Unset = two seconds of frames, so a
  // player joining a network stream, or seeking in a file, finds a keyframe soon.
  std::optional<uint32_t> gop_length;
  uint32_t bit_depth = 8;
  uint32_t chroma = PFHOST_CHROMA_420;
  bool low_latency = true;
  std::string preset;  // encoder-specific; empty = the encoder's default
  uint32_t vbv_frames = 0;
};

// What the encode thread sends while the picture does not change (no fresh frame from the
// capturer). Compositors send frames only on damage, so this decides what a static screen costs.
struct RepeatPolicy {
  // true: the last frame again in every slot, a constant frame rate (what an editor expects, and
  // what an output without timestamps needs). false: the last frame again only once per
  // idle_interval (a variable frame rate: every timestamp still on the rate's grid).
  bool every_slot = true;
  std::chrono::nanoseconds idle_interval = std::chrono::seconds(1);
};

struct SessionOptions {
  Framerate rate;  // the output frame rate the encode thread paces at
  EncoderSettings encoder;
  // Constant unless asked otherwise; the pipeline applies host.toml's [stream] policy.
  RepeatPolicy repeats;
  // For measuring the pipeline's own ceiling: no pacing at all. Every fresh frame goes to the
  // encoder as soon as the previous one is done and takes the next slot; nothing is repeated.
  bool unpaced = false;
  // Stop after this much output (counted from the first frame, so the output holds
  // duration x rate frames when the encoder keeps up). Unset = until stopped.
  std::optional<std::chrono::nanoseconds> duration;
  // The session fails when the capturer delivers no frame at all within this time.
  std::chrono::milliseconds first_frame_timeout{5000};
  // Longest single wait in the capturer's next_frame(); bounds how quickly a stop is noticed.
  std::chrono::milliseconds capture_poll{100};
  // Called from run()'s thread about every progress_interval with a fresh snapshot.
  std::function<void(const SessionStats &)> on_progress;
  std::chrono::milliseconds progress_interval{1000};
};

struct SessionResult {
  bool ok = false;         // ended by a stop request or the duration limit
  std::string error;       // why it failed, empty when ok
  std::string end_reason;  // "stopped", "duration reached", "capture closed", "failed"
  SessionStats stats;      // final numbers
};

}  // namespace pfhost::core
