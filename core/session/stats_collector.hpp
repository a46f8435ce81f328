// Where the session threads count what happens. Counters are relaxed atomics (written by one
// thread each, read by stats() from any thread); the latency histogram and the one-second rate
// window sit behind a mutex that is only held for a few instructions.
#pragma once

#include "session/session_stats.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

namespace pfhost::core {

// Latency percentiles with 0.1 ms resolution up to 2 s (beyond that, one overflow bucket), so a
// whole session's p50/p99 cost a fixed 80 KB instead of a growing sample list.
class LatencyHistogram {
 public:
  LatencyHistogram();
  void add(std::chrono::nanoseconds latency);
  uint64_t count() const noexcept { return count_; }
  // The p-th percentile (0 < p <= 1) in milliseconds: the middle of the bucket holding it.
  double percentile_ms(double p) const;
  double max_ms() const noexcept { return max_ms_; }

 private:
  static constexpr double kBucketMs = 0.1;
  std::vector<uint32_t> buckets_;  // last one = overflow
  uint64_t count_ = 0;
  double max_ms_ = 0;
};

class StatsCollector {
 public:
  using Clock = std::chrono::steady_clock;

  explicit StatsCollector(Clock::time_point start) { restart(start); }
  // Moves time zero (the session's run() start); counters are untouched.
  void restart(Clock::time_point start) noexcept {
    start_ns_.store(start.time_since_epoch().count(), std::memory_order_relaxed);
  }

  // Capture thread: one frame arrived; `source_gap` frames were skipped in its sequence, and
  // `replaced` says whether it displaced an untaken frame in the mailbox.
  void frame_captured(uint64_t source_gap, bool replaced);
  // Encode thread.
  void frame_encoded(bool repeat);
  void ticks_missed(uint64_t count);
  void slots_idle(uint64_t count);
  void encoder_opened(uint32_t width, uint32_t height);
  void packet(size_t bytes, bool keyframe, Clock::time_point now);
  void latency(std::chrono::nanoseconds value);
  void encode_time(std::chrono::nanoseconds value);

  SessionStats snapshot(Clock::time_point now) const;

 private:
  std::atomic<Clock::rep> start_ns_{0};
  std::atomic<uint64_t> captured_{0}, encoded_{0}, repeated_{0}, dropped_source_{0},
      dropped_mailbox_{0}, ticks_missed_{0}, slots_idle_{0}, encoder_opens_{0}, packets_{0},
      bytes_{0}, keyframes_{0};
  std::atomic<uint32_t> width_{0}, height_{0};

  struct Sent {
    Clock::time_point at;
    size_t bytes;
  };
  mutable std::mutex mutex_;
  LatencyHistogram latency_;
  LatencyHistogram encode_time_;
  std::deque<Sent> window_;  // packets of about the last second, for fps and bitrate
};

}  // namespace pfhost::core
