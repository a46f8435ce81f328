// Drives the SDK example (examples/minimal-plugin) through its C ABI the way the host does:
// dlopen, entry, init with host services, probe, open a capture, pull frames, release, close. So
// the example vendors copy is known to work, not just to compile.
#ifdef _WIN32
#include <windows.h>
#else
#include <dlfcn.h>
#endif
#include <gtest/gtest.h>
#include <pfhost/plugin.hpp>

#include <cstring>
#include <string>
#include <vector>

namespace {

// A host-services table backed by a fixed config: speed = 2, plus the extra keys a test adds
// (which the plugin must flag).
struct FakeHost {
  std::vector<std::string> logs;
  std::vector<std::string> keys = {"speed"};
  static FakeHost &of(void *ctx) { return *static_cast<FakeHost *>(ctx); }
};

void fake_log(void *ctx, int32_t, const char *message) {
  FakeHost::of(ctx).logs.push_back(message);
}
pfhost_status fake_get_string(void *, const char *, const char **) {
  return PFHOST_E_NOT_FOUND;
}
pfhost_status fake_get_int(void *, const char *key, int64_t *out) {
  if (std::strcmp(key, "speed") != 0) return PFHOST_E_NOT_FOUND;
  *out = 2;
  return PFHOST_OK;
}
pfhost_status fake_get_double(void *, const char *, double *) {
  return PFHOST_E_NOT_FOUND;
}
pfhost_status fake_get_bool(void *, const char *, int32_t *) {
  return PFHOST_E_NOT_FOUND;
}
const char *fake_key_at(void *ctx, uint32_t index) {
  const std::vector<std::string> &keys = FakeHost::of(ctx).keys;
  return index < keys.size() ? keys[index].c_str() : nullptr;
}
uint64_t fake_now_ns(void *) {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return uint64_t(now.tv_sec) * 1'000'000'000u + uint64_t(now.tv_nsec);
}

class ExamplePlugin : public ::testing::Test {
 protected:
  void SetUp() override { load_and_init(); }

  // deinit (ABI 1.1) frees what init made, as the host does at exit; LeakSanitizer (in the
  // sanitizer builds) checks that it really does.
  void TearDown() override {
    if (descriptor_ == nullptr || plugin_ctx_ == nullptr) return;
    ASSERT_TRUE(PFHOST_HAS_MEMBER(descriptor_, deinit));
    descriptor_->deinit(plugin_ctx_);
    plugin_ctx_ = nullptr;
  }

