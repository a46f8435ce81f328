// CaptureBackend / LiveCapture / FrameRef / EncodeBackend / LiveEncoder against C vtables,
// including tables from an "older" plugin whose struct_size stops before the optional methods.
#include "backends/backend_error.hpp"
#include "backends/capture_backend.hpp"
#include "backends/encode_backend.hpp"
#include "backends/reason_buffer.hpp"

#include "fake_capture.hpp"
#include "fake_encoder.hpp"

#include <gtest/gtest.h>

#include <pfhost/plugin.hpp>

#include <cstddef>
#include <cstring>

namespace pfhost::test {
using namespace pfhost::core;  // the host's own types
namespace {

using namespace std::chrono_literals;

pfhost_target pipewire_target() {
  auto target = make_struct<pfhost_target>();
  target.kind = PFHOST_TARGET_PIPEWIRE_NODE;
  return target;
}

TEST(FrameRef, ReleasesExactlyOnceAcrossMoves) {
  FakeCapturePlugin plugin;
  CaptureBackend backend("fake", *FakeCapturePlugin::vtable(), plugin.ctx());
  const pfhost_target target = pipewire_target();
  auto params = make_struct<pfhost_capture_params>();
  params.target = &target;
  auto capture = backend.open(params);
  {
    CaptureResult got = capture->next_frame(100ms);
    ASSERT_EQ(got.status, PFHOST_OK);
    EXPECT_EQ(got.frame.width(), 64u);
    FrameRef moved = std::move(got.frame);
    EXPECT_FALSE(got.frame);
    FrameRef assigned;
    assigned = std::move(moved);
    EXPECT_EQ(plugin.frames_released.load(), 0u);
    assigned.reset();
    assigned.reset();
    EXPECT_EQ(plugin.frames_released.load(), 1u);
  }
  EXPECT_EQ(plugin.frames_released.load(), 1u);
}

TEST(CaptureBackend, NextFrameTimeoutCarriesTheReason) {
  FakeSourceScript script;
  script.never_produce = true;
  FakeCapturePlugin plugin(nullptr, script);
  CaptureBackend backend("fake", *FakeCapturePlugin::vtable(), plugin.ctx());
  const pfhost_target target = pipewire_target();
  auto params = make_struct<pfhost_capture_params>();
  params.target = &target;
  auto capture = backend.open(params);
  const CaptureResult got = capture->next_frame(10ms);
  EXPECT_EQ(got.status, PFHOST_E_TIMEOUT);
  EXPECT_EQ(got.reason, "format never negotiated");
  EXPECT_FALSE(got.frame);
}

TEST(CaptureBackend, OpenFailureBecomesBackendError) {
  FakeCapturePlugin plugin;
  CaptureBackend backend("fake", *FakeCapturePlugin::vtable(), plugin.ctx());
  auto params = make_struct<pfhost_capture_params>();  // no target: the fake refuses
  try {
    backend.open(params);
    FAIL() << "expected BackendError";
  } catch (const BackendError &e) {
    EXPECT_EQ(e.status(), PFHOST_E_INVALID_ARGUMENT);
    EXPECT_EQ(e.reason(), "no target");
    EXPECT_STREQ(e.what(), "capture 'fake': open: invalid argument: no target");
  }
}

TEST(CaptureBackend, AbsentOptionalMethodsReportUnsupported) {
  // A validated table without the optional methods works and reports them absent.
  pfhost_capture_vtable minimal = *FakeCapturePlugin::vtable();
  minimal.try_latest = nullptr;
  minimal.set_active = nullptr;
  FakeCapturePlugin plugin;
  CaptureBackend backend("minimal", minimal, plugin.ctx());
  EXPECT_FALSE(backend.has_try_latest());
  EXPECT_FALSE(backend.has_set_active());
  const pfhost_target target = pipewire_target();
  auto params = make_struct<pfhost_capture_params>();
  params.target = &target;
  auto capture = backend.open(params);
  EXPECT_EQ(capture->try_latest().status, PFHOST_E_UNSUPPORTED);
  EXPECT_EQ(capture->set_active(false), PFHOST_E_UNSUPPORTED);
}

TEST(CaptureBackend, TryLatestAndSetActive) {
  FakeCapturePlugin plugin;
  CaptureBackend backend("fake", *FakeCapturePlugin::vtable(), plugin.ctx());
  EXPECT_TRUE(backend.accepts(PFHOST_TARGET_PIPEWIRE_NODE));
  EXPECT_FALSE(backend.accepts(PFHOST_TARGET_WAYLAND_OUTPUT));
  const pfhost_target target = pipewire_target();
  auto params = make_struct<pfhost_capture_params>();
  params.target = &target;
  auto capture = backend.open(params);
  EXPECT_EQ(capture->set_active(true), PFHOST_OK);
  EXPECT_EQ(capture->try_latest().status, PFHOST_OK);
  EXPECT_EQ(capture->try_latest().status, PFHOST_E_AGAIN);
  capture.reset();
  EXPECT_EQ(plugin.closes.load(), 1);
  EXPECT_EQ(plugin.frames_out.load(), plugin.frames_released.load());
}

TEST(CaptureParams, OfferWhatTheEncoderTakes) {
  auto caps = make_struct<pfhost_encoder_caps>();
  caps.input_formats = (1ull << PFHOST_PIXEL_FORMAT_BGRX) | (1ull << PFHOST_PIXEL_FORMAT_RGBX);
  const pfhost_target target = pipewire_target();
  const pfhost_capture_params params = capture_params_for(target, {640, 480, 60000}, caps);
  EXPECT_EQ(params.target, &target);
  EXPECT_EQ(params.mode.width, 640u);
  EXPECT_EQ(params.accepted_formats, caps.input_formats);
  EXPECT_EQ(params.accepted_memory, 1u << PFHOST_MEMORY_CPU);
  EXPECT_EQ(params.dmabuf_modifier_count, 0u);
}

TEST(EncodeBackend, OpenSubmitReceive) {
  FakeEncoderPlugin plugin;
  EncodeBackend backend("fake", *FakeEncoderPlugin::vtable(), plugin.ctx());
  EXPECT_EQ(backend.caps().codecs, 1u << PFHOST_CODEC_H264);
  auto params = make_struct<pfhost_encoder_params>();
  params.codec = PFHOST_CODEC_H264;
  params.width = 64;
  params.height = 32;
  params.preset = "fast";
  auto encoder = backend.open(params);
  EXPECT_EQ(encoder->params().preset, nullptr) << "borrowed strings are not kept";

  auto frame = make_struct<pfhost_frame>();
  frame.width = 64;
  frame.height = 32;
  frame.timestamp_ns = 1234;
  frame.sequence = 7;
  EncodedPacket packet;
  EXPECT_FALSE(encoder->receive(packet));
  encoder->submit(frame, 0);
  ASSERT_TRUE(encoder->receive(packet));
  EXPECT_TRUE(packet.keyframe);
  EXPECT_EQ(packet.pts_ns, 1234u);
  EXPECT_EQ(packet.frame_sequence, 7u);
  EXPECT_EQ(packet.data.size(), 200u);
  EXPECT_FALSE(encoder->receive(packet));
  EXPECT_EQ(encoder->set_bitrate(500), PFHOST_OK);
  EXPECT_EQ(encoder->params().bitrate_kbps, 500u);
  encoder->flush();

  frame.width = 32;  // the fake refuses a frame of another size
  try {
    encoder->submit(frame, 0);
    FAIL() << "expected BackendError";
  } catch (const BackendError &e) {
    EXPECT_EQ(e.status(), PFHOST_E_INVALID_ARGUMENT);
    EXPECT_NE(std::string(e.what()).find("encode 'fake': submit"), std::string::npos);
  }
  encoder.reset();
  EXPECT_EQ(plugin.closes.load(), 1);
}

TEST(EncodeBackend, OpenFailureNamesSizeAndCodec) {
  FakeEncoderPlugin plugin;
  EncodeBackend backend("fake", *FakeEncoderPlugin::vtable(), plugin.ctx());
  auto params = make_struct<pfhost_encoder_params>();
  params.codec = PFHOST_CODEC_HEVC;
  try {
    backend.open(params);
    FAIL() << "expected BackendError";
  } catch (const BackendError &e) {
    EXPECT_STREQ(e.what(), "encode 'fake': open 0x0 HEVC: invalid argument: zero size");
  }
}

TEST(EncodeBackend, AbsentOptionalMethodsReportUnsupported) {
  pfhost_encode_vtable table = *FakeEncoderPlugin::vtable();
  table.set_bitrate = nullptr;
  table.flush = nullptr;
  table.request_keyframe = nullptr;
  FakeEncoderPlugin plugin;
  EncodeBackend backend("fake", table, plugin.ctx());
  EXPECT_FALSE(backend.has_set_bitrate());
  auto params = make_struct<pfhost_encoder_params>();
  params.width = 16;
  params.height = 16;
  auto encoder = backend.open(params);
  EXPECT_EQ(encoder->set_bitrate(100), PFHOST_E_UNSUPPORTED);
  EXPECT_NO_THROW(encoder->flush());
}

TEST(BackendError, UnknownStatusReadsAsInternal) {
  EXPECT_STREQ(pfhost::status_name(PFHOST_E_CLOSED), "closed");
  EXPECT_STREQ(pfhost::status_name(99), "internal error (unknown status)");
  const BackendError e(PFHOST_E_UNAVAILABLE, "ctx");
  EXPECT_STREQ(e.what(), "ctx: unavailable");
}

// One buffer serves every per-frame call of an encoder: each call must start empty, whatever the
// plugin left behind, and a plugin that forgot the NUL (or scribbled on the struct) stays harmless.
TEST(ReasonBuffer, EachCallStartsEmptyAndUnterminatedTextIsCut) {
  ReasonBuffer buffer;
  EXPECT_EQ(buffer.text(), "");
  pfhost::set_reason(buffer.get(), "device lost");
  EXPECT_EQ(buffer.text(), "device lost");

  pfhost_reason *reason = buffer.get();
  EXPECT_EQ(buffer.text(), "");
  std::memset(reason->text, 'x', reason->capacity);
  const uint32_t capacity = reason->capacity;
  EXPECT_EQ(buffer.text(), std::string(capacity, 'x'));

  reason->capacity = 1;
  reason->text = nullptr;
  reason = buffer.get();
  EXPECT_EQ(reason->capacity, capacity);
  ASSERT_NE(reason->text, nullptr);
  EXPECT_EQ(reason->struct_size, sizeof(pfhost_reason));
}

}  // namespace
}  // namespace pfhost::test
