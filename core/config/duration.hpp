// Durations written as "<integer><unit>" with unit ms, s, m or h ("500ms", "10s", "2m", "1h").
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace pfhost::core::config {

struct ParsedDuration {
  std::optional<std::chrono::milliseconds> value;  // set on success
  std::string problem;                             // set on failure, e.g. "\"10\" has no unit"
};

ParsedDuration parse_duration(std::string_view text);

}  // namespace pfhost::core::config
