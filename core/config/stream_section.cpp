#include <chrono>
#include <string>

#include "config/duration.hpp"
#include "config/sections.hpp"

namespace pfhost::core::config {
namespace {

constexpr std::string_view kFrameRates[] = {"variable", "constant"};
constexpr std::string_view kIdleRepeatHint =
    "accepted: a duration from \"100ms\" to \"10s\", such as \"500ms\" or \"1s\"";
constexpr auto kShortestIdleRepeat = std::chrono::milliseconds(100);
constexpr auto kLongestIdleRepeat = std::chrono::seconds(10);

}  // namespace

void read_stream_table(const TableReader &table, StreamPolicy &policy) {
  table.reject_unknown_keys(kStreamKeys);
  if (auto rate = table.choice("frame_rate", kFrameRates, "a frame rate policy")) {
    policy.constant_frame_rate = *rate == 1;
  }
  const std::optional<std::string> text = table.string("idle_repeat", kIdleRepeatHint);
  if (!text) return;
  const ParsedDuration parsed = parse_duration(*text);
  if (!parsed.value) {
    table.report(*table.find("idle_repeat"), table.key_path("idle_repeat"), parsed.problem,
                 kIdleRepeatHint);
    return;
  }
  // Shorter costs nearly what a constant rate does; longer leaves players and network receivers
  // that watch for data too long without a frame.
  if (*parsed.value < kShortestIdleRepeat || *parsed.value > kLongestIdleRepeat) {
    table.report(*table.find("idle_repeat"), table.key_path("idle_repeat"),
                 "'" + *text + "' is out of range", kIdleRepeatHint);
    return;
  }
  policy.idle_repeat = *parsed.value;
}

}  // namespace pfhost::core::config
