#include "backends/display_text.hpp"

#include <gtest/gtest.h>

namespace pfhost::core {
namespace {

using namespace std::chrono_literals;

TEST(DisplayText, Modes) {
  EXPECT_EQ(mode_text({1280, 720, 60000}), "1280x720@60");
  EXPECT_EQ(mode_text({1920, 1080, 59940}), "1920x1080@59.94");
  EXPECT_EQ(mode_text({800, 600, 59500}), "800x600@59.5");
  EXPECT_EQ(mode_text({800, 600, 1}), "800x600@0.001");
}

TEST(DisplayText, Durations) {
  EXPECT_EQ(duration_text(250ms), "250ms");
  EXPECT_EQ(duration_text(10s), "10s");
  EXPECT_EQ(duration_text(1500ms), "1.5s");
  EXPECT_EQ(duration_text(150s), "2m30s");
  EXPECT_EQ(duration_text(2min), "2m");
}

}  // namespace
}  // namespace pfhost::core
