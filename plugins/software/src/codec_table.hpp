// The codecs this plugin can offer and the FFmpeg encoder behind each. Which of them exist is a
// run-time question (Debian's FFmpeg may be rebuilt without one), so nothing is assumed at build
// time: every lookup goes through avcodec_find_encoder_by_name.
#pragma once

#include <pfhost/encode.h>

#include <cstdint>
#include <span>

struct AVCodec;

namespace pfhost::software {

enum class EncoderFamily { x264, x265, svtav1 };

struct CodecEntry {
  pfhost_codec codec;
  EncoderFamily family;
  const char *encoder_name;  // libavcodec encoder name
  const char *config_table;  // prefix of the per-encoder config keys ("x264" -> "x264.preset")
  const char *label;         // for messages
  // FFmpeg's wrapper re-reads bit_rate/rc_max_rate/rc_buffer_size before every frame and
  // reconfigures the running encoder (libx264 only in FFmpeg 5.1).
  bool bitrate_change;
  // A frame sent with pict_type I becomes an IDR / key frame. SVT-AV1 1.4 honours forced key
  // frames only in random-access CRF/CQP mode, never in low-delay CBR, so for it the session
  // restarts the encoder instead (a new sequence starts with a key frame).
  bool forced_keyframes;
  // One packet out for every frame in, ready when submit() returns. SVT-AV1 1.4 holds two or
  // three frames in its pipeline even in low-delay mode (the packet arrives a few submits later).
  bool one_packet_per_frame;
  // SVT-AV1 1.4 hangs in deinit when it never got a frame, so closing an unused encoder feeds it
  // one black frame first.
  bool close_needs_a_frame;
};

std::span<const CodecEntry> codec_table() noexcept;

// The entry for a pfhost_codec value, or nullptr for one this plugin never offers.
const CodecEntry *find_codec(uint32_t codec) noexcept;

// The encoder, or nullptr when this libavcodec lacks it.
const AVCodec *find_encoder(const CodecEntry &entry) noexcept;

// Mask (1u << pfhost_codec) of the codecs whose encoder exists here.
uint32_t available_codecs() noexcept;

}  // namespace pfhost::software
