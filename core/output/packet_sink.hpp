// Where a session's packets go. MediaOutput (files and network URLs through libavformat) is the
// one the CLI uses; the interface keeps the session testable and open to other transports.
#pragma once

#include <pfhost/encode.h>

#include "backends/encoded_packet.hpp"
#include "backends/framerate.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>

namespace pfhost::core {

// The video stream a sink is about to receive.
struct StreamInfo {
  uint32_t codec = PFHOST_CODEC_H264;  // pfhost_codec
  uint32_t width = 0;
  uint32_t height = 0;
  Framerate rate;
};

// Thrown by a sink whose network client has left (closed the connection, stopped answering): the
// session ends with the reason "client left", which is how served sessions normally end, not as
// a failure.
class ClientLeft : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// All calls come from one session thread at a time.
class PacketSink {
 public:
  virtual ~PacketSink() = default;

  // Called before the first packet, and again when the picture size changes mid-stream (only
  // if can_change_size()). Throws on a stream the sink cannot carry.
  virtual void start_stream(const StreamInfo &info) = 0;
  // Writes one packet; the bytes are borrowed for the call. Throws on a failed write.
  virtual void write(const EncodedPacket &packet) = 0;
  // Finishes the output (trailer, flush). Idempotent. Throws on a failed finish.
  virtual void close() = 0;
  // Whether a new picture size can follow in the same output (in-band parameter sets, as in
  // MPEG-TS or a raw stream) rather than being fixed by a header written at the start.
  virtual bool can_change_size() const = 0;
  // Whether each packet's timestamp reaches the player (containers, MPEG-TS, RTP), so frames may
  // come at a variable rate; a raw elementary stream plays at a fixed rate and needs every slot.
  virtual bool keeps_timestamps() const { return true; }
  // The path or URL, for messages.
  virtual std::string describe() const = 0;
};

}  // namespace pfhost::core
