// pfhost/backend_tables.hpp: the C tables it builds from C++ types behave as the ABI asks
// (exceptions become statuses with reasons, the host's struct_size is respected, optional
// methods are NULL when the type lacks them, every object is deleted exactly once) for display,
// capture and encode backends, and the PipeWire target helper of plugin.hpp fills what capturers
// read. Built as C++17, the standard the SDK promises.
#include <pfhost/backend_tables.hpp>

#include <gtest/gtest.h>

#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

struct Reason {
  char text[256] = "untouched";
  pfhost_reason reason{sizeof(pfhost_reason), sizeof text, text};
  pfhost_reason *get() { return &reason; }
  std::string str() const { return text; }
};

// What the test types do in create/open, chosen per test.
enum class Fail { kNone, kError, kStdException, kBadAlloc, kNull };
Fail g_fail = Fail::kNone;
int g_destroyed = 0;
std::optional<std::string> g_why_dead;

void maybe_fail() {
  switch (g_fail) {
    case Fail::kError:
      throw pfhost::Error(PFHOST_E_UNAVAILABLE, "compositor not running");
    case Fail::kStdException:
      throw std::runtime_error("something broke");
    case Fail::kBadAlloc:
      throw std::bad_alloc();
    default:
      break;
  }
}

// A display with liveness.
struct LiveDisplay {
  void *plugin_ctx = nullptr;
  pfhost_display_request request{};
  ~LiveDisplay() { ++g_destroyed; }

  static std::unique_ptr<LiveDisplay> create(void *plugin_ctx,
                                             const pfhost_display_request &request) {
    maybe_fail();
    if (g_fail == Fail::kNull) return nullptr;
    auto display = std::make_unique<LiveDisplay>();
    display->plugin_ctx = plugin_ctx;
    display->request = request;
    return display;
  }
  pfhost_target target() const {
    auto target = pfhost::make_struct<pfhost_target>();
    target.kind = PFHOST_TARGET_WAYLAND_OUTPUT;
    target.mode = request.mode;
    std::strcpy(target.u.wayland.socket_path, "/run/user/1000/wayland-1");
    std::strcpy(target.u.wayland.output_name, "HEADLESS-1");
    return target;
  }
  std::optional<std::string> why_dead() { return g_why_dead; }
};

// A display without liveness.
struct PlainDisplay {
  static std::unique_ptr<PlainDisplay> create(void *, const pfhost_display_request &) {
    return std::make_unique<PlainDisplay>();
  }
  pfhost_target target() const { return pfhost::make_struct<pfhost_target>(); }
};

class DisplayTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    g_fail = Fail::kNone;
    g_destroyed = 0;
    g_why_dead.reset();
    request.mode = {1280, 720, 60000};
  }
  const pfhost_display_vtable table =
      pfhost::display_table<LiveDisplay>(1u << PFHOST_TARGET_WAYLAND_OUTPUT);
  pfhost_display_request request = pfhost::make_struct<pfhost_display_request>();
  pfhost_target target = pfhost::make_struct<pfhost_target>();
  pfhost_display *display = nullptr;
  Reason reason;
};

TEST_F(DisplayTableTest, TableHasTheRightShape) {
  EXPECT_EQ(table.struct_size, sizeof(pfhost_display_vtable));
  EXPECT_EQ(table.target_kinds, 1u << PFHOST_TARGET_WAYLAND_OUTPUT);
  EXPECT_NE(table.create, nullptr);
  EXPECT_NE(table.destroy, nullptr);
  EXPECT_NE(table.is_alive, nullptr);
  EXPECT_EQ(table.reconfigure, nullptr);
}

TEST_F(DisplayTableTest, IsAliveIsNullWithoutALivenessMethod) {
  constexpr auto plain = pfhost::display_table<PlainDisplay>(1u << PFHOST_TARGET_PIPEWIRE_NODE);
  static_assert(plain.is_alive == nullptr, "no why_dead(), no is_alive");
}

TEST_F(DisplayTableTest, CreateFillsTheTargetAndHandsOverTheObject) {
  int context = 0;
  ASSERT_EQ(table.create(&context, &request, &display, &target, reason.get()), PFHOST_OK);
  ASSERT_NE(display, nullptr);
  const auto *made = reinterpret_cast<LiveDisplay *>(display);
  EXPECT_EQ(made->plugin_ctx, &context);
  EXPECT_EQ(made->request.mode.width, 1280u);
  EXPECT_EQ(made->request.struct_size, sizeof(pfhost_display_request));
  EXPECT_EQ(target.struct_size, sizeof(pfhost_target));
  EXPECT_EQ(target.kind, static_cast<uint32_t>(PFHOST_TARGET_WAYLAND_OUTPUT));
  EXPECT_EQ(target.mode.height, 720u);
  EXPECT_STREQ(target.u.wayland.output_name, "HEADLESS-1");
  table.destroy(display);
  EXPECT_EQ(g_destroyed, 1);
}

TEST_F(DisplayTableTest, AnOlderHostsShorterRequestReadsAsZeroes) {
  request.struct_size = static_cast<uint32_t>(offsetof(pfhost_display_request, cursor_mode));
  request.cursor_mode = PFHOST_CURSOR_EMBEDDED;  // beyond what this "host" knows
  ASSERT_EQ(table.create(nullptr, &request, &display, &target, reason.get()), PFHOST_OK);
  EXPECT_EQ(reinterpret_cast<LiveDisplay *>(display)->request.cursor_mode, 0u);
  EXPECT_EQ(reinterpret_cast<LiveDisplay *>(display)->request.mode.width, 1280u);
  table.destroy(display);
}

