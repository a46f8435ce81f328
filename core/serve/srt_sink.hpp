// The PacketSink of one SRT caller: MPEG-TS muxed by libavformat into memory and sent on the
// caller's socket in messages of at most 1316 bytes (7 TS packets, SRT's live payload size).
// It owns the socket. A write fails, ending the session, once the caller has left or has stopped
// acknowledging (the listener sets a short peer-idle timeout), or when a send blocks too long.
#pragma once

#include <memory>
#include <string>

#include "output/media_output.hpp"
#include "output/packet_sink.hpp"

namespace pfhost::core::serve {

class SrtSink final : public PacketSink {
 public:
  // `socket` is an accepted SRTSOCKET; `label` names the caller in messages ("srt alice@peer").
  SrtSink(int socket, std::string label);
  ~SrtSink() override;  // finishes the stream and closes the socket
  SrtSink(const SrtSink &) = delete;
  SrtSink &operator=(const SrtSink &) = delete;

  void start_stream(const StreamInfo &info) override;
  void write(const EncodedPacket &packet) override;
  void close() override;
  bool can_change_size() const override { return true; }  // parameter sets are in-band
  std::string describe() const override { return label_; }

 private:
  void send(std::span<const uint8_t> bytes);

  int socket_;
  std::string label_;
  std::unique_ptr<MediaOutput> output_;
};

}  // namespace pfhost::core::serve
