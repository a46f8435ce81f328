// A fake encode backend behind a real pfhost_encode_vtable. Each submitted frame becomes one
// deterministic packet: [00 00 00 01, 0x65 (key) or 0x41, width/16, height/16, sequence low byte]
// padded to 200 bytes for keyframes and 50 for the others, with the frame's timestamp as pts.
// Like a real encoder it refuses a frame whose size, pixel format or memory kind differs from
// what it was opened for. Everything it saw is recorded for assertions.
#pragma once

#include <pfhost/encode.h>

#include "event_log.hpp"

#include <atomic>
#include <mutex>
#include <vector>

namespace pfhost::test {

struct SubmittedFrame {
  uint32_t width, height;
  uint64_t timestamp_ns;
  uint64_t sequence;
  uint32_t frame_flags;
  uint32_t submit_flags;
};

class FakeEncoderPlugin {
 public:
  explicit FakeEncoderPlugin(EventLog *log = nullptr) : log_(log) {}

  static const pfhost_encode_vtable *vtable();
  void *ctx() { return this; }
  EventLog *log() const { return log_; }

  std::vector<pfhost_encoder_params> opens() const {
    std::lock_guard lock(mutex);
    return opens_;
  }
  std::vector<SubmittedFrame> submitted() const {
    std::lock_guard lock(mutex);
    return submitted_;
  }
  // Every set_bitrate() value, in order.
  std::vector<uint32_t> bitrates() const {
    std::lock_guard lock(mutex);
    return bitrates_;
  }

  // Used by the vtable functions.
  mutable std::mutex mutex;
  std::vector<pfhost_encoder_params> opens_;
  std::vector<SubmittedFrame> submitted_;
  std::vector<uint32_t> bitrates_;
  std::atomic<int> closes{0};
  std::atomic<int> bitrate_changes{0};

 private:
  EventLog *log_;
};

}  // namespace pfhost::test
