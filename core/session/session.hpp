// A streaming session: a capture, an encoder and an output on their own threads, plus whatever
// keeps the display alive.
//
//   capture thread: next_frame(poll) -> FrameMailbox (latest frame only; never waits for encode)
//   encode thread:  a fresh frame as soon as it arrives (at most one per slot of the output
//                   rate), or a repeat of the last one when nothing new came by the next slot ->
//                   encoder -> packets -> output
//   run():          progress callbacks, stop/duration/error handling, orderly teardown
//
// Compositors send frames only on damage. With a constant frame rate (RepeatPolicy::every_slot)
// repeats hold the output rate on a static screen; with a variable one (host.toml's default) the
// last frame is repeated only once per idle interval, so a static screen costs almost nothing,
// and once more at the end so the output's duration is right. Repeats are submitted with
// PFHOST_FRAME_FLAG_UNCHANGED so an encoder can skip work (the software encoder does not convert
// them again).
//
// Timestamps: every submitted frame carries the time of its output slot (host monotonic clock, the
// same clock as capture timestamps) as timestamp_ns, so the output's pts sit on the rate's grid and
// strictly increase even for repeats; the capture timestamp of fresh frames is kept on the host
// side to measure capture-to-packet latency. A fresh frame is encoded on arrival, not at the next
// slot's time, so its latency is the encoder's own time, not up to a whole frame interval more.
//
// The encoder opens lazily with the first frame's size and pixel format. When the capturer's
// size or format changes mid-stream, the encoder is flushed and reopened at the new size (its
// first packet is a keyframe with new parameter sets) if the output can carry a size change
// (MPEG-TS, raw streams, network); for mkv/mp4, whose header fixes the size, the session ends
// with an error saying so rather than writing a file players would mis-decode.
//
// Teardown order: threads joined (encoder flushed and drained into the output), encoder closed,
// output closed (the file is complete), frames released, capture closed (a PipeWire stream stops
// here), and only then the keepalive dropped (the display may go away).
//
// Wiring it: core/pipeline (Pipeline::start) builds sessions from a StreamRequest: display lease,
// capture opened on the lease's target, encoder backend, output. Stopping is request_stop() from
// any thread (also a signal handler); the output is still finished.
#pragma once

#include "backends/capture_backend.hpp"
#include "backends/encode_backend.hpp"
#include "output/packet_sink.hpp"
#include "session/frame_mailbox.hpp"
#include "session/frame_pacer.hpp"
#include "session/keepalive.hpp"
#include "session/session_options.hpp"
#include "session/stats_collector.hpp"

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace pfhost::core {

class Session {
 public:
  // `capture` is already open (on the display the keepalive holds); `output` is already open
  // (so a bad path failed before anything else was set up). Throws std::invalid_argument on a
  // null capture/output or an invalid rate.
  Session(Keepalive keepalive, std::unique_ptr<LiveCapture> capture, EncodeBackend encoder,
          std::unique_ptr<PacketSink> output, SessionOptions options);
  // Tears down what run() did not (when run() was never called). Destroy only after run()
  // returned.
  ~Session();
  Session(const Session &) = delete;
  Session &operator=(const Session &) = delete;

  // Runs until a stop request, the duration limit, or a failure; blocks the calling thread, which
  // also runs the progress callback. Call once. Never throws for pipeline failures: they come
  // back in SessionResult.
  SessionResult run();

  // Asks run() to finish. Only stores to a lock-free atomic, so it is async-signal-safe: a
  // SIGINT handler may call it directly.
  void request_stop() noexcept;
  // The next frame is encoded as a keyframe (e.g. a client joined). Any thread.
  void request_keyframe() noexcept;
  // Changes the encoder's bitrate from the next frame on, where the encoder supports it. Any
  // thread.
  void set_bitrate(uint32_t kbps) noexcept;

  // A snapshot of the counters. Any thread, any time.
  SessionStats stats() const;

 private:
  struct PendingLatency {
    uint64_t pts_ns;
    uint64_t capture_ns;
  };

  void capture_loop();
  void encode_loop();
  void pace_and_encode(FrameRef current);
  // Slots from one encoded frame to the repeat that follows when nothing new arrives.
  uint64_t repeat_slots() const;
  std::optional<FrameRef> next_frame(FramePacer &pacer, uint64_t slot);
  // Repeats `current` at `last_slot` when slots after `encoded_slot` were left idle.
  void close_idle_gap(const FrameRef &current, uint64_t encoded_slot, uint64_t last_slot,
                      const FramePacer &pacer);
  // No failure recorded (a stop request, the duration, the capture closing).
  bool ended_cleanly();
  void open_encoder(const pfhost_frame &frame);
  void reopen_if_changed(const FrameRef &next);
  void encode_one(const FrameRef &frame, bool fresh, uint64_t pts_ns);
  // Hands every finished packet to the output; returns the time spent inside the encoder's
  // receive calls (not the output's writing).
  std::chrono::steady_clock::duration drain();
  void finish_encoder() noexcept;
  bool sleep_until(std::chrono::steady_clock::time_point deadline) const;
  // Records why the session ends (the first caller wins) and stops it.
  void end(const std::string &reason, const std::string &error);
  void teardown() noexcept;

  // Declared first so it is destroyed last, after the capture, even on the implicit path.
  Keepalive keepalive_;
  std::unique_ptr<LiveCapture> capture_;
  EncodeBackend encoder_backend_;
  std::unique_ptr<PacketSink> output_;
  SessionOptions options_;

  std::unique_ptr<LiveEncoder> encoder_;  // owned by the encode thread while it runs
  FrameMailbox mailbox_;
  StatsCollector stats_;
  std::deque<PendingLatency> pending_;  // encode thread only
  uint64_t repeat_slots_ = 1;           // encode thread only
  uint32_t early_streak_ = 0;  // frames in a row that came before their slot; encode thread
  // With idle repeats: a keyframe at least this often (0 = the encoder's own interval).
  uint64_t keyframe_every_ns_ = 0;
  uint64_t last_keyframe_pts_ns_ = 0;

  std::atomic<bool> stop_{false};
  std::atomic<bool> keyframe_requested_{false};
  std::atomic<uint32_t> bitrate_request_{0};
  static_assert(std::atomic<bool>::is_always_lock_free, "request_stop must be signal-safe");

  std::mutex end_mutex_;
  std::string end_reason_;
  std::string error_;
  bool ran_ = false;
  bool torn_down_ = false;
};

}  // namespace pfhost::core
