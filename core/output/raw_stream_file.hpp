// A PacketSink that appends Annex-B packets to a raw elementary-stream file (.h264, .hevc). It
// needs no library, so every build has it, the ones without FFmpeg included. Like MediaOutput it
// starts at the first keyframe (nothing before it decodes) and keeps going across size changes
// (the parameter sets travel in-band with every keyframe).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "output/packet_sink.hpp"

namespace pfhost::core {

class RawStreamFile final : public PacketSink {
 public:
  // Creates (truncates) the file now. `codec` is the one codec the file may hold. Throws
  // OutputError naming the path and the OS reason.
  RawStreamFile(std::string path, uint32_t codec);
  ~RawStreamFile() override;  // close()s, logging instead of throwing
  RawStreamFile(const RawStreamFile &) = delete;
  RawStreamFile &operator=(const RawStreamFile &) = delete;

  void start_stream(const StreamInfo &info) override;
  void write(const EncodedPacket &packet) override;
  void close() override;
  bool can_change_size() const override { return true; }
  bool keeps_timestamps() const override { return false; }  // Annex-B has no timestamps
  std::string describe() const override { return path_; }

  uint64_t packets_written() const noexcept { return written_; }

 private:
  std::string path_;
  uint32_t codec_;
  std::FILE *file_ = nullptr;
  bool started_ = false;
  bool seen_keyframe_ = false;
  uint64_t written_ = 0;
};

}  // namespace pfhost::core
