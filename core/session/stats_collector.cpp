#include "session/stats_collector.hpp"

#include <algorithm>
#include <cmath>

namespace pfhost::core {

namespace {
constexpr size_t kLatencyBuckets = 20'000;  // 2 s at 0.1 ms
constexpr auto kRateWindow = std::chrono::seconds(1);
}  // namespace

LatencyHistogram::LatencyHistogram() : buckets_(kLatencyBuckets + 1, 0) {}

void LatencyHistogram::add(std::chrono::nanoseconds latency) {
  const double ms = std::max(0.0, std::chrono::duration<double, std::milli>(latency).count());
  const auto index = std::min(static_cast<size_t>(ms / kBucketMs), kLatencyBuckets);
  ++buckets_[index];
  ++count_;
  max_ms_ = std::max(max_ms_, ms);
}

double LatencyHistogram::percentile_ms(double p) const {
  if (count_ == 0) return 0;
  const auto rank =
      std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(p * static_cast<double>(count_))));
  uint64_t seen = 0;
  for (size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen >= rank) {
      if (i == kLatencyBuckets) return max_ms_;  // overflow: the max is the honest answer
      // Never above the largest sample seen (the bucket's middle can be).
      return std::min((static_cast<double>(i) + 0.5) * kBucketMs, max_ms_);
    }
  }
  return max_ms_;
}

void StatsCollector::frame_captured(uint64_t source_gap, bool replaced) {
  captured_.fetch_add(1, std::memory_order_relaxed);
  if (source_gap != 0) dropped_source_.fetch_add(source_gap, std::memory_order_relaxed);
  if (replaced) dropped_mailbox_.fetch_add(1, std::memory_order_relaxed);
}

void StatsCollector::frame_encoded(bool repeat) {
  encoded_.fetch_add(1, std::memory_order_relaxed);
  if (repeat) repeated_.fetch_add(1, std::memory_order_relaxed);
}

void StatsCollector::ticks_missed(uint64_t count) {
  ticks_missed_.fetch_add(count, std::memory_order_relaxed);
}

void StatsCollector::slots_idle(uint64_t count) {
  slots_idle_.fetch_add(count, std::memory_order_relaxed);
}

void StatsCollector::encoder_opened(uint32_t width, uint32_t height) {
  encoder_opens_.fetch_add(1, std::memory_order_relaxed);
  width_.store(width, std::memory_order_relaxed);
  height_.store(height, std::memory_order_relaxed);
}

void StatsCollector::packet(size_t bytes, bool keyframe, Clock::time_point now) {
  packets_.fetch_add(1, std::memory_order_relaxed);
  bytes_.fetch_add(bytes, std::memory_order_relaxed);
  if (keyframe) keyframes_.fetch_add(1, std::memory_order_relaxed);
  std::lock_guard lock(mutex_);
  window_.push_back({now, bytes});
  while (!window_.empty() && now - window_.front().at > kRateWindow) window_.pop_front();
}

void StatsCollector::latency(std::chrono::nanoseconds value) {
  std::lock_guard lock(mutex_);
  latency_.add(value);
}

void StatsCollector::encode_time(std::chrono::nanoseconds value) {
  std::lock_guard lock(mutex_);
  encode_time_.add(value);
}

SessionStats StatsCollector::snapshot(Clock::time_point now) const {
  SessionStats s;
  const Clock::time_point start{Clock::duration(start_ns_.load(std::memory_order_relaxed))};
  s.elapsed = std::max(std::chrono::nanoseconds(0), now - start);
  s.width = width_.load(std::memory_order_relaxed);
  s.height = height_.load(std::memory_order_relaxed);
  s.frames_captured = captured_.load(std::memory_order_relaxed);
  s.frames_encoded = encoded_.load(std::memory_order_relaxed);
  s.frames_repeated = repeated_.load(std::memory_order_relaxed);
  s.frames_dropped_source = dropped_source_.load(std::memory_order_relaxed);
  s.frames_dropped_mailbox = dropped_mailbox_.load(std::memory_order_relaxed);
  s.frames_dropped = s.frames_dropped_source + s.frames_dropped_mailbox;
  s.ticks_missed = ticks_missed_.load(std::memory_order_relaxed);
  s.slots_idle = slots_idle_.load(std::memory_order_relaxed);
  s.encoder_opens = encoder_opens_.load(std::memory_order_relaxed);
  s.packets = packets_.load(std::memory_order_relaxed);
  s.bytes = bytes_.load(std::memory_order_relaxed);
  s.keyframes = keyframes_.load(std::memory_order_relaxed);

  const double elapsed_s = std::chrono::duration<double>(s.elapsed).count();
  if (elapsed_s > 0) {
    s.average_fps = static_cast<double>(s.packets) / elapsed_s;
    s.average_bitrate_kbps = static_cast<double>(s.bytes) * 8.0 / 1000.0 / elapsed_s;
  }

  std::lock_guard lock(mutex_);
  s.latency_samples = latency_.count();
  s.latency_p50_ms = latency_.percentile_ms(0.50);
  s.latency_p99_ms = latency_.percentile_ms(0.99);
  s.latency_max_ms = latency_.max_ms();
  s.encode_samples = encode_time_.count();
  s.encode_p50_ms = encode_time_.percentile_ms(0.50);
  s.encode_p99_ms = encode_time_.percentile_ms(0.99);
  // The window is trimmed on write; trim the view here too in case packets stopped coming.
  size_t packets = 0, bytes = 0;
  for (const Sent &sent : window_) {
    if (now - sent.at > kRateWindow) continue;
    ++packets;
    bytes += sent.bytes;
  }
  const double window_s = std::min(std::chrono::duration<double>(kRateWindow).count(), elapsed_s);
  if (window_s > 0) {
    s.fps = static_cast<double>(packets) / window_s;
    s.bitrate_kbps = static_cast<double>(bytes) * 8.0 / 1000.0 / window_s;
  }
  return s;
}

}  // namespace pfhost::core