TEST_F(DisplayTableTest, ASmallerHostTargetIsNotWrittenPast) {
  // An older host whose pfhost_target ends before the union: nothing past its struct_size moves.
  constexpr size_t kHostSize = offsetof(pfhost_target, u);
  std::vector<unsigned char> buffer(sizeof(pfhost_target) + 64, 0xAB);
  auto *host_target = reinterpret_cast<pfhost_target *>(buffer.data());
  std::memset(buffer.data(), 0, kHostSize);
  host_target->struct_size = static_cast<uint32_t>(kHostSize);

  ASSERT_EQ(table.create(nullptr, &request, &display, host_target, reason.get()), PFHOST_OK);
  EXPECT_EQ(host_target->struct_size, kHostSize);
  EXPECT_EQ(host_target->kind, static_cast<uint32_t>(PFHOST_TARGET_WAYLAND_OUTPUT));
  EXPECT_EQ(host_target->mode.width, 1280u);
  for (size_t i = kHostSize; i < buffer.size(); ++i)
    ASSERT_EQ(buffer[i], 0xAB) << "byte " << i << " past the host's struct_size was written";
  table.destroy(display);
}

TEST_F(DisplayTableTest, ALargerHostTargetKeepsItsSizeAndItsExtraZeroes) {
  std::vector<unsigned char> buffer(sizeof(pfhost_target) + 64, 0);
  auto *host_target = reinterpret_cast<pfhost_target *>(buffer.data());
  host_target->struct_size = static_cast<uint32_t>(buffer.size());
  ASSERT_EQ(table.create(nullptr, &request, &display, host_target, reason.get()), PFHOST_OK);
  EXPECT_EQ(host_target->struct_size, buffer.size());
  EXPECT_STREQ(host_target->u.wayland.socket_path, "/run/user/1000/wayland-1");
  for (size_t i = sizeof(pfhost_target); i < buffer.size(); ++i) ASSERT_EQ(buffer[i], 0);
  table.destroy(display);
}

TEST_F(DisplayTableTest, ExceptionsInCreateBecomeStatusesWithReasons) {
  struct Case {
    Fail fail;
    pfhost_status status;
    const char *reason;
  };
  const Case cases[] = {
      {Fail::kError, PFHOST_E_UNAVAILABLE, "compositor not running"},
      {Fail::kStdException, PFHOST_E_INTERNAL, "something broke"},
      {Fail::kBadAlloc, PFHOST_E_NO_MEMORY, "out of memory"},
      {Fail::kNull, PFHOST_E_INTERNAL, "create: the plugin returned no display"},
  };
  for (const Case &c : cases) {
    g_fail = c.fail;
    Reason why;
    EXPECT_EQ(table.create(nullptr, &request, &display, &target, why.get()), c.status);
    EXPECT_EQ(why.str(), c.reason);
    EXPECT_EQ(display, nullptr);
    EXPECT_EQ(target.kind, 0u) << "no target on failure";
  }
  EXPECT_EQ(g_destroyed, 0);
}

TEST_F(DisplayTableTest, NullArgumentsAreInvalid) {
  EXPECT_EQ(table.create(nullptr, nullptr, &display, &target, reason.get()),
            PFHOST_E_INVALID_ARGUMENT);
  EXPECT_EQ(reason.str(), "create: request, out_display and target are required");
  EXPECT_EQ(table.create(nullptr, &request, nullptr, &target, nullptr), PFHOST_E_INVALID_ARGUMENT);
  EXPECT_EQ(table.create(nullptr, &request, &display, nullptr, nullptr), PFHOST_E_INVALID_ARGUMENT);
  EXPECT_EQ(table.is_alive(nullptr, reason.get()), PFHOST_E_INVALID_ARGUMENT);
  EXPECT_EQ(reason.str(), "is_alive: no display");
  table.destroy(nullptr);  // harmless
  EXPECT_EQ(g_destroyed, 0);
}

TEST_F(DisplayTableTest, IsAliveAsksTheObject) {
  ASSERT_EQ(table.create(nullptr, &request, &display, &target, reason.get()), PFHOST_OK);
  Reason alive;
  EXPECT_EQ(table.is_alive(display, alive.get()), PFHOST_OK);
  EXPECT_EQ(alive.str(), "untouched");
  g_why_dead = "sway output HEADLESS-1 is gone";
  Reason dead;
  EXPECT_EQ(table.is_alive(display, dead.get()), PFHOST_E_CLOSED);
  EXPECT_EQ(dead.str(), "sway output HEADLESS-1 is gone");
  EXPECT_EQ(table.is_alive(display, nullptr), PFHOST_E_CLOSED);  // a host that wants no text
  table.destroy(display);
  EXPECT_EQ(g_destroyed, 1);
}

// ---- capture --------------------------------------------------------------------------------

int g_closed = 0;
bool g_active = true;

struct FullCapture {
  pfhost_target target{};
  pfhost_mode mode{};
  ~FullCapture() { ++g_closed; }

