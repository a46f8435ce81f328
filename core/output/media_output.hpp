// A PacketSink writing through libavformat: a file (.mkv, .mp4, .ts, .h264, .hevc, .ivf, .obu)
// or a network URL (srt:// and udp:// carry MPEG-TS, rtp:// carries RTP with an SDP in the log),
// or a function that takes the muxed bytes (OutputOptions::writer).
//
// Packets are Annex-B with in-band parameter sets and pts in host-clock nanoseconds; the first
// written packet becomes time zero. Nothing is muxed before the first keyframe: its parameter
// sets become the container's extradata (mp4/mkv need them in their header), then the header is
// written. MP4 is fragmented so a file cut short by Ctrl-C or a crash still plays; close()
// writes the trailer (index, duration).
#pragma once

#include "output/output_format.hpp"
#include "output/output_options.hpp"
#include "output/packet_sink.hpp"

#include <memory>
#include <span>
#include <string>

namespace pfhost::core {

class MediaOutput final : public PacketSink {
 public:
  // Creates the file or opens the connection now, so a bad path fails before a display and a
  // capture are set up. Throws OutputError naming the path/URL and the OS/FFmpeg reason.
  explicit MediaOutput(std::string url, OutputOptions options = {});
  ~MediaOutput() override;  // close()s, logging instead of throwing
  MediaOutput(const MediaOutput &) = delete;
  MediaOutput &operator=(const MediaOutput &) = delete;

  void start_stream(const StreamInfo &info) override;
  void write(const EncodedPacket &packet) override;
  void close() override;
  bool can_change_size() const override;
  bool keeps_timestamps() const override;
  std::string describe() const override;

  const OutputFormat &format() const noexcept;
  // The RTP session description a player opens (ffplay -protocol_whitelist file,udp,rtp x.sdp);
  // empty for other outputs and until the first keyframe was written.
  const std::string &sdp() const noexcept;
  uint64_t packets_written() const noexcept;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace pfhost::core
