#include "session/session.hpp"

#include <pfhost/plugin.hpp>

#include "backends/backend_error.hpp"
#include "logging/log.hpp"
#include "session/frame_pacer.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <thread>
#include <utility>

namespace pfhost::core {

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// How often waiting threads look at the stop flag. A signal handler can only store an atomic (it
// cannot notify a condition variable), so waits are sliced this finely.
constexpr auto kStopPoll = 10ms;
// How far one frame may pull the output grid in: 1 / this of a frame interval (see next_frame).
constexpr int kMaxGridPull = 100;
// How many frames in a row must come before their slot before the grid follows the source.
constexpr uint32_t kDriftStreak = 8;
// The encoder is low latency; more frames than this in flight means it does not echo pts.
constexpr size_t kMaxPendingLatency = 256;

// steady_clock is CLOCK_MONOTONIC on Linux, the clock of pfhost_host_api.now_ns and of frame
// timestamps.
uint64_t to_ns(Clock::time_point t) {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count());
}

std::string size_text(uint32_t w, uint32_t h) {
  return std::to_string(w) + "x" + std::to_string(h);
}

std::string seconds_text(std::chrono::milliseconds d) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(d.count()) / 1000.0);
  return text;
}

// Ends the session from inside the encode path with a ready-made message.
struct SessionEnd : std::runtime_error {
  SessionEnd(std::string reason_text, const std::string &message)
      : std::runtime_error(message), reason(std::move(reason_text)) {}
  std::string reason;
};

}  // namespace

Session::Session(Keepalive keepalive, std::unique_ptr<LiveCapture> capture, EncodeBackend encoder,
                 std::unique_ptr<PacketSink> output, SessionOptions options)
    : keepalive_(std::move(keepalive)),
      capture_(std::move(capture)),
      encoder_backend_(std::move(encoder)),
      output_(std::move(output)),
      options_(std::move(options)),
      stats_(Clock::now()) {
  if (!capture_) throw std::invalid_argument("session: no capture");
  if (!output_) throw std::invalid_argument("session: no output");
  if (!options_.rate.valid()) throw std::invalid_argument("session: frame rate must be positive");
  if (options_.capture_poll <= 0ms) options_.capture_poll = 100ms;
}

Session::~Session() {
  teardown();
}

void Session::request_stop() noexcept {
  stop_.store(true, std::memory_order_relaxed);
}

void Session::request_keyframe() noexcept {
  keyframe_requested_.store(true, std::memory_order_relaxed);
}

void Session::set_bitrate(uint32_t kbps) noexcept {
  bitrate_request_.store(kbps, std::memory_order_relaxed);
}

SessionStats Session::stats() const {
  return stats_.snapshot(Clock::now());
}

void Session::end(const std::string &reason, const std::string &error) {
  {
    std::lock_guard lock(end_mutex_);
    if (end_reason_.empty()) {
      end_reason_ = reason;
      error_ = error;
    }
  }
  request_stop();
}

bool Session::sleep_until(Clock::time_point deadline) const {
  while (!stop_.load(std::memory_order_relaxed)) {
    const auto now = Clock::now();
    if (now >= deadline) return true;
    std::this_thread::sleep_for(std::min<Clock::duration>(deadline - now, kStopPoll));
  }
  return false;
}