  static std::unique_ptr<FullCapture> open(void *, const pfhost_capture_params &params,
                                           const pfhost_target &target) {
    maybe_fail();
    if (g_fail == Fail::kNull) return nullptr;
    auto capture = std::make_unique<FullCapture>();
    capture->target = target;
    capture->mode = params.mode;
    return capture;
  }
  pfhost_status next_frame(uint32_t timeout_ms, pfhost_frame **out_frame, std::string *why) {
    if (timeout_ms == 1) throw pfhost::Error(PFHOST_E_CLOSED, "node removed");
    if (timeout_ms == 2) throw std::runtime_error("oops");
    if (timeout_ms == 0) {
      *why = "format never negotiated";
      return PFHOST_E_TIMEOUT;
    }
    *out_frame = nullptr;
    *why = "not a reason: the call worked";
    return PFHOST_OK;
  }
  pfhost_status try_latest(pfhost_frame **) { return PFHOST_E_AGAIN; }
  void set_active(bool active) { g_active = active; }
};

struct MinimalCapture {
  static std::unique_ptr<MinimalCapture> open(void *, const pfhost_capture_params &,
                                              const pfhost_target &) {
    return std::make_unique<MinimalCapture>();
  }
  pfhost_status next_frame(uint32_t, pfhost_frame **, std::string *) { return PFHOST_OK; }
};

class CaptureTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    g_fail = Fail::kNone;
    g_closed = 0;
    g_active = true;
    host_target.kind = PFHOST_TARGET_PIPEWIRE_NODE;
    host_target.u.pipewire.node_id = 42;
    params.target = &host_target;
    params.mode = {1920, 1080, 60000};
  }
  const pfhost_capture_vtable table = pfhost::capture_table<FullCapture>(
      1u << PFHOST_TARGET_PIPEWIRE_NODE, 1u << PFHOST_MEMORY_CPU, 1ull << PFHOST_PIXEL_FORMAT_BGRX);
  pfhost_target host_target = pfhost::make_struct<pfhost_target>();
  pfhost_capture_params params = pfhost::make_struct<pfhost_capture_params>();
  pfhost_capture *capture = nullptr;
  Reason reason;
};

TEST_F(CaptureTableTest, TableHasTheRightShape) {
  EXPECT_EQ(table.struct_size, sizeof(pfhost_capture_vtable));
  EXPECT_EQ(table.target_kinds, 1u << PFHOST_TARGET_PIPEWIRE_NODE);
  EXPECT_EQ(table.memory_kinds, 1u << PFHOST_MEMORY_CPU);
  EXPECT_EQ(table.pixel_formats, 1ull << PFHOST_PIXEL_FORMAT_BGRX);
  EXPECT_NE(table.open, nullptr);
  EXPECT_NE(table.next_frame, nullptr);
  EXPECT_NE(table.try_latest, nullptr);
  EXPECT_NE(table.set_active, nullptr);
  EXPECT_NE(table.close, nullptr);

  constexpr auto minimal = pfhost::capture_table<MinimalCapture>(1, 1, 1);
  static_assert(minimal.try_latest == nullptr && minimal.set_active == nullptr,
                "optional methods the type lacks stay NULL");
}

TEST_F(CaptureTableTest, OpenReadsParamsAndTarget) {
  ASSERT_EQ(table.open(nullptr, &params, &capture, reason.get()), PFHOST_OK);
  const auto *opened = reinterpret_cast<FullCapture *>(capture);
  EXPECT_EQ(opened->target.u.pipewire.node_id, 42u);
  EXPECT_EQ(opened->mode.width, 1920u);
  table.close(capture);
  EXPECT_EQ(g_closed, 1);

  params.target = nullptr;  // reads as a zero target, kind NONE
  ASSERT_EQ(table.open(nullptr, &params, &capture, reason.get()), PFHOST_OK);
  EXPECT_EQ(reinterpret_cast<FullCapture *>(capture)->target.kind,
            static_cast<uint32_t>(PFHOST_TARGET_NONE));
  table.close(capture);
  EXPECT_EQ(g_closed, 2);
}

TEST_F(CaptureTableTest, OpenFailuresBecomeStatuses) {
  g_fail = Fail::kError;
  EXPECT_EQ(table.open(nullptr, &params, &capture, reason.get()), PFHOST_E_UNAVAILABLE);
  EXPECT_EQ(reason.str(), "compositor not running");
  g_fail = Fail::kNull;
  EXPECT_EQ(table.open(nullptr, &params, &capture, reason.get()), PFHOST_E_INTERNAL);
  EXPECT_EQ(capture, nullptr);
  EXPECT_EQ(table.open(nullptr, nullptr, &capture, reason.get()), PFHOST_E_INVALID_ARGUMENT);
  EXPECT_EQ(reason.str(), "open: params and out_capture are required");
  EXPECT_EQ(g_closed, 0);
}

