#include "gamescope_probe.hpp"

#include "gamescope_version.hpp"
#include "log_text.hpp"

#include <pfhost/os/child_process.hpp>

#include <chrono>

namespace pfhost::gamescope {
namespace {

constexpr std::chrono::milliseconds kVersionTimeout{3000};

}  // namespace

ProbeVerdict probe_gamescope(const Settings &settings) {
  const auto binary = os::find_executable(settings.binary);
  if (!binary)
    return {PFHOST_E_UNAVAILABLE, "gamescope binary '" + settings.binary +
                                      "' not found (install gamescope 3.12 or newer, or set "
                                      "[plugins.gamescope] binary)"};
  const auto result = os::run_command({binary->string(), "--version"},
                                      os::ProcessEnvironment::current(), kVersionTimeout);
  if (result.timed_out)
    return {PFHOST_E_UNAVAILABLE, "'" + binary->string() + " --version' did not finish within " +
                                      std::to_string(kVersionTimeout.count()) + " ms"};
  const auto version = parse_version(result.output);
  if (!version)
    return {PFHOST_E_UNAVAILABLE,
            "'" + binary->string() +
                " --version' printed no gamescope version: " + last_lines(result.output, 3)};
  if (!supports_headless(*version))
    return {PFHOST_E_UNAVAILABLE, "gamescope " + version->text() + " at " + binary->string() +
                                      " has no headless backend (needs 3.12 or newer)"};
  return {};
}

}  // namespace pfhost::gamescope
