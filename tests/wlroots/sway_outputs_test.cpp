// The pure parts of the sway IPC conversation: GET_OUTPUTS parsing, the new-output diff and the
// mode command text.
#include "sway_outputs.hpp"

#include <gtest/gtest.h>

#include <pfhost/plugin.hpp>

namespace pfhost::wlroots {
namespace {

TEST(SwayOutputs, ParsesNamesActivityAndCurrentMode) {
  const auto reply = nlohmann::json::parse(R"([
    {"name": "HEADLESS-1", "active": true,
     "current_mode": {"width": 1600, "height": 900, "refresh": 30000}},
    {"name": "HEADLESS-2", "active": false},
    {"active": true}
  ])");
  const auto outputs = parse_outputs(reply);
  ASSERT_EQ(outputs.size(), 2u);
  EXPECT_EQ(outputs[0].name, "HEADLESS-1");
  EXPECT_TRUE(outputs[0].active);
  EXPECT_EQ(outputs[0].mode.width, 1600u);
  EXPECT_EQ(outputs[0].mode.height, 900u);
  EXPECT_EQ(outputs[0].mode.refresh_millihz, 30000u);
  EXPECT_FALSE(outputs[1].active);
  EXPECT_EQ(outputs[1].mode.width, 0u);
}

TEST(SwayOutputs, RejectsANonArrayReply) {
  EXPECT_THROW(parse_outputs(nlohmann::json::object()), pfhost::Error);
}

TEST(SwayOutputs, FindsTheOutputCreateOutputAdded) {
  const std::vector<SwayOutput> before = {{"HEADLESS-1", true, {}}};
  const std::vector<SwayOutput> after = {{"HEADLESS-1", true, {}}, {"HEADLESS-3", true, {}}};
  EXPECT_EQ(find_new_output(before, after), "HEADLESS-3");
  EXPECT_EQ(find_new_output(after, after), std::nullopt);
}

TEST(SwayOutputs, ModeCommandUsesCustomModeAndExactRates) {
  EXPECT_EQ(mode_command("HEADLESS-2", {1600, 900, 30000}),
            "output HEADLESS-2 mode --custom 1600x900@30Hz");
  EXPECT_EQ(mode_command("HEADLESS-2", {1920, 1080, 59940}),
            "output HEADLESS-2 mode --custom 1920x1080@59.940Hz");
  EXPECT_EQ(mode_command("X", {1366, 768, 75005}), "output X mode --custom 1366x768@75.005Hz");
}

}  // namespace
}  // namespace pfhost::wlroots