TEST_F(CaptureTableTest, NextFrameReportsWhyAndMapsExceptions) {
  ASSERT_EQ(table.open(nullptr, &params, &capture, reason.get()), PFHOST_OK);
  pfhost_frame *frame = nullptr;
  Reason timeout;
  EXPECT_EQ(table.next_frame(capture, 0, &frame, timeout.get()), PFHOST_E_TIMEOUT);
  EXPECT_EQ(timeout.str(), "format never negotiated");
  Reason closed;
  EXPECT_EQ(table.next_frame(capture, 1, &frame, closed.get()), PFHOST_E_CLOSED);
  EXPECT_EQ(closed.str(), "node removed");
  Reason internal;
  EXPECT_EQ(table.next_frame(capture, 2, &frame, internal.get()), PFHOST_E_INTERNAL);
  EXPECT_EQ(internal.str(), "oops");
  Reason ok;
  EXPECT_EQ(table.next_frame(capture, 10, &frame, ok.get()), PFHOST_OK);
  EXPECT_EQ(ok.str(), "untouched") << "no reason on success";
  Reason null;
  EXPECT_EQ(table.next_frame(capture, 10, nullptr, null.get()), PFHOST_E_INVALID_ARGUMENT);
  EXPECT_EQ(null.str(), "next_frame: capture and out_frame needed");

  EXPECT_EQ(table.try_latest(capture, &frame), PFHOST_E_AGAIN);
  EXPECT_EQ(table.try_latest(nullptr, &frame), PFHOST_E_INVALID_ARGUMENT);
  EXPECT_EQ(table.set_active(capture, 0), PFHOST_OK);
  EXPECT_FALSE(g_active);
  EXPECT_EQ(table.set_active(capture, 1), PFHOST_OK);
  EXPECT_TRUE(g_active);
  EXPECT_EQ(table.set_active(nullptr, 1), PFHOST_E_INVALID_ARGUMENT);
  table.close(capture);
  table.close(nullptr);
  EXPECT_EQ(g_closed, 1);
}

// ---- encode ---------------------------------------------------------------------------------

int g_encoders_deleted = 0;
std::vector<uint32_t> g_submit_flags;
uint32_t g_bitrate = 0;
int g_flushes = 0;
pfhost_status g_receive_status = PFHOST_OK;
const uint8_t kPacketBytes[] = {0, 0, 0, 1, 0x65, 0x88};

// Submit's behaviour is chosen by the frame's sequence, so one object covers every case.
enum : uint64_t { kSubmitOk = 0, kSubmitError = 1, kSubmitStdException = 2, kSubmitBadAlloc = 3 };

struct FullEncoder {
  void *plugin_ctx = nullptr;
  pfhost_encoder_params params{};
  pfhost_frame last_frame{};
  ~FullEncoder() { ++g_encoders_deleted; }

  static pfhost_encoder_caps query_caps(void *plugin_ctx) {
    if (plugin_ctx != nullptr) throw pfhost::Error(PFHOST_E_UNSUPPORTED, "no encoder library");
    auto caps = pfhost::make_struct<pfhost_encoder_caps>();
    caps.codecs = 1u << PFHOST_CODEC_H264;
    caps.max_width = 4096;
    caps.flags = PFHOST_ENCODE_CAP_LOW_LATENCY;
    caps.input_formats = 1ull << PFHOST_PIXEL_FORMAT_BGRX;
    return caps;
  }
  static std::unique_ptr<FullEncoder> open(void *plugin_ctx, const pfhost_encoder_params &params) {
    maybe_fail();
    if (g_fail == Fail::kNull) return nullptr;
    auto encoder = std::make_unique<FullEncoder>();
    encoder->plugin_ctx = plugin_ctx;
    encoder->params = params;
    return encoder;
  }
  void submit(const pfhost_frame &frame, uint32_t flags) {
    switch (frame.sequence) {
      case kSubmitError:
        throw pfhost::Error(PFHOST_E_BUSY, "receive() the packets first");
      case kSubmitStdException:
        throw std::runtime_error("encoder library failed");
      case kSubmitBadAlloc:
        throw std::bad_alloc();
      default:
        last_frame = frame;
        g_submit_flags.push_back(flags);
    }
  }
  pfhost_status receive(pfhost_packet &packet) {
    if (g_receive_status == PFHOST_E_INTERNAL) throw std::runtime_error("bitstream corrupt");
    if (g_receive_status != PFHOST_OK) return g_receive_status;
    packet.flags = PFHOST_PACKET_FLAG_KEYFRAME;
    packet.data = kPacketBytes;
    packet.size = sizeof kPacketBytes;
    packet.pts_ns = 1234;
    packet.frame_sequence = 56;
    return PFHOST_OK;
  }
  pfhost_status set_bitrate(uint32_t bitrate_kbps) {
    if (bitrate_kbps == 0) throw std::runtime_error("not even caught by the host");
    g_bitrate = bitrate_kbps;
    return bitrate_kbps > 100000 ? PFHOST_E_UNSUPPORTED : PFHOST_OK;
  }
  void flush() {
    if (++g_flushes > 1) throw pfhost::Error(PFHOST_E_CLOSED, "already flushed");
  }
};

struct MinimalEncoder {
  static pfhost_encoder_caps query_caps(void *) {
    return pfhost::make_struct<pfhost_encoder_caps>();
  }
  static std::unique_ptr<MinimalEncoder> open(void *, const pfhost_encoder_params &) {
    return std::make_unique<MinimalEncoder>();
  }
  pfhost_status submit(const pfhost_frame &, uint32_t) { return PFHOST_E_UNSUPPORTED; }
  pfhost_status receive(pfhost_packet &) { return PFHOST_E_AGAIN; }
};

class EncodeTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    g_fail = Fail::kNone;
    g_encoders_deleted = 0;
    g_submit_flags.clear();
    g_bitrate = 0;
    g_flushes = 0;
    g_receive_status = PFHOST_OK;
    params.codec = PFHOST_CODEC_H264;
    params.width = 1280;
    params.height = 720;
    params.vbv_frames = 3;
    frame.width = 1280;
    frame.height = 720;
  }
  void open() {
    ASSERT_EQ(table.open(nullptr, &params, &encoder, reason.get()), PFHOST_OK) << reason.str();
    ASSERT_NE(encoder, nullptr);
  }
  const pfhost_encode_vtable table = pfhost::encode_table<FullEncoder>();
  pfhost_encoder_params params = pfhost::make_struct<pfhost_encoder_params>();
  pfhost_frame frame = pfhost::make_struct<pfhost_frame>();
  pfhost_encoder *encoder = nullptr;
  Reason reason;
};

TEST_F(EncodeTableTest, TableHasTheRightShape) {
  EXPECT_EQ(table.struct_size, sizeof(pfhost_encode_vtable));
  EXPECT_NE(table.query_caps, nullptr);
  EXPECT_NE(table.open, nullptr);
  EXPECT_NE(table.submit, nullptr);
  EXPECT_NE(table.receive, nullptr);
  EXPECT_EQ(table.request_keyframe, nullptr) << "keyframes come only through the submit flag";
  EXPECT_NE(table.set_bitrate, nullptr);
  EXPECT_NE(table.flush, nullptr);
  EXPECT_NE(table.close, nullptr);

  constexpr auto minimal = pfhost::encode_table<MinimalEncoder>();
  static_assert(minimal.set_bitrate == nullptr && minimal.flush == nullptr &&
                    minimal.request_keyframe == nullptr,
                "optional methods the type lacks stay NULL");
}

TEST_F(EncodeTableTest, CloseDeletesTheEncoderExactlyOnce) {
  open();
  EXPECT_EQ(g_encoders_deleted, 0) << "the host owns the encoder until close";
  table.close(encoder);
  EXPECT_EQ(g_encoders_deleted, 1);
  table.close(nullptr);  // harmless
  EXPECT_EQ(g_encoders_deleted, 1);
}

TEST_F(EncodeTableTest, OpenReadsTheParamsSizeSafely) {
  int context = 0;
  ASSERT_EQ(table.open(&context, &params, &encoder, reason.get()), PFHOST_OK);
  const auto *opened = reinterpret_cast<FullEncoder *>(encoder);
  EXPECT_EQ(opened->plugin_ctx, &context);
  EXPECT_EQ(opened->params.width, 1280u);
  EXPECT_EQ(opened->params.vbv_frames, 3u);
  table.close(encoder);

  // An older host's params end before vbv_frames: the plugin reads it as zero.
  params.struct_size = static_cast<uint32_t>(offsetof(pfhost_encoder_params, vbv_frames));
  ASSERT_EQ(table.open(nullptr, &params, &encoder, reason.get()), PFHOST_OK);
  EXPECT_EQ(reinterpret_cast<FullEncoder *>(encoder)->params.vbv_frames, 0u);
  EXPECT_EQ(reinterpret_cast<FullEncoder *>(encoder)->params.height, 720u);
  table.close(encoder);
  EXPECT_EQ(g_encoders_deleted, 2);
}

TEST_F(EncodeTableTest, OpenFailuresBecomeStatusesWithReasons) {
  struct Case {
    Fail fail;
    pfhost_status status;
    const char *reason;
  };
  const Case cases[] = {
      {Fail::kError, PFHOST_E_UNAVAILABLE, "compositor not running"},
      {Fail::kStdException, PFHOST_E_INTERNAL, "something broke"},
      {Fail::kBadAlloc, PFHOST_E_NO_MEMORY, "out of memory"},
      {Fail::kNull, PFHOST_E_INTERNAL, "open: the plugin returned no encoder"},
  };
  for (const Case &c : cases) {
    g_fail = c.fail;
    Reason why;
    EXPECT_EQ(table.open(nullptr, &params, &encoder, why.get()), c.status);
    EXPECT_EQ(why.str(), c.reason);
    EXPECT_EQ(encoder, nullptr);
  }
  g_fail = Fail::kNone;
  EXPECT_EQ(table.open(nullptr, nullptr, &encoder, reason.get()), PFHOST_E_INVALID_ARGUMENT);
  EXPECT_EQ(reason.str(), "open: params and out_encoder are required");
  EXPECT_EQ(table.open(nullptr, &params, nullptr, nullptr), PFHOST_E_INVALID_ARGUMENT);
  EXPECT_EQ(g_encoders_deleted, 0);
}

