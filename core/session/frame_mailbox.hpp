// The hand-over between the capture thread and the encode thread: a one-slot "latest frame"
// mailbox. put() never waits for the consumer (a newer frame replaces an untaken one, which is
// released outside the lock), so a slow encoder can never stall the capturer.
#pragma once

#include "backends/frame_ref.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>

namespace pfhost::core {

class FrameMailbox {
 public:
  // Stores `frame`; returns true when it replaced a frame nobody took (a drop).
  bool put(FrameRef frame);
  // The newest frame, if one arrived since the last take. Never blocks.
  std::optional<FrameRef> take();
  // Waits until a frame is there or `timeout` passed; returns whether one is there.
  bool wait_for(std::chrono::nanoseconds timeout);
  // Releases a frame still in the box.
  void clear();

 private:
  std::mutex mutex_;
  std::condition_variable arrived_;
  FrameRef slot_;
};

}  // namespace pfhost::core
