// Descriptor checks on descriptors built right here, including ones no compiler-built plugin of
// ours would produce.
#include "loader/descriptor_validation.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstring>
#include <pfhost/plugin.hpp>
#include <string>

namespace pfhost::core {
namespace {

pfhost_status probe_ok(void *, pfhost_reason *) {
  return PFHOST_OK;
}
pfhost_status create(void *, const pfhost_display_request *, pfhost_display **, pfhost_target *,
                     pfhost_reason *) {
  return PFHOST_E_UNSUPPORTED;
}
void destroy(pfhost_display *) {}

struct Fixture {
  pfhost_display_vtable display{
      sizeof(pfhost_display_vtable), 2, create, destroy, nullptr, nullptr};
  pfhost_backend backend{sizeof(pfhost_backend),
                         PFHOST_BACKEND_DISPLAY,
                         "disp",
                         "a display",
                         7,
                         0,
                         probe_ok,
                         &display,
                         nullptr,
                         nullptr};
  const pfhost_backend *list[2] = {&backend, &backend};
  pfhost_plugin_descriptor descriptor{sizeof(pfhost_plugin_descriptor),
                                      PFHOST_ABI_MAJOR,
                                      PFHOST_ABI_MINOR,
                                      0,
                                      "plug",
                                      "1.2",
                                      "vendor",
                                      "desc",
                                      nullptr,
                                      1,
                                      0,
                                      list,
                                      nullptr};
};

TEST(DescriptorValidation, CopiesAGoodDescriptor) {
  Fixture f;
  const DescriptorCheck check = validate_descriptor(&f.descriptor);
  ASSERT_TRUE(check.descriptor) << check.error;
  EXPECT_EQ(check.descriptor->info.name, "plug");
  EXPECT_EQ(check.descriptor->info.version, "1.2");
  ASSERT_EQ(check.descriptor->backends.size(), 1u);
  const ValidatedBackend &b = check.descriptor->backends[0];
  EXPECT_TRUE(b.info.problem.empty());
  EXPECT_EQ(b.info.rank, 7);
  EXPECT_EQ(b.info.target_kinds, 2u);
  EXPECT_EQ(b.display.create, create);
}

TEST(DescriptorValidation, RejectsWholePlugins) {
  EXPECT_NE(validate_descriptor(nullptr).error.find("returned NULL"), std::string::npos);
  Fixture f;
  f.descriptor.abi_major = 2;
  EXPECT_EQ(validate_descriptor(&f.descriptor).error, "built for ABI 2.x, host speaks 1.x");
  f = Fixture{};
  f.descriptor.struct_size = 16;
  EXPECT_EQ(validate_descriptor(&f.descriptor).error.rfind("descriptor lies about its size", 0),
            0u);
  f.descriptor.struct_size = 70000;  // absurd
  EXPECT_EQ(validate_descriptor(&f.descriptor).error.rfind("descriptor lies about its size", 0),
            0u);
  f = Fixture{};
  f.descriptor.name = "Upper";
  EXPECT_EQ(validate_descriptor(&f.descriptor).error.rfind("invalid plugin name 'Upper'", 0), 0u);
  f = Fixture{};
  f.descriptor.backends = nullptr;
  EXPECT_FALSE(validate_descriptor(&f.descriptor).descriptor);
}

TEST(DescriptorValidation, NewerMinorWithBiggerStructsLoads) {
  struct Bigger {
    pfhost_plugin_descriptor d;
    char future[64];
  } bigger{};
  Fixture f;
  bigger.d = f.descriptor;
  bigger.d.struct_size = sizeof bigger;
  bigger.d.abi_minor = 99;
  std::memset(bigger.future, 0xAB, sizeof bigger.future);
  const DescriptorCheck check = validate_descriptor(&bigger.d);
  ASSERT_TRUE(check.descriptor) << check.error;
  EXPECT_EQ(check.descriptor->info.abi_minor, 99u);
  EXPECT_EQ(check.descriptor->descriptor.struct_size, sizeof(pfhost_plugin_descriptor));
}

TEST(DescriptorValidation, BadBackendsAreSkippedNotFatal) {
  Fixture f;
  pfhost_backend second = f.backend;
  second.struct_size = 12;
  f.list[1] = &second;
  f.descriptor.backend_count = 2;
  DescriptorCheck check = validate_descriptor(&f.descriptor);
  ASSERT_TRUE(check.descriptor);
  EXPECT_EQ(check.descriptor->backends[1].info.problem.rfind("backend #1: backend struct lies", 0),
            0u);

  second = f.backend;  // same name as #0
  check = validate_descriptor(&f.descriptor);
  EXPECT_EQ(check.descriptor->backends[1].info.problem,
            "duplicate backend name 'disp': already backend #0 of this plugin; skipped");

  second.name = "other";
  second.display = nullptr;
  check = validate_descriptor(&f.descriptor);
  EXPECT_NE(check.descriptor->backends[1].info.problem, "");

  pfhost_display_vtable no_create = f.display;
  no_create.create = nullptr;
  second.display = &no_create;
  check = validate_descriptor(&f.descriptor);
  EXPECT_EQ(check.descriptor->backends[1].info.problem, "display table lacks create()");
}

TEST(DescriptorValidation, NameRules) {
  EXPECT_TRUE(is_valid_name("pipewire"));
  EXPECT_TRUE(is_valid_name("pf-vdisplay_2"));
  EXPECT_FALSE(is_valid_name(""));
  EXPECT_FALSE(is_valid_name("Mutter"));
  EXPECT_FALSE(is_valid_name("a b"));
  EXPECT_FALSE(is_valid_name(std::string(65, 'a')));
}

// The host's backend objects trust the tables the loader hands them; these are the checks that
// trust rests on.
namespace table_checks {

pfhost_status open_capture(void *, const pfhost_capture_params *, pfhost_capture **,
                           pfhost_reason *) {
  return PFHOST_E_UNSUPPORTED;
}
pfhost_status next_frame(pfhost_capture *, uint32_t, pfhost_frame **, pfhost_reason *) {
  return PFHOST_E_TIMEOUT;
}
void close_capture(pfhost_capture *) {}

// The problem validation reports for a descriptor whose second backend is `backend`.
std::string problem_with(pfhost_backend backend) {
  Fixture f;
  f.list[1] = &backend;
  f.descriptor.backend_count = 2;
  const DescriptorCheck check = validate_descriptor(&f.descriptor);
  return check.descriptor ? check.descriptor->backends[1].info.problem : check.error;
}

TEST(DescriptorValidation, EveryRequiredTableMemberIsChecked) {
  Fixture f;
  pfhost_backend display = f.backend;
  display.name = "d2";
  pfhost_display_vtable no_destroy = f.display;
  no_destroy.destroy = nullptr;
  display.display = &no_destroy;
  EXPECT_EQ(problem_with(display), "display table lacks destroy()");

  pfhost_capture_vtable capture = pfhost::make_struct<pfhost_capture_vtable>();
  capture.open = open_capture;
  capture.next_frame = next_frame;
  capture.close = close_capture;
  pfhost_backend cap = f.backend;
  cap.name = "cap";
  cap.kind = PFHOST_BACKEND_CAPTURE;
  cap.display = nullptr;
  cap.capture = &capture;
  EXPECT_EQ(problem_with(cap), "");
  pfhost_capture_vtable no_open = capture;
  no_open.open = nullptr;
  cap.capture = &no_open;
  EXPECT_EQ(problem_with(cap), "capture table lacks open()");
  pfhost_capture_vtable no_close = capture;
  no_close.close = nullptr;
  cap.capture = &no_close;
  EXPECT_EQ(problem_with(cap), "capture table lacks close()");
  pfhost_capture_vtable no_next = capture;
  no_next.next_frame = nullptr;
  cap.capture = &no_next;
  EXPECT_EQ(problem_with(cap), "capture table lacks next_frame()");
}

TEST(DescriptorValidation, TablesShorterThanTheFirstLayoutAreRefused) {
  Fixture f;
  pfhost_backend display = f.backend;
  display.name = "short";
  pfhost_display_vtable short_table = f.display;
  short_table.struct_size = static_cast<uint32_t>(offsetof(pfhost_display_vtable, destroy));
  display.display = &short_table;
  EXPECT_NE(problem_with(display).find("lies about its size"), std::string::npos)
      << problem_with(display);
}

TEST(DescriptorValidation, OptionalMembersComeThroughAsTheyAre) {
  Fixture f;
  const DescriptorCheck check = validate_descriptor(&f.descriptor);
  ASSERT_TRUE(check.descriptor) << check.error;
  const pfhost_display_vtable &copy = check.descriptor->backends[0].display;
  EXPECT_EQ(copy.struct_size, sizeof(pfhost_display_vtable));
  EXPECT_EQ(copy.create, &create);
  EXPECT_EQ(copy.is_alive, nullptr);
  EXPECT_EQ(copy.reconfigure, nullptr);
}

}  // namespace table_checks
}  // namespace
}  // namespace pfhost::core