TEST_F(EncodeTableTest, QueryCapsIsWrittenNoFurtherThanTheHostsStruct) {
  // An older host whose caps end before input_formats: nothing past its struct_size moves.
  constexpr size_t kHostSize = offsetof(pfhost_encoder_caps, input_formats);
  std::vector<unsigned char> buffer(sizeof(pfhost_encoder_caps) + 16, 0xAB);
  auto *caps = reinterpret_cast<pfhost_encoder_caps *>(buffer.data());
  std::memset(buffer.data(), 0, kHostSize);
  caps->struct_size = static_cast<uint32_t>(kHostSize);
  ASSERT_EQ(table.query_caps(nullptr, caps, reason.get()), PFHOST_OK);
  EXPECT_EQ(caps->struct_size, kHostSize);
  EXPECT_EQ(caps->codecs, 1u << PFHOST_CODEC_H264);
  EXPECT_EQ(caps->max_width, 4096u);
  EXPECT_EQ(caps->flags, static_cast<uint32_t>(PFHOST_ENCODE_CAP_LOW_LATENCY));
  for (size_t i = kHostSize; i < buffer.size(); ++i)
    ASSERT_EQ(buffer[i], 0xAB) << "byte " << i << " past the host's struct_size was written";

  int context = 0;
  Reason why;
  EXPECT_EQ(table.query_caps(&context, caps, why.get()), PFHOST_E_UNSUPPORTED);
  EXPECT_EQ(why.str(), "no encoder library");
  EXPECT_EQ(table.query_caps(nullptr, nullptr, reason.get()), PFHOST_E_INVALID_ARGUMENT);
  EXPECT_EQ(reason.str(), "query_caps: caps is required");
}

TEST_F(EncodeTableTest, SubmitPassesTheKeyframeFlagAndTurnsExceptionsIntoStatuses) {
  open();
  frame.sequence = kSubmitOk;
  EXPECT_EQ(table.submit(encoder, &frame, PFHOST_SUBMIT_FORCE_KEYFRAME, reason.get()), PFHOST_OK);
  EXPECT_EQ(table.submit(encoder, &frame, 0, reason.get()), PFHOST_OK);
  EXPECT_EQ(g_submit_flags, (std::vector<uint32_t>{uint32_t{PFHOST_SUBMIT_FORCE_KEYFRAME}, 0u}));
  EXPECT_EQ(reinterpret_cast<FullEncoder *>(encoder)->last_frame.width, 1280u);
  EXPECT_EQ(reason.str(), "untouched") << "no reason on success";

  struct Case {
    uint64_t sequence;
    pfhost_status status;
    const char *reason;
  };
  const Case cases[] = {
      {kSubmitError, PFHOST_E_BUSY, "receive() the packets first"},
      {kSubmitStdException, PFHOST_E_INTERNAL, "encoder library failed"},
      {kSubmitBadAlloc, PFHOST_E_NO_MEMORY, "out of memory"},
  };
  for (const Case &c : cases) {
    frame.sequence = c.sequence;
    Reason why;
    EXPECT_EQ(table.submit(encoder, &frame, 0, why.get()), c.status);
    EXPECT_EQ(why.str(), c.reason);
  }
  EXPECT_EQ(table.submit(encoder, nullptr, 0, reason.get()), PFHOST_E_INVALID_ARGUMENT);
  EXPECT_EQ(reason.str(), "submit: encoder and frame are required");
  EXPECT_EQ(table.submit(nullptr, &frame, 0, nullptr), PFHOST_E_INVALID_ARGUMENT);
  table.close(encoder);
  EXPECT_EQ(g_encoders_deleted, 1) << "a failed submit does not free the encoder";
}

TEST_F(EncodeTableTest, ReceiveWritesThePacketNoFurtherThanTheHostsStruct) {
  open();
  // An older host whose packet ends before pts_ns.
  constexpr size_t kHostSize = offsetof(pfhost_packet, pts_ns);
  std::vector<unsigned char> buffer(sizeof(pfhost_packet) + 16, 0xAB);
  auto *packet = reinterpret_cast<pfhost_packet *>(buffer.data());
  std::memset(buffer.data(), 0, kHostSize);
  packet->struct_size = static_cast<uint32_t>(kHostSize);
  ASSERT_EQ(table.receive(encoder, packet, reason.get()), PFHOST_OK);
  EXPECT_EQ(packet->struct_size, kHostSize);
  EXPECT_EQ(packet->flags, static_cast<uint32_t>(PFHOST_PACKET_FLAG_KEYFRAME));
  EXPECT_EQ(packet->data, kPacketBytes);
  EXPECT_EQ(packet->size, sizeof kPacketBytes);
  for (size_t i = kHostSize; i < buffer.size(); ++i)
    ASSERT_EQ(buffer[i], 0xAB) << "byte " << i << " past the host's struct_size was written";

  // A full-size packet gets everything.
  auto full = pfhost::make_struct<pfhost_packet>();
  ASSERT_EQ(table.receive(encoder, &full, reason.get()), PFHOST_OK);
  EXPECT_EQ(full.pts_ns, 1234u);
  EXPECT_EQ(full.frame_sequence, 56u);
  table.close(encoder);
}

TEST_F(EncodeTableTest, ReceiveLeavesThePacketAloneUnlessOk) {
  open();
  auto packet = pfhost::make_struct<pfhost_packet>();
  packet.size = 99;  // a leftover the host did not clear
  g_receive_status = PFHOST_E_AGAIN;
  EXPECT_EQ(table.receive(encoder, &packet, reason.get()), PFHOST_E_AGAIN);
  EXPECT_EQ(packet.size, 99u);
  EXPECT_EQ(packet.data, nullptr);
  g_receive_status = PFHOST_E_INTERNAL;  // thrown
  EXPECT_EQ(table.receive(encoder, &packet, reason.get()), PFHOST_E_INTERNAL);
  EXPECT_EQ(reason.str(), "bitstream corrupt");
  EXPECT_EQ(packet.size, 99u);
  EXPECT_EQ(table.receive(encoder, nullptr, reason.get()), PFHOST_E_INVALID_ARGUMENT);
  EXPECT_EQ(reason.str(), "receive: encoder and packet are required");
  table.close(encoder);
}

