// sway's outputs as seen through IPC: parsing GET_OUTPUTS, spotting the output create_output
// added, and the commands that size, enable and remove one. The parsing is pure (unit-tested);
// the operations take a connected SwayIpc.
#pragma once

#include "sway_ipc.hpp"

#include <pfhost/abi.h>

#include <optional>
#include <string>
#include <vector>

namespace pfhost::wlroots {

struct SwayOutput {
  std::string name;
  bool active = false;
  pfhost_mode mode{};  // current mode; zero when disabled
};

std::vector<SwayOutput> parse_outputs(const nlohmann::json &reply);
// The first name in `after` that is not in `before` (create_output adds exactly one).
std::optional<std::string> find_new_output(const std::vector<SwayOutput> &before,
                                           const std::vector<SwayOutput> &after);
// "output NAME mode --custom 1600x900@30Hz" (fractional rates as "59.940Hz").
std::string mode_command(const std::string &output, const pfhost_mode &mode);

// create_output, then the name of the new HEADLESS-N. Callers serialize per compositor: two
// concurrent creations would each see the other's output in their diff.
std::string create_headless_output(SwayIpc &ipc);
// Sets the custom mode, enables the output and returns the mode sway reports afterwards.
pfhost_mode configure_output(SwayIpc &ipc, const std::string &output, const pfhost_mode &mode);
enum class Removal {
  kUnplugged,    // gone (sway >= 1.8: `output NAME unplug`)
  kDisabled,     // still listed, disabled
  kStillEnabled  // sway accepted `disable` but could not commit it (sway 1.7 headless outputs)
};
// Removes the output as far as this sway can.
Removal remove_output(SwayIpc &ipc, const std::string &output);
// The output's entry, if sway lists it.
std::optional<SwayOutput> find_output(SwayIpc &ipc, const std::string &output);

}  // namespace pfhost::wlroots
