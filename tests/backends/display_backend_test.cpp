// DisplayBackend / LiveDisplay over the C ABI: optional methods, error status + reason, and
// destroy exactly once. (Size-safe reading of a plugin's table is the loader's job, tested in
// tests/loader/descriptor_validation_test.cpp.)
#include "backends/display_backend.hpp"

#include <gtest/gtest.h>
#include <pfhost/plugin.hpp>

#include <cstring>

#include "backends/display_error.hpp"
#include "fake_display_backend.hpp"

namespace pfhost::core {
namespace {

using test::FakeDisplayBackend;
using test::request_for;

// A hand-written plugin with counters, for tables the fake cannot express.
struct Counters {
  int creates = 0;
  int destroys = 0;
  uint32_t seen_request_size = 0;
  bool return_null = false;
};
Counters g;

pfhost_display *const kHandle = reinterpret_cast<pfhost_display *>(0x1000);

pfhost_status hand_create(void *, const pfhost_display_request *request, pfhost_display **out,
                          pfhost_target *target, pfhost_reason *) {
  ++g.creates;
  g.seen_request_size = request->struct_size;
  *out = g.return_null ? nullptr : kHandle;
  target->kind = PFHOST_TARGET_WAYLAND_OUTPUT;
  target->mode = request->mode;
  std::strcpy(target->u.wayland.output_name, "HEADLESS-1");
  return PFHOST_OK;
}
void hand_destroy(pfhost_display *display) {
  EXPECT_EQ(display, kHandle);
  ++g.destroys;
}
pfhost_status good_reconfigure(pfhost_display *, const pfhost_mode *mode, pfhost_target *target,
                               pfhost_reason *reason) {
  if (mode->width > 8192) {
    set_reason(reason, "too wide for this compositor");
    return PFHOST_E_INVALID_ARGUMENT;
  }
  target->mode = *mode;
  return PFHOST_OK;
}

pfhost_display_vtable hand_table() {
  g = Counters{};
  pfhost_display_vtable table = make_struct<pfhost_display_vtable>();
  table.target_kinds = 1u << PFHOST_TARGET_WAYLAND_OUTPUT;
  table.create = hand_create;
  table.destroy = hand_destroy;
  return table;
}

TEST(DisplayBackend, CreateReturnsOwnerThatDestroysExactlyOnce) {
  FakeDisplayBackend fake("mutter");
  CreatedDisplay created = fake.backend().create(request_for(1280, 720, 60));
  ASSERT_NE(created.display, nullptr);
  EXPECT_EQ(created.target.struct_size, sizeof(pfhost_target));
  EXPECT_EQ(created.target.kind, static_cast<uint32_t>(PFHOST_TARGET_PIPEWIRE_NODE));
  EXPECT_EQ(created.target.mode.width, 1280u);
  EXPECT_EQ(created.display->backend_name(), "mutter");
  EXPECT_EQ(fake.creates(), 1);
  EXPECT_EQ(fake.destroys(), 0);
  created.display.reset();
  EXPECT_EQ(fake.destroys(), 1);
  EXPECT_EQ(fake.double_destroys(), 0);
}

TEST(DisplayBackend, FailureCarriesStatusAndPluginReason) {
  FakeDisplayBackend fake("mutter");
  fake.fail_next_create(PFHOST_E_UNAVAILABLE, "Mutter is not running on the session bus");
  try {
    (void)fake.backend().create(request_for(1920, 1080, 60));
    FAIL() << "create should have thrown";
  } catch (const DisplayError &e) {
    EXPECT_EQ(e.status(), PFHOST_E_UNAVAILABLE);
    EXPECT_EQ(e.reason(), "Mutter is not running on the session bus");
    EXPECT_STREQ(e.what(),
                 "mutter: create 1920x1080@60: unavailable: Mutter is not running on the session "
                 "bus");
  }
  EXPECT_EQ(fake.creates(), 0);
}

TEST(DisplayBackend, SuccessWithoutDisplayIsInternalError) {
  pfhost_display_vtable table = hand_table();
  g.return_null = true;
  DisplayBackend backend("broken", table, nullptr);
  try {
    (void)backend.create(request_for(640, 480, 30));
    FAIL() << "create should have thrown";
  } catch (const DisplayError &e) {
    EXPECT_EQ(e.status(), PFHOST_E_INTERNAL);
  }
  EXPECT_EQ(g.destroys, 0);
}

TEST(DisplayBackend, RequestIsPassedWithHostStructSize) {
  pfhost_display_vtable table = hand_table();
  DisplayBackend backend("wl", table, nullptr);
  pfhost_display_request request = request_for(800, 600, 60);
  request.struct_size = 0;  // a caller that forgot: the host still speaks its own size
  CreatedDisplay created = backend.create(request);
  EXPECT_EQ(g.seen_request_size, sizeof(pfhost_display_request));
  EXPECT_STREQ(created.target.u.wayland.output_name, "HEADLESS-1");
}

TEST(DisplayBackend, AbsentOptionalMethodsAreNeverCalled) {
  pfhost_display_vtable table = hand_table();  // is_alive and reconfigure NULL, as validated
  DisplayBackend backend("old", table, nullptr);
  EXPECT_FALSE(backend.has_is_alive());
  EXPECT_FALSE(backend.has_reconfigure());

  CreatedDisplay created = backend.create(request_for(800, 600, 60));
  EXPECT_TRUE(created.display->is_alive());  // absent: assumed alive
  EXPECT_FALSE(created.display->can_reconfigure());
  pfhost_target target = created.target;
  try {
    created.display->reconfigure(pfhost_mode{1024, 768, 60000}, target);
    FAIL() << "reconfigure should have thrown";
  } catch (const DisplayError &e) {
    EXPECT_EQ(e.status(), PFHOST_E_UNSUPPORTED);
  }
  created.display.reset();
  EXPECT_EQ(g.destroys, 1);
}

TEST(DisplayBackend, TableIsCopiedAndDisplayOutlivesBackend) {
  std::unique_ptr<LiveDisplay> display;
  {
    pfhost_display_vtable table = hand_table();
    table.reconfigure = good_reconfigure;
    auto backend = std::make_unique<DisplayBackend>("copy", table, nullptr);
    std::memset(&table, 0, sizeof table);  // the plugin's table is not referenced afterwards
    display = backend->create(request_for(800, 600, 60)).display;
  }
  pfhost_target target = make_struct<pfhost_target>();
  display->reconfigure(pfhost_mode{1024, 768, 60000}, target);
  EXPECT_EQ(target.mode.width, 1024u);
  try {
    display->reconfigure(pfhost_mode{10000, 768, 60000}, target);
    FAIL() << "reconfigure should have thrown";
  } catch (const DisplayError &e) {
    EXPECT_EQ(e.status(), PFHOST_E_INVALID_ARGUMENT);
    EXPECT_EQ(e.reason(), "too wide for this compositor");
  }
  EXPECT_EQ(target.mode.width, 1024u);  // unchanged by the failed call
  display.reset();
  EXPECT_EQ(g.destroys, 1);
}

TEST(LiveDisplay, DeadDisplayReportsPluginReason) {
  FakeDisplayBackend fake;
  CreatedDisplay created = fake.backend().create(request_for(1280, 720, 60));
  std::string why;
  EXPECT_TRUE(created.display->is_alive(&why));
  fake.set_alive(false);
  EXPECT_FALSE(created.display->is_alive(&why));
  EXPECT_EQ(why, "the fake compositor went away");
}

}  // namespace
}  // namespace pfhost::core