  void load_and_init() {
#ifdef _WIN32
    HMODULE module = LoadLibraryA(EXAMPLE_PLUGIN_PATH);
    ASSERT_NE(module, nullptr) << "LoadLibrary error " << GetLastError();
    library_ = module;
    auto entry = reinterpret_cast<pfhost_plugin_entry_fn>(
        reinterpret_cast<void *>(GetProcAddress(module, PFHOST_PLUGIN_ENTRY_SYMBOL)));
#else
    library_ = dlopen(EXAMPLE_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(library_, nullptr) << dlerror();
    auto entry =
        reinterpret_cast<pfhost_plugin_entry_fn>(dlsym(library_, PFHOST_PLUGIN_ENTRY_SYMBOL));
#endif
    ASSERT_NE(entry, nullptr);
    descriptor_ = entry(PFHOST_ABI_MAJOR, PFHOST_ABI_MINOR);
    ASSERT_NE(descriptor_, nullptr);
    ASSERT_EQ(descriptor_->backend_count, 1u);
    backend_ = descriptor_->backends[0];

    api_ = pfhost_host_api{sizeof(pfhost_host_api),
                           PFHOST_ABI_MAJOR,
                           PFHOST_ABI_MINOR,
                           0,
                           &host_,
                           fake_log,
                           fake_get_string,
                           fake_get_int,
                           fake_get_double,
                           fake_get_bool,
                           fake_key_at,
                           fake_now_ns};
    ASSERT_EQ(descriptor_->init(&api_, &plugin_ctx_, reason()), PFHOST_OK) << reason_text_;
  }
  // Never dlclose: plugins stay loaded for the life of the process, as in the host.

  pfhost_reason *reason() {
    reason_text_[0] = '\0';
    reason_ = pfhost_reason{sizeof(pfhost_reason), sizeof reason_text_, reason_text_};
    return &reason_;
  }

  void *library_ = nullptr;
  const pfhost_plugin_descriptor *descriptor_ = nullptr;
  const pfhost_backend *backend_ = nullptr;
  FakeHost host_;
  pfhost_host_api api_{};
  void *plugin_ctx_ = nullptr;
  char reason_text_[256] = {};
  pfhost_reason reason_{};
};

TEST_F(ExamplePlugin, DescribesOneCaptureBackendThatProbesOk) {
  EXPECT_EQ(descriptor_->abi_major, uint32_t{PFHOST_ABI_MAJOR});
  EXPECT_STREQ(descriptor_->name, "minimal");
  EXPECT_EQ(backend_->kind, uint32_t{PFHOST_BACKEND_CAPTURE});
  EXPECT_STREQ(backend_->name, "test-pattern");
  ASSERT_NE(backend_->capture, nullptr);
  EXPECT_EQ(backend_->display, nullptr);
  EXPECT_EQ(backend_->encode, nullptr);
  EXPECT_EQ(backend_->probe(plugin_ctx_, reason()), PFHOST_OK) << reason_text_;
}

// The SDK's config policy: init still works, but the probe fails naming the key nobody reads and
// the one the user probably meant, which is what `pfhost --list-backends` then shows.
TEST_F(ExamplePlugin, UnknownConfigKeyFailsTheProbeWithASuggestion) {
  TearDown();
  host_.keys = {"speed", "sped"};
  load_and_init();
  EXPECT_EQ(backend_->probe(plugin_ctx_, reason()), PFHOST_E_INVALID_ARGUMENT);
  EXPECT_STREQ(reason_text_, "[plugins.minimal] unknown key 'sped' (did you mean 'speed'?)");
}

TEST_F(ExamplePlugin, CapturesPacedMovingBars) {
  const pfhost_capture_vtable &vt = *backend_->capture;
  pfhost_target target{};
  target.struct_size = sizeof target;
  pfhost_capture_params params{};
  params.struct_size = sizeof params;
  params.target = &target;
  params.mode = pfhost_mode{64, 16, 100000};  // 100 Hz: frames 10 ms apart
  pfhost_capture *capture = nullptr;
  ASSERT_EQ(vt.open(plugin_ctx_, &params, &capture, reason()), PFHOST_OK) << reason_text_;

  pfhost_frame *first = nullptr;
  pfhost_frame *second = nullptr;
  ASSERT_EQ(vt.next_frame(capture, 1000, &first, reason()), PFHOST_OK) << reason_text_;
  ASSERT_EQ(vt.next_frame(capture, 1000, &second, reason()), PFHOST_OK) << reason_text_;
  EXPECT_EQ(first->memory, uint32_t{PFHOST_MEMORY_CPU});
  EXPECT_EQ(first->pixel_format, uint32_t{PFHOST_PIXEL_FORMAT_BGRX});
  EXPECT_EQ(first->width, 64u);
  EXPECT_EQ(first->height, 16u);
  EXPECT_EQ(first->u.cpu.stride[0], 64u * 4);
  EXPECT_GT(second->sequence, first->sequence);
  EXPECT_GE(second->timestamp_ns - first->timestamp_ns, 9'000'000u);  // paced, not spinning

  // The bars move `speed` (2) px per frame: frame B at x shows what frame A showed at x + shift.
  const auto *a = static_cast<const uint8_t *>(first->u.cpu.data[0]);
  const auto *b = static_cast<const uint8_t *>(second->u.cpu.data[0]);
  const uint64_t shift = 2 * (second->sequence - first->sequence);
  ASSERT_LT(shift, 64u);
  EXPECT_EQ(std::memcmp(b, a + shift * 4, (64 - shift) * 4), 0);
  EXPECT_NE(std::memcmp(a, a + 8 * 4, 4), 0) << "neighbouring bars differ";
  // Every row is the same.
  EXPECT_EQ(std::memcmp(a, a + 15 * first->u.cpu.stride[0], 64 * 4), 0);

  // The host may hold frames past close(); each is released exactly once.
  vt.close(capture);
  first->release(first);
  second->release(second);
}

TEST_F(ExamplePlugin, RejectsAnEmptyModeWithAReason) {
  pfhost_capture_params params{};
  params.struct_size = sizeof params;
  pfhost_capture *capture = nullptr;
  EXPECT_EQ(backend_->capture->open(plugin_ctx_, &params, &capture, reason()),
            PFHOST_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(reason_text_).find("mode"), std::string::npos);
  EXPECT_EQ(capture, nullptr);
}

TEST_F(ExamplePlugin, TimesOutWhenTheNextFrameIsNotDue) {
  pfhost_capture_params params{};
  params.struct_size = sizeof params;
  params.mode = pfhost_mode{8, 8, 1000};  // 1 Hz
  pfhost_capture *capture = nullptr;
  ASSERT_EQ(backend_->capture->open(plugin_ctx_, &params, &capture, reason()), PFHOST_OK);
  pfhost_frame *frame = nullptr;
  ASSERT_EQ(backend_->capture->next_frame(capture, 0, &frame, reason()), PFHOST_OK);
  frame->release(frame);
  EXPECT_EQ(backend_->capture->next_frame(capture, 1, &frame, reason()), PFHOST_E_TIMEOUT);
  backend_->capture->close(capture);
}

}  // namespace
