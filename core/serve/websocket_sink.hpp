// The PacketSink of one browser: each encoded access unit becomes one binary WebSocket message
//
//   byte 0      flags (bit 0: keyframe)
//   bytes 1..8  presentation time in microseconds, little-endian
//   bytes 9..   the access unit, Annex-B with in-band parameter sets on keyframes
//
// decoded by the page with WebCodecs. A slow client does not grow a queue: once more than
// `max_backlog` messages wait, packets are dropped up to the next keyframe, which is asked for.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "output/packet_sink.hpp"
#include "serve/message_channel.hpp"

namespace pfhost::core::serve {

class WebSocketSink final : public PacketSink {
 public:
  WebSocketSink(std::shared_ptr<MessageChannel> channel, std::string label,
                std::function<void()> request_keyframe, size_t max_backlog = 8);
  ~WebSocketSink() override;  // closes the connection

  void start_stream(const StreamInfo &info) override;
  void write(const EncodedPacket &packet) override;
  void close() override;
  bool can_change_size() const override { return true; }  // the page reconfigures on SPS
  std::string describe() const override { return label_; }

 private:
  std::shared_ptr<MessageChannel> channel_;
  std::string label_;
  std::function<void()> request_keyframe_;
  size_t max_backlog_;
  bool waiting_for_keyframe_ = true;  // a decoder starts at a keyframe
  uint64_t dropped_ = 0;
};

}  // namespace pfhost::core::serve
