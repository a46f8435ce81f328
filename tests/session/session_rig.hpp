// The fixture session tests share: a session wired to the fake capture, the fake encoder and a
// recording sink, the fakes outliving the session.
#pragma once

#include "event_log.hpp"
#include "fake_capture.hpp"
#include "fake_encoder.hpp"
#include "recording_sink.hpp"
#include "session/session.hpp"

#include <pfhost/plugin.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <vector>

namespace pfhost::test {
using namespace pfhost::core;  // the host's own types
using namespace std::chrono_literals;

// Everything a session needs, wired to fakes; keeps the plugins alive past the session.
struct Rig {
  explicit Rig(FakeSourceScript script = {}, bool can_change_size = true)
      : capture_plugin(&log, std::move(script)),
        encoder_plugin(&log),
        record(std::make_shared<RecordingSink::Record>()),
        sink_can_change_size(can_change_size) {}

  std::unique_ptr<Session> make(SessionOptions options) {
    CaptureBackend capture_backend("fake-capture", *FakeCapturePlugin::vtable(),
                                   capture_plugin.ctx());
    target = make_struct<pfhost_target>();
    target.kind = PFHOST_TARGET_PIPEWIRE_NODE;
    auto params = make_struct<pfhost_capture_params>();
    params.target = &target;
    return std::make_unique<Session>(
        Keepalive(KeepaliveProbe(&log)), capture_backend.open(params),
        EncodeBackend("fake-encode", *FakeEncoderPlugin::vtable(), encoder_plugin.ctx()),
        std::make_unique<RecordingSink>(record, &log, sink_can_change_size), std::move(options));
  }

  std::vector<SunkPacket> packets() {
    std::lock_guard lock(record->mutex);
    return record->packets;
  }

  EventLog log;
  FakeCapturePlugin capture_plugin;
  FakeEncoderPlugin encoder_plugin;
  std::shared_ptr<RecordingSink::Record> record;
  bool sink_can_change_size;
  pfhost_target target{};
};

inline SessionOptions options_at(uint32_t fps, std::optional<std::chrono::nanoseconds> duration) {
  SessionOptions o;
  o.rate = Framerate{fps, 1};
  o.duration = duration;
  o.first_frame_timeout = 2000ms;
  o.capture_poll = 20ms;
  return o;
}

// The time between each submitted frame's output timestamp and the previous one's.
inline std::vector<uint64_t> timestamp_steps(const std::vector<SubmittedFrame> &submitted) {
  std::vector<uint64_t> steps;
  for (size_t i = 1; i < submitted.size(); ++i)
    steps.push_back(submitted[i].timestamp_ns - submitted[i - 1].timestamp_ns);
  return steps;
}

inline void expect_all_frames_released(const Rig &rig) {
  EXPECT_EQ(rig.capture_plugin.frames_out.load(), rig.capture_plugin.frames_released.load());
}

}  // namespace pfhost::test
