#include "config/edit_distance.hpp"

#include <gtest/gtest.h>

namespace pfhost::core::config {
namespace {

TEST(EditDistance, Basics) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("keepalive", "keep_alive"), 1u);
  EXPECT_EQ(edit_distance("sharnig", "sharing"), 1u);  // transposition
}

TEST(ClosestMatch, PrefixesCount) {
  constexpr std::string_view levels[] = {"trace", "debug", "info", "warn", "error", "off"};
  EXPECT_EQ(closest_match("warning", levels), "warn");
  EXPECT_EQ(closest_match("err", levels), "error");
}

TEST(ClosestMatch, SuggestsPlausibleTyposOnly) {
  constexpr std::string_view keys[] = {"keep_alive", "max_displays", "sharing"};
  EXPECT_EQ(closest_match("keepalive", keys), "keep_alive");
  EXPECT_EQ(closest_match("max_display", keys), "max_displays");
  EXPECT_EQ(closest_match("Sharing", keys), "sharing");
  EXPECT_EQ(closest_match("timeout", keys), std::nullopt);
  EXPECT_EQ(closest_match("x", keys), std::nullopt);
  EXPECT_EQ(closest_match("max", keys), "max_displays");
  EXPECT_EQ(closest_match("ma", keys), std::nullopt);
}

}  // namespace
}  // namespace pfhost::core::config
