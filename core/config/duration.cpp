#include "config/duration.hpp"

#include <cstdint>
#include <limits>

namespace pfhost::core::config {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::string quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

std::optional<int64_t> unit_in_ms(std::string_view unit) {
  if (unit == "ms") return 1;
  if (unit == "s") return 1'000;
  if (unit == "m") return 60'000;
  if (unit == "h") return 3'600'000;
  return std::nullopt;
}

ParsedDuration failure(std::string problem) {
  return {std::nullopt, std::move(problem)};
}

}  // namespace

ParsedDuration parse_duration(std::string_view text) {
  if (text.empty()) return failure("the duration is empty");
  if (text.front() == '-') return failure(quoted(text) + " is negative");
  size_t digits = 0;
  while (digits < text.size() && is_digit(text[digits])) ++digits;
  if (digits == 0) return failure(quoted(text) + " does not start with a number");
  const std::string_view unit = text.substr(digits);
  if (unit.empty()) return failure(quoted(text) + " has no unit");
  if (unit.front() == '.' || unit.front() == ',') {
    return failure(quoted(text) + " is not a whole number");
  }
  const std::optional<int64_t> scale = unit_in_ms(unit);
  if (!scale) return failure(quoted(text) + " has an unknown unit '" + std::string(unit) + "'");

  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  int64_t count = 0;
  for (char c : text.substr(0, digits)) {
    if (count > (kMax - (c - '0')) / 10) return failure(quoted(text) + " is too long");
    count = count * 10 + (c - '0');
  }
  if (count > kMax / *scale) return failure(quoted(text) + " is too long");
  return {std::chrono::milliseconds(count * *scale), {}};
}

}  // namespace pfhost::core::config