TEST_F(EncodeTableTest, SetBitrateAndFlushReachTheObject) {
  open();
  EXPECT_EQ(table.set_bitrate(encoder, 4000), PFHOST_OK);
  EXPECT_EQ(g_bitrate, 4000u);
  EXPECT_EQ(table.set_bitrate(encoder, 200000), PFHOST_E_UNSUPPORTED);
  EXPECT_EQ(table.set_bitrate(encoder, 0), PFHOST_E_INTERNAL) << "an exception, with no reason";
  EXPECT_EQ(table.set_bitrate(nullptr, 4000), PFHOST_E_INVALID_ARGUMENT);

  EXPECT_EQ(table.flush(encoder, reason.get()), PFHOST_OK);
  EXPECT_EQ(g_flushes, 1);
  Reason again;
  EXPECT_EQ(table.flush(encoder, again.get()), PFHOST_E_CLOSED);
  EXPECT_EQ(again.str(), "already flushed");
  EXPECT_EQ(table.flush(nullptr, reason.get()), PFHOST_E_INVALID_ARGUMENT);
  EXPECT_EQ(reason.str(), "flush: no encoder");
  table.close(encoder);
  EXPECT_EQ(g_encoders_deleted, 1);
}

// ---- builders, guarded_why, write_struct ----------------------------------------------------

pfhost_status ok_probe(void *, pfhost_reason *) {
  return PFHOST_OK;
}
pfhost_status ok_init(const pfhost_host_api *, void **, pfhost_reason *) {
  return PFHOST_OK;
}

constexpr pfhost_display_vtable kDisplay =
    pfhost::display_table<PlainDisplay>(1u << PFHOST_TARGET_PIPEWIRE_NODE);
constexpr pfhost_capture_vtable kCapture = pfhost::capture_table<MinimalCapture>(1, 1, 1);
constexpr pfhost_encode_vtable kEncode = pfhost::encode_table<MinimalEncoder>();
constexpr pfhost_backend kDisplayBackend =
    pfhost::display_backend("d", "a display", 50, &ok_probe, &kDisplay);
constexpr pfhost_backend kCaptureBackend =
    pfhost::capture_backend("c", "a capturer", 40, &ok_probe, &kCapture);
constexpr pfhost_backend kEncodeBackend =
    pfhost::encode_backend("e", "an encoder", 10, &ok_probe, &kEncode);
constexpr const pfhost_backend *kBackends[] = {&kDisplayBackend, &kCaptureBackend, &kEncodeBackend};
constexpr pfhost_plugin_descriptor kDescriptor =
    pfhost::plugin_descriptor("p", "1.2.3", "v", "a plugin", &ok_init, kBackends);

TEST(BuildersTest, BackendsSetExactlyTheirKindsTable) {
  EXPECT_EQ(kDisplayBackend.struct_size, sizeof(pfhost_backend));
  EXPECT_EQ(kDisplayBackend.kind, static_cast<uint32_t>(PFHOST_BACKEND_DISPLAY));
  EXPECT_STREQ(kDisplayBackend.name, "d");
  EXPECT_STREQ(kDisplayBackend.description, "a display");
  EXPECT_EQ(kDisplayBackend.rank, 50);
  EXPECT_EQ(kDisplayBackend.probe, &ok_probe);
  EXPECT_EQ(kDisplayBackend.display, &kDisplay);
  EXPECT_EQ(kDisplayBackend.capture, nullptr);
  EXPECT_EQ(kDisplayBackend.encode, nullptr);

  EXPECT_EQ(kCaptureBackend.kind, static_cast<uint32_t>(PFHOST_BACKEND_CAPTURE));
  EXPECT_EQ(kCaptureBackend.rank, 40);
  EXPECT_EQ(kCaptureBackend.display, nullptr);
  EXPECT_EQ(kCaptureBackend.capture, &kCapture);
  EXPECT_EQ(kCaptureBackend.encode, nullptr);

  EXPECT_EQ(kEncodeBackend.kind, static_cast<uint32_t>(PFHOST_BACKEND_ENCODE));
  EXPECT_EQ(kEncodeBackend.display, nullptr);
  EXPECT_EQ(kEncodeBackend.capture, nullptr);
  EXPECT_EQ(kEncodeBackend.encode, &kEncode);
  EXPECT_EQ(kEncodeBackend.reserved0, 0u);
}

TEST(BuildersTest, DescriptorCountsItsBackends) {
  static_assert(kDescriptor.backend_count == 3, "N deduced from the array");
  EXPECT_EQ(kDescriptor.struct_size, sizeof(pfhost_plugin_descriptor));
  EXPECT_EQ(kDescriptor.abi_major, static_cast<uint32_t>(PFHOST_ABI_MAJOR));
  EXPECT_EQ(kDescriptor.abi_minor, static_cast<uint32_t>(PFHOST_ABI_MINOR));
  EXPECT_STREQ(kDescriptor.name, "p");
  EXPECT_STREQ(kDescriptor.version, "1.2.3");
  EXPECT_STREQ(kDescriptor.vendor, "v");
  EXPECT_STREQ(kDescriptor.description, "a plugin");
  EXPECT_EQ(kDescriptor.init, &ok_init);
  EXPECT_EQ(kDescriptor.backends, kBackends);
  EXPECT_EQ(kDescriptor.reserved0, 0u);
  EXPECT_EQ(kDescriptor.reserved1, 0u);
}

