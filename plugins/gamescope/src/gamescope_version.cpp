#include "gamescope_version.hpp"

#include "log_text.hpp"

#include <regex>

namespace pfhost::gamescope {

std::string Version::text() const {
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

std::optional<Version> parse_version(std::string_view output) {
  static const std::regex pattern(R"(gamescope version v?(\d+)\.(\d+)(?:\.(\d+))?)");
  const std::string text = strip_ansi(output);
  std::smatch match;
  if (!std::regex_search(text, match, pattern)) return std::nullopt;
  Version version;
  version.major = std::stoi(match[1].str());
  version.minor = std::stoi(match[2].str());
  version.patch = match[3].matched ? std::stoi(match[3].str()) : 0;
  return version;
}

bool supports_headless(const Version &version) {
  return version.major > 3 || (version.major == 3 && version.minor >= 12);
}

}  // namespace pfhost::gamescope
