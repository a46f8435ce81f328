#include "config/duration.hpp"

#include <gtest/gtest.h>

namespace pfhost::core::config {
namespace {

using namespace std::chrono_literals;

TEST(ParseDuration, Units) {
  EXPECT_EQ(parse_duration("0ms").value, 0ms);
  EXPECT_EQ(parse_duration("500ms").value, 500ms);
  EXPECT_EQ(parse_duration("10s").value, 10s);
  EXPECT_EQ(parse_duration("2m").value, 2min);
  EXPECT_EQ(parse_duration("1h").value, 1h);
  EXPECT_EQ(parse_duration("0010s").value, 10s);
}

TEST(ParseDuration, Rejects) {
  for (const char *text : {"", "10", "10x", "-1s", "+1s", " 1s", "1s ", "1 s", "1.5s", "s", "10sec",
                           "1h30m", "10S", "9223372036854775808ms", "9999999999999999h"}) {
    const ParsedDuration parsed = parse_duration(text);
    EXPECT_FALSE(parsed.value) << text;
    EXPECT_FALSE(parsed.problem.empty()) << text;
  }
}

TEST(ParseDuration, LargestValue) {
  EXPECT_EQ(parse_duration("9223372036854775807ms").value,
            std::chrono::milliseconds(9223372036854775807));
}

}  // namespace
}  // namespace pfhost::core::config