SessionResult Session::run() {
  if (ran_) throw std::logic_error("Session::run() called twice");
  ran_ = true;
  const auto start = Clock::now();
  stats_.restart(start);
  log::info("session: capture '" + capture_->backend_name() + "' -> encode '" +
            encoder_backend_.name() + "' (" + codec_name(options_.encoder.codec) + ") -> '" +
            output_->describe() + "' at " + std::to_string(options_.rate.fps()) + " fps");

  std::thread capture_thread([this] { capture_loop(); });
  std::thread encode_thread([this] { encode_loop(); });

  auto next_progress = start + options_.progress_interval;
  while (!stop_.load(std::memory_order_relaxed)) {
    std::this_thread::sleep_for(kStopPoll);
    if (options_.on_progress && Clock::now() >= next_progress) {
      next_progress += options_.progress_interval;
      try {
        options_.on_progress(stats());
      } catch (const std::exception &e) {
        log::warn(std::string("session: progress callback threw: ") + e.what());
      }
    }
  }
  capture_thread.join();
  encode_thread.join();  // it flushed the encoder into the output before returning
  teardown();

  SessionResult result;
  {
    std::lock_guard lock(end_mutex_);
    result.end_reason = end_reason_.empty() ? "stopped" : end_reason_;
    result.error = error_;
  }
  result.ok = result.error.empty();
  result.stats = stats();
  if (result.ok) {
    log::info("session ended: " + result.end_reason);
  } else {
    log::error("session failed: " + result.error);
  }
  return result;
}

void Session::teardown() noexcept {
  if (torn_down_) return;
  torn_down_ = true;
  encoder_.reset();
  try {
    output_->close();
  } catch (const ClientLeft &) {
    // Finishing the stream for a client that has gone: nothing to finish.
  } catch (const std::exception &e) {
    end("failed", e.what());
  }
  mailbox_.clear();
  capture_.reset();      // joins the capturer's threads (PipeWire stops here)
  keepalive_.release();  // last: the display may only go once nothing reads from it
}

// ---- capture thread -------------------------------------------------------------------------

void Session::capture_loop() {
  try {
    const auto first_deadline = Clock::now() + options_.first_frame_timeout;
    bool have_frame = false;
    bool have_sequence = false;
    uint64_t last_sequence = 0;
    std::string last_reason;
    while (!stop_.load(std::memory_order_relaxed)) {
      auto timeout = options_.capture_poll;
      if (!have_frame) {
        const auto left = first_deadline - Clock::now();
        if (left <= 0ns) {
          end("failed", "no frame from capture '" + capture_->backend_name() + "' within " +
                            seconds_text(options_.first_frame_timeout) + ": " +
                            (last_reason.empty() ? "the capturer gave no reason" : last_reason));
          return;
        }
        timeout = std::min(timeout, std::chrono::ceil<std::chrono::milliseconds>(left));
      }
      CaptureResult got = capture_->next_frame(timeout);
      switch (got.status) {
        case PFHOST_OK: {
          const uint64_t sequence = got.frame.sequence();
          const uint64_t gap =
              have_sequence && sequence > last_sequence + 1 ? sequence - last_sequence - 1 : 0;
          have_sequence = true;
          last_sequence = sequence;
          have_frame = true;
          const bool replaced = mailbox_.put(std::move(got.frame));
          stats_.frame_captured(gap, replaced);
          break;
        }
        case PFHOST_E_TIMEOUT:
        case PFHOST_E_AGAIN:
          // Normal on a static screen; the reason explains a first-frame timeout.
          if (!got.reason.empty()) last_reason = got.reason;
          break;
        case PFHOST_E_CLOSED:
          end("capture closed",
              "capture '" + capture_->backend_name() + "' closed: " +
                  (got.reason.empty() ? std::string("the source went away") : got.reason));
          return;
        default:
          end("failed",
              BackendError(got.status, "capture '" + capture_->backend_name() + "': next_frame",
                           got.reason)
                  .what());
          return;
      }
    }
  } catch (const std::exception &e) {
    end("failed", e.what());
  }
}

// ---- encode thread --------------------------------------------------------------------------

void Session::encode_loop() {
  try {
    std::optional<FrameRef> first;
    while (!first && !stop_.load(std::memory_order_relaxed)) {
      if (mailbox_.wait_for(kStopPoll)) first = mailbox_.take();
    }
    if (first) pace_and_encode(std::move(*first));
  } catch (const SessionEnd &e) {
    end(e.reason, e.what());
  } catch (const ClientLeft &e) {
    end(std::string("client left (") + e.what() + ")", {});
  } catch (const std::exception &e) {
    end("failed", e.what());
  }
  finish_encoder();
}

