// gamescope's `--version` output, and whether that version has the headless backend (3.12+).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pfhost::gamescope {

struct Version {
  int major = 0;
  int minor = 0;
  int patch = 0;
  std::string text() const;
};

// Finds "gamescope version X.Y[.Z]" (ANSI colours and log prefixes allowed around it).
std::optional<Version> parse_version(std::string_view output);

// `--backend headless` arrived in gamescope 3.12.
bool supports_headless(const Version &version);

}  // namespace pfhost::gamescope
