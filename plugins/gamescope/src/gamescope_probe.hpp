// Whether the configured gamescope can run headless: the binary exists and its `--version` says
// 3.12 or newer. Otherwise the reason names what was found.
#pragma once

#include "gamescope_settings.hpp"

#include <pfhost/abi.h>

#include <string>

namespace pfhost::gamescope {

struct ProbeVerdict {
  pfhost_status status = PFHOST_OK;
  std::string reason;
};

ProbeVerdict probe_gamescope(const Settings &settings);

}  // namespace pfhost::gamescope
