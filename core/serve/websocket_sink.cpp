#include "serve/websocket_sink.hpp"

#include <pfhost/encode.h>

#include "logging/log.hpp"
#include "output/output_format.hpp"

namespace pfhost::core::serve {

WebSocketSink::WebSocketSink(std::shared_ptr<MessageChannel> channel, std::string label,
                             std::function<void()> request_keyframe, size_t max_backlog)
    : channel_(std::move(channel)),
      label_(std::move(label)),
      request_keyframe_(std::move(request_keyframe)),
      max_backlog_(max_backlog) {}

WebSocketSink::~WebSocketSink() {
  close();
}

void WebSocketSink::start_stream(const StreamInfo &info) {
  if (info.codec != PFHOST_CODEC_H264) {
    throw OutputError(label_ + ": browsers get H.264 only");
  }
}

void WebSocketSink::write(const EncodedPacket &packet) {
  if (waiting_for_keyframe_ && !packet.keyframe) {
    ++dropped_;
    return;
  }
  if (channel_->backlog() > max_backlog_) {
    // The client cannot keep up: skip to the next keyframe instead of queueing more.
    if (!waiting_for_keyframe_) {
      log::debug(label_ + ": the client fell behind; skipping to the next keyframe");
      if (request_keyframe_) request_keyframe_();
    }
    waiting_for_keyframe_ = true;
    ++dropped_;
    return;
  }
  waiting_for_keyframe_ = false;
  std::vector<uint8_t> message(9 + packet.data.size());
  message[0] = packet.keyframe ? 1 : 0;
  const uint64_t pts_us = packet.pts_ns / 1000;
  for (int i = 0; i < 8; ++i) message[1 + i] = static_cast<uint8_t>(pts_us >> (8 * i));
  std::copy(packet.data.begin(), packet.data.end(), message.begin() + 9);
  if (!channel_->send(std::move(message))) throw ClientLeft("the WebSocket is closed");
}

void WebSocketSink::close() {
  if (dropped_ > 0) {
    log::debug(label_ + ": " + std::to_string(dropped_) +
               " packet(s) skipped for a slow start "
               "or a slow client");
    dropped_ = 0;
  }
  channel_->close();
}

}  // namespace pfhost::core::serve
