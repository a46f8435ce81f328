// create() failures come back as a status and a sentence naming what did not happen.
#include "fake_screencast.hpp"
#include "mutter_environment.hpp"

#include <pfhost/test/test_plugin.hpp>

#include <gtest/gtest.h>

#include <array>
#include <chrono>

namespace pfhost::test {
namespace {

struct CreateAnswer {
  pfhost_status status;
  std::string reason;
  std::chrono::milliseconds took;
};

CreateAnswer create_mutter_display(std::string_view settings) {
  const TestPlugin plugin(PFHOST_MUTTER_PLUGIN, settings);
  std::array<char, 1024> text{};
  pfhost_reason reason{sizeof(pfhost_reason), static_cast<uint32_t>(text.size()), text.data()};
  pfhost_display_request request{};
  request.struct_size = sizeof request;
  request.mode = {1280, 720, 30000};
  request.cursor_mode = PFHOST_CURSOR_EMBEDDED;
  pfhost_target target{};
  target.struct_size = sizeof target;
  pfhost_display *display = nullptr;
  const auto *table = plugin.display_table("mutter");
  const auto start = std::chrono::steady_clock::now();
  const pfhost_status status = table->create(plugin.ctx(), &request, &display, &target, &reason);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  if (status == PFHOST_OK) table->destroy(display);
  return {status, text.data(), took};
}

TEST(MutterCreateErrors, NoMutterOnTheBusIsUnavailable) {
  if (auto why = PipeWireEnvironment::unavailable_reason()) GTEST_SKIP() << *why;
  PipeWireEnvironment pw;
  const CreateAnswer answer = create_mutter_display({});
  EXPECT_EQ(answer.status, PFHOST_E_UNAVAILABLE) << answer.reason;
  EXPECT_NE(answer.reason.find("org.gnome.Mutter.ScreenCast) is not on the session bus"),
            std::string::npos)
      << answer.reason;
}

TEST(MutterCreateErrors, RefusedCreateSessionNamesTheCallAndMutterAnswer) {
  if (auto why = PipeWireEnvironment::unavailable_reason()) GTEST_SKIP() << *why;
  PipeWireEnvironment pw;
  const FakeScreenCast fake(FakeScreenCast::Behaviour::refuse_create_session);
  const CreateAnswer answer = create_mutter_display({});
  EXPECT_EQ(answer.status, PFHOST_E_UNAVAILABLE) << answer.reason;
  EXPECT_NE(answer.reason.find("ScreenCast.CreateSession"), std::string::npos) << answer.reason;
  EXPECT_NE(answer.reason.find("fake Mutter refuses screencasts"), std::string::npos)
      << answer.reason;
}

TEST(MutterCreateErrors, NoNodeWithinTheTimeoutIsATimeoutAndStopsTheSession) {
  if (auto why = PipeWireEnvironment::unavailable_reason()) GTEST_SKIP() << *why;
  PipeWireEnvironment pw;
  const FakeScreenCast fake(FakeScreenCast::Behaviour::never_announce_node);
  const CreateAnswer answer = create_mutter_display("node_timeout_ms = 300");
  EXPECT_EQ(answer.status, PFHOST_E_TIMEOUT) << answer.reason;
  EXPECT_NE(answer.reason.find("announced no PipeWire node (PipeWireStreamAdded) within 300 ms"),
            std::string::npos)
      << answer.reason;
  EXPECT_GE(answer.took.count(), 300);
  EXPECT_LT(answer.took.count(), 3000);
  EXPECT_EQ(fake.stop_calls(), 1) << "the half-made session must be stopped";
}

}  // namespace
}  // namespace pfhost::test
