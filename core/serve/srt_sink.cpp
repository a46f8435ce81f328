#include "serve/srt_sink.hpp"

#include <srt/srt.h>

#include "logging/log.hpp"

namespace pfhost::core::serve {

SrtSink::SrtSink(int socket, std::string label) : socket_(socket), label_(std::move(label)) {
  MediaOutputOptions options;
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
}

void SrtSink::send(std::span<const uint8_t> bytes) {
  if (srt_sendmsg2(socket_, reinterpret_cast<const char *>(bytes.data()),
                   static_cast<int>(bytes.size()), nullptr) == SRT_ERROR) {
    throw OutputError("the SRT caller is gone (" + std::string(srt_getlasterror_str()) + ")");
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
