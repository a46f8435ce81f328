#include "backends/display_text.hpp"

namespace pfhost::core {

std::string mode_text(const pfhost_mode &mode) {
  std::string text = std::to_string(mode.width) + "x" + std::to_string(mode.height) + "@" +
                     std::to_string(mode.refresh_millihz / 1000);
  uint32_t fraction = mode.refresh_millihz % 1000;
  if (fraction != 0) {
    std::string digits = std::to_string(fraction);
    digits.insert(0, 3 - digits.size(), '0');
    while (digits.back() == '0') digits.pop_back();
    text += "." + digits;
  }
  return text;
}

std::string duration_text(std::chrono::milliseconds d) {
  const long long ms = d.count();
  if (ms < 1000) return std::to_string(ms) + "ms";
  const long long minutes = ms / 60'000;
  const long long rest_ms = ms % 60'000;
  std::string text;
  if (minutes > 0) text = std::to_string(minutes) + "m";
  if (rest_ms == 0) return text;
  text += std::to_string(rest_ms / 1000);
  if (rest_ms % 1000 != 0) {
    std::string digits = std::to_string(rest_ms % 1000);
    digits.insert(0, 3 - digits.size(), '0');
    while (digits.back() == '0') digits.pop_back();
    text += "." + digits;
  }
  return text + "s";
}

}  // namespace pfhost::core
