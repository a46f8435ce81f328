// The PacketSink of one SRT caller: MPEG-TS muxed by libavformat into memory and sent on the
// caller's socket in messages of at most 1316 bytes (7 TS packets, SRT's live payload size).
// It owns the socket. A write fails, ending the session, once the caller has left, when a send
// blocks too long, or when the caller has sent no ACK for `ack_timeout` while data was going out.
// That last check is the sink's own: a live SRT receiver acknowledges every 10 ms, but libsrt
// itself declares a silent peer dead only after at least 16 expiry periods of 300 ms (about 5 s,
// whatever SRTO_PEERIDLETIMEO says), and a vanished caller must end its session within 2 s.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "output/media_output.hpp"
#include "output/packet_sink.hpp"

namespace pfhost::core::serve {

class SrtSink final : public PacketSink {
 public:
  // `socket` is an accepted SRTSOCKET; `label` names the caller in messages ("srt alice@peer").
  SrtSink(int socket, std::string label,
          std::chrono::milliseconds ack_timeout = std::chrono::milliseconds(1000));
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
  void check_acknowledged();

  int socket_;
  std::string label_;
  std::chrono::milliseconds ack_timeout_;
  int64_t acks_seen_ = -1;
  std::chrono::steady_clock::time_point last_ack_change_;
  std::chrono::steady_clock::time_point last_check_;
  std::unique_ptr<MediaOutput> output_;
};

}  // namespace pfhost::core::serve
