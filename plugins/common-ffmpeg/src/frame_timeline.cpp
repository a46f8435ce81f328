#include <pfhost-ffmpeg/frame_timeline.hpp>

extern "C" {
#include <libavutil/mathematics.h>
}

namespace pfhost::ffmpeg {

namespace {
constexpr int64_t kNanosecondsPerSecond = 1'000'000'000;
}  // namespace

int64_t FrameTimeline::add(uint64_t timestamp_ns, uint64_t sequence) {
  if (!first_timestamp_ns_) first_timestamp_ns_ = timestamp_ns;
  int64_t pts = 0;
  if (timestamp_ns > *first_timestamp_ns_)
    pts = av_rescale_rnd(static_cast<int64_t>(timestamp_ns - *first_timestamp_ns_), framerate_num_,
                         int64_t{framerate_den_} * kNanosecondsPerSecond, AV_ROUND_NEAR_INF);
  if (pts <= last_pts_) pts = last_pts_ + 1;
  previous_pts_ = last_pts_;
  last_pts_ = pts;
  pending_.push_back({pts, timestamp_ns, sequence});
  return pts;
}

void FrameTimeline::undo_last() {
  if (pending_.empty()) return;
  pending_.pop_back();
  last_pts_ = previous_pts_;
}

void FrameTimeline::describe(const AVPacket &av_packet, pfhost_packet &packet) {
  while (!pending_.empty() && pending_.front().pts < av_packet.pts) pending_.pop_front();
  PendingFrame source{av_packet.pts, 0, 0};
  if (!pending_.empty() && pending_.front().pts == av_packet.pts) {
    source = pending_.front();
    pending_.pop_front();
  }
  packet.flags =
      (av_packet.flags & AV_PKT_FLAG_KEY) != 0 ? uint32_t{PFHOST_PACKET_FLAG_KEYFRAME} : 0u;
  packet.data = av_packet.data;
  packet.size = static_cast<size_t>(av_packet.size);
  packet.pts_ns = source.timestamp_ns;
  packet.frame_sequence = source.sequence;
}

}  // namespace pfhost::ffmpeg
