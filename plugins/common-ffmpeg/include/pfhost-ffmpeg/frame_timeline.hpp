// The link between what the host submitted and the packets that come out: pts in frame ticks
// derived from the capture clock (so a source that skips frames keeps real time), and, for each
// packet, the timestamp and sequence of the frame it encodes. Shared by every FFmpeg encoder
// plugin, whose packets come out in submission order (no B-frames).
#pragma once

#include <pfhost/encode.h>

#include <cstdint>
#include <deque>
#include <optional>

#include <pfhost-ffmpeg/ffmpeg.hpp>

namespace pfhost::ffmpeg {

class FrameTimeline {
 public:
  FrameTimeline(uint32_t framerate_num, uint32_t framerate_den)
      : framerate_num_(framerate_num), framerate_den_(framerate_den) {}

  // The pts for a frame captured at `timestamp_ns`: strictly increasing, because encoders reject
  // repeated or backward pts (a host that leaves timestamps at zero gets one tick per frame).
  // The frame is remembered until its packet comes out.
  int64_t add(uint64_t timestamp_ns, uint64_t sequence);
  // Forgets the frame add() just registered (the encoder refused it).
  void undo_last();
  // Fills the host's packet from an FFmpeg packet: data, size, keyframe flag, and the timestamp
  // and sequence of the frame with the packet's pts (frames the encoder dropped are skipped).
  void describe(const AVPacket &av_packet, pfhost_packet &packet);

 private:
  struct PendingFrame {
    int64_t pts;
    uint64_t timestamp_ns;
    uint64_t sequence;
  };

  uint32_t framerate_num_;
  uint32_t framerate_den_;
  std::deque<PendingFrame> pending_;
  std::optional<uint64_t> first_timestamp_ns_;
  int64_t last_pts_ = -1;
  int64_t previous_pts_ = -1;
};

}  // namespace pfhost::ffmpeg