// deinit (ABI 1.1): the builder appends it; delete_context<T> deletes init's T exactly once.
int g_contexts_deleted = 0;
struct CountedContext {
  ~CountedContext() { ++g_contexts_deleted; }
};
constexpr pfhost_plugin_descriptor kDescriptorWithDeinit = pfhost::plugin_descriptor(
    "p", "1.2.3", "v", "a plugin", &ok_init, &pfhost::delete_context<CountedContext>, kBackends);

TEST(BuildersTest, DescriptorCarriesDeinitInsideItsStructSize) {
  EXPECT_EQ(kDescriptor.deinit, nullptr) << "the builder without deinit leaves it NULL";
  EXPECT_EQ(kDescriptorWithDeinit.deinit, &pfhost::delete_context<CountedContext>);
  EXPECT_EQ(kDescriptorWithDeinit.backend_count, 3u);
  EXPECT_TRUE(PFHOST_HAS_MEMBER(&kDescriptorWithDeinit, deinit));
  g_contexts_deleted = 0;
  kDescriptorWithDeinit.deinit(new CountedContext);
  EXPECT_EQ(g_contexts_deleted, 1);
  kDescriptorWithDeinit.deinit(nullptr);  // a NULL context is fine, as with delete
  EXPECT_EQ(g_contexts_deleted, 1);
}

TEST(GuardedWhyTest, WhyBecomesTheReasonOnlyOnFailure) {
  Reason failed;
  EXPECT_EQ(pfhost::guarded_why(failed.get(),
                                [](std::string *why) {
                                  *why = "no daemon";
                                  return PFHOST_E_UNAVAILABLE;
                                }),
            PFHOST_E_UNAVAILABLE);
  EXPECT_EQ(failed.str(), "no daemon");
  Reason ok;
  EXPECT_EQ(pfhost::guarded_why(ok.get(),
                                [](std::string *why) {
                                  *why = "ignored";
                                  return PFHOST_OK;
                                }),
            PFHOST_OK);
  EXPECT_EQ(ok.str(), "untouched");
  Reason thrown;
  EXPECT_EQ(pfhost::guarded_why(thrown.get(),
                                [](std::string *) -> pfhost_status {
                                  throw pfhost::Error(PFHOST_E_TIMEOUT, "no answer");
                                }),
            PFHOST_E_TIMEOUT);
  EXPECT_EQ(thrown.str(), "no answer");
}

TEST(WriteStructTest, CopiesNoMoreThanBothSidesKnow) {
  auto from = pfhost::make_struct<pfhost_target>();
  from.kind = PFHOST_TARGET_PIPEWIRE_NODE;
  from.u.pipewire.node_id = 7;
  std::vector<unsigned char> buffer(sizeof(pfhost_target), 0xCD);
  auto *to = reinterpret_cast<pfhost_target *>(buffer.data());
  to->struct_size = 2 * sizeof(uint32_t);  // room for struct_size and kind only
  pfhost::write_struct(to, from);
  EXPECT_EQ(to->struct_size, 2 * sizeof(uint32_t));
  EXPECT_EQ(to->kind, static_cast<uint32_t>(PFHOST_TARGET_PIPEWIRE_NODE));
  for (size_t i = 2 * sizeof(uint32_t); i < buffer.size(); ++i) ASSERT_EQ(buffer[i], 0xCD);
  to->struct_size = 2;  // too small to hold even struct_size: nothing is written
  to->kind = 0;
  pfhost::write_struct(to, from);
  EXPECT_EQ(to->kind, 0u);
  pfhost::write_struct<pfhost_target>(nullptr, from);  // ignored
}

TEST(PipeWireNodeTargetTest, FillsEveryFieldACapturerReads) {
  pfhost_mode mode{};
  mode.width = 1280;
  mode.height = 720;
  mode.refresh_millihz = 60000;
  const pfhost_target on_default = pfhost::pipewire_node_target(mode, 42);
  EXPECT_EQ(on_default.struct_size, sizeof(pfhost_target));
  EXPECT_EQ(on_default.kind, static_cast<uint32_t>(PFHOST_TARGET_PIPEWIRE_NODE));
  EXPECT_EQ(on_default.mode.width, 1280u);
  EXPECT_EQ(on_default.mode.height, 720u);
  EXPECT_EQ(on_default.mode.refresh_millihz, 60000u);
  EXPECT_EQ(on_default.u.pipewire.node_id, 42u);
  EXPECT_EQ(on_default.u.pipewire.remote_fd, -1);  // the user's default daemon
  const pfhost_target on_remote = pfhost::pipewire_node_target(mode, 7, 13);
  EXPECT_EQ(on_remote.u.pipewire.node_id, 7u);
  EXPECT_EQ(on_remote.u.pipewire.remote_fd, 13);
}

}  // namespace