uint64_t Session::repeat_slots() const {
  // A stream without timestamps (a raw .h264 file) plays at a fixed rate: every slot needs a frame.
  if (options_.repeats.every_slot || !output_->keeps_timestamps()) return 1;
  const auto slots = static_cast<uint64_t>(std::ceil(
      std::chrono::duration<double>(options_.repeats.idle_interval).count() * options_.rate.fps()));
  return std::max<uint64_t>(1, slots);
}

void Session::pace_and_encode(FrameRef current) {
  open_encoder(current.header());
  FramePacer pacer(options_.rate, Clock::now());
  repeat_slots_ = repeat_slots();
  if (repeat_slots_ > 1) {
    // The encoder counts its keyframe interval in frames, and a static screen now sends few:
    // keyframes come by time instead, so a player joining or seeking still finds one soon.
    const uint32_t gop = encoder_->params().gop_length;
    if (gop != 0) keyframe_every_ns_ = static_cast<uint64_t>(pacer.offset(gop).count());
  }
  const auto past_duration = [&](uint64_t slot) {
    return options_.duration && pacer.offset(slot) >= *options_.duration;
  };
  uint64_t slot = 0;  // the slot `current` goes into; its time is the frame's output timestamp
  bool fresh = true;
  for (;;) {
    encode_one(current, fresh, to_ns(pacer.at(slot)));
    // Checked before taking the next frame, so no taken frame goes unencoded (and uncounted).
    if (past_duration(slot + 1)) {
      end("duration reached", {});
      return;
    }
    std::optional<FrameRef> next = next_frame(pacer, slot);
    if (stop_.load(std::memory_order_relaxed)) {
      if (!options_.unpaced && ended_cleanly())
        close_idle_gap(current, slot, pacer.slot_at_or_before(Clock::now()), pacer);
      return;
    }
    const auto now = Clock::now();
    // A fresh frame takes the slot its arrival falls in; a repeat the slot whose time has come.
    // Never an earlier slot than the next one, so timestamps strictly increase.
    const uint64_t taken =
        options_.unpaced
            ? slot + 1
            : std::max(slot + 1, next ? pacer.slot_at_or_after(now) : pacer.slot_at_or_before(now));
    if (past_duration(taken)) {
      // The last slot inside the duration, so the output lasts the whole duration.
      uint64_t last = taken - 1;
      while (last > slot && past_duration(last)) --last;
      close_idle_gap(current, slot, last, pacer);
      end("duration reached", {});
      return;
    }
    // Slots after the repeat deadline went unserved because encoding ran late; earlier ones were
    // left empty on purpose (nothing changed).
    const uint64_t due = slot + repeat_slots_;
    if (taken > due) stats_.ticks_missed(taken - due);
    if (taken > slot + 1) stats_.slots_idle(std::min(taken, due) - slot - 1);
    slot = taken;
    if (next) {
      reopen_if_changed(*next);
      current = std::move(*next);  // releases the previous frame
      fresh = true;
    } else {
      fresh = false;  // nothing new (no damage): repeat the last frame
    }
  }
}

void Session::close_idle_gap(const FrameRef &current, uint64_t encoded_slot, uint64_t last_slot,
                             const FramePacer &pacer) {
  // With repeats only once per idle interval, the stream would end at the last frame sent, short
  // of the time it really covered: one more repeat at the end makes the duration right.
  if (last_slot <= encoded_slot) return;
  stats_.slots_idle(last_slot - encoded_slot - 1);
  encode_one(current, false, to_ns(pacer.at(last_slot)));
}

bool Session::ended_cleanly() {
  std::lock_guard lock(end_mutex_);
  return error_.empty();
}

