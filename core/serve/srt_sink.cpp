#include "serve/srt_sink.hpp"

#include <srt/srt.h>

#include "logging/log.hpp"

namespace pfhost::core::serve {

SrtSink::SrtSink(int socket, std::string label, std::chrono::milliseconds ack_timeout)
    : socket_(socket), label_(std::move(label)), ack_timeout_(ack_timeout) {
  // A reference on libsrt of its own: the sink may outlive the listener that accepted it.
  srt_startup();
  OutputOptions options;
  options.format = "mpegts";
  options.writer = [this](std::span<const uint8_t> bytes) { send(bytes); };
  options.write_chunk = 1316;
  output_ = std::make_unique<MediaOutput>(label_, std::move(options));
}

SrtSink::~SrtSink() {
  try {
    close();
  } catch (const std::exception &e) {
    // The caller is usually gone by now; that is how most SRT sessions end.
    log::debug(e.what());
  }
  output_.reset();
  srt_close(socket_);
  srt_cleanup();
}

void SrtSink::send(std::span<const uint8_t> bytes) {
  if (srt_sendmsg2(socket_, reinterpret_cast<const char *>(bytes.data()),
                   static_cast<int>(bytes.size()), nullptr) == SRT_ERROR) {
    throw ClientLeft("SRT: " + std::string(srt_getlasterror_str()));
  }
  check_acknowledged();
}

void SrtSink::check_acknowledged() {
  const auto now = std::chrono::steady_clock::now();
  if (now - last_check_ < std::chrono::milliseconds(100)) return;  // stats cost a lock in libsrt
  last_check_ = now;
  SRT_TRACEBSTATS stats{};
  if (srt_bstats(socket_, &stats, 0) == SRT_ERROR) return;  // the next send reports it
  if (stats.pktRecvACKTotal != acks_seen_) {
    acks_seen_ = stats.pktRecvACKTotal;
    last_ack_change_ = now;
    return;
  }
  if (now - last_ack_change_ > ack_timeout_) {
    throw ClientLeft("SRT: no acknowledgement for " + std::to_string(ack_timeout_.count()) + " ms");
  }
}

void SrtSink::start_stream(const StreamInfo &info) {
  output_->start_stream(info);
}

void SrtSink::write(const EncodedPacket &packet) {
  output_->write(packet);
}

void SrtSink::close() {
  output_->close();
}

}  // namespace pfhost::core::serve