std::optional<FrameRef> Session::next_frame(FramePacer &pacer, uint64_t slot) {
  // A fresh frame goes to the encoder as soon as it arrives, but not before the time of the slot
  // just encoded: at most one frame per slot, so a faster source is capped at the rate (newer
  // frames replace older ones in the mailbox meanwhile). When nothing new arrives by the repeat
  // slot (the next one at a constant rate, one idle interval later otherwise), the caller repeats
  // the last frame there.
  if (options_.unpaced) {
    while (!stop_.load(std::memory_order_relaxed)) {
      if (std::optional<FrameRef> frame = mailbox_.take()) return frame;
      mailbox_.wait_for(kStopPoll);
    }
    return std::nullopt;
  }
  // A virtual display refreshes at the asked rate by its own clock, which runs a little fast or
  // slow against ours. A slow one leaves a slot empty now and then. A fast one's frames arrive a
  // little earlier each time against the grid; made to wait for their slot, they waited longer
  // and longer, up to a whole interval, until one was dropped (measured: a 1080p60 source 0.3%
  // fast added 12 ms to the median latency). So once frames have come early kDriftStreak times in
  // a row (drift, not the jitter of a loaded machine, which would otherwise bend the timestamps
  // of a steady source), each early frame pulls the grid in, by at most 1% of an interval: a
  // source up to 1% fast is followed and does not wait; a faster one still waits for its slot
  // and is capped at the rate (within 1%).
  auto opens = pacer.at(slot);
  bool came_early = false;
  for (bool pulled = false; Clock::now() < opens;) {
    if (stop_.load(std::memory_order_relaxed)) return std::nullopt;
    if (!mailbox_.wait_for(std::min<Clock::duration>(opens - Clock::now(), kStopPoll))) continue;
    came_early = true;
    if (pulled || ++early_streak_ < kDriftStreak) {  // jitter, or faster than the grid follows
      if (!sleep_until(opens)) return std::nullopt;
      break;
    }
    pulled = true;
    pacer.pull_in(std::min<Clock::duration>(opens - Clock::now(), pacer.offset(1) / kMaxGridPull));
    opens = pacer.at(slot);
  }
  if (!came_early) early_streak_ = 0;
  const auto repeat_at = pacer.at(slot + repeat_slots_);
  for (;;) {
    if (std::optional<FrameRef> frame = mailbox_.take()) return frame;
    const auto now = Clock::now();
    if (now >= repeat_at || stop_.load(std::memory_order_relaxed)) return std::nullopt;
    mailbox_.wait_for(std::min<Clock::duration>(repeat_at - now, kStopPoll));
  }
}

void Session::open_encoder(const pfhost_frame &frame) {
  const EncoderSettings &s = options_.encoder;
  auto params = make_struct<pfhost_encoder_params>();
  params.codec = s.codec;
  params.width = frame.width;
  params.height = frame.height;
  params.framerate_num = options_.rate.num;
  params.framerate_den = options_.rate.den;
  params.bitrate_kbps = s.bitrate_kbps;
  params.rate_control = s.rate_control;
  params.gop_length =
      s.gop_length.value_or(static_cast<uint32_t>(std::lround(2.0 * options_.rate.fps())));
  params.bit_depth = s.bit_depth;
  params.chroma = s.chroma;
  params.low_latency = s.low_latency ? 1 : 0;
  params.input_memory = frame.memory;
  params.input_format = frame.pixel_format;
  params.preset = s.preset.empty() ? nullptr : s.preset.c_str();
  params.vbv_frames = s.vbv_frames;
  encoder_ = encoder_backend_.open(params);
  stats_.encoder_opened(frame.width, frame.height);
  output_->start_stream(StreamInfo{s.codec, frame.width, frame.height, options_.rate});
  log::info("encoder '" + encoder_backend_.name() +
            "' opened: " + size_text(frame.width, frame.height) + " " + codec_name(s.codec) + " " +
            std::to_string(s.bitrate_kbps) + " kbps, keyframe every " +
            std::to_string(params.gop_length) + " frames");
}

void Session::reopen_if_changed(const FrameRef &next) {
  const pfhost_encoder_params &now = encoder_->params();
  const pfhost_frame &f = next.header();
  const bool size_changed = f.width != now.width || f.height != now.height;
  if (!size_changed && f.pixel_format == now.input_format && f.memory == now.input_memory) {
    return;
  }
  if (size_changed && !output_->can_change_size()) {
    throw SessionEnd("failed", "capture size changed from " + size_text(now.width, now.height) +
                                   " to " + size_text(f.width, f.height) + " mid-stream; output '" +
                                   output_->describe() +
                                   "' cannot change its picture size (record to .ts, .h264/.hevc "
                                   "or stream to a URL to allow it)");
  }
  log::info("capture changed to " + size_text(f.width, f.height) + " (format " +
            std::to_string(f.pixel_format) + "); reopening the encoder");
  encoder_->flush();
  drain();
  encoder_.reset();
  pending_.clear();
  open_encoder(f);
  keyframe_requested_.store(true, std::memory_order_relaxed);
}

void Session::encode_one(const FrameRef &frame, bool fresh, uint64_t pts_ns) {
  if (const uint32_t kbps = bitrate_request_.exchange(0, std::memory_order_relaxed); kbps != 0) {
    const pfhost_status status = encoder_->set_bitrate(kbps);
    if (status != PFHOST_OK) {
      log::warn("encoder '" + encoder_backend_.name() + "' did not change its bitrate to " +
                std::to_string(kbps) + " kbps: " + pfhost::status_name(status));
    }
  }
  uint32_t flags = 0;
  if (keyframe_requested_.exchange(false, std::memory_order_relaxed) ||
      (keyframe_every_ns_ != 0 && pts_ns >= last_keyframe_pts_ns_ + keyframe_every_ns_)) {
    flags |= PFHOST_SUBMIT_FORCE_KEYFRAME;
  }
  // A borrowed view of the same pixels with the output timestamp (see session.h).
  pfhost_frame view = frame.header();
  view.timestamp_ns = pts_ns;
  if (!fresh) view.flags |= PFHOST_FRAME_FLAG_UNCHANGED;
  if (fresh) {
    if (pending_.size() >= kMaxPendingLatency) pending_.pop_front();
    pending_.push_back({pts_ns, frame.timestamp_ns()});
  }
  const auto submitted = Clock::now();
  encoder_->submit(view, flags);
  const Clock::duration submit_time = Clock::now() - submitted;
  stats_.frame_encoded(!fresh);
  const Clock::duration receive_time = drain();
  if (fresh) stats_.encode_time(submit_time + receive_time);
}

Clock::duration Session::drain() {
  EncodedPacket packet;
  Clock::duration in_encoder{0};
  for (auto asked = Clock::now();; asked = Clock::now()) {
    const bool got = encoder_->receive(packet);
    const auto now = Clock::now();
    in_encoder += now - asked;
    if (!got) break;
    stats_.packet(packet.data.size(), packet.keyframe, now);
    if (packet.keyframe) last_keyframe_pts_ns_ = packet.pts_ns;
    // Entries older than this packet belong to frames the encoder dropped or merged.
    while (!pending_.empty() && pending_.front().pts_ns < packet.pts_ns) pending_.pop_front();
    if (!pending_.empty() && pending_.front().pts_ns == packet.pts_ns) {
      const uint64_t captured = pending_.front().capture_ns;
      const uint64_t now_ns = to_ns(now);
      // A zero or future timestamp is a capturer bug, not a latency.
      if (captured != 0 && captured <= now_ns) {
        stats_.latency(std::chrono::nanoseconds(now_ns - captured));
      }
      pending_.pop_front();
    }
    output_->write(packet);
  }
  return in_encoder;
}

void Session::finish_encoder() noexcept {
  if (!encoder_) return;
  try {
    encoder_->flush();
    drain();
  } catch (const ClientLeft &e) {
    end(std::string("client left (") + e.what() + ")", {});
  } catch (const std::exception &e) {
    // After an earlier failure (say the output broke) this adds nothing; otherwise it counts.
    end("failed", e.what());
  }
}

}  // namespace pfhost::core
