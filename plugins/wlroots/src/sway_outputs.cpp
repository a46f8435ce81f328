#include "sway_outputs.hpp"

#include <pfhost/plugin.hpp>

#include <algorithm>
#include <cstdio>

namespace pfhost::wlroots {

std::vector<SwayOutput> parse_outputs(const nlohmann::json &reply) {
  if (!reply.is_array()) throw Error(PFHOST_E_IO, "sway GET_OUTPUTS did not return an array");
  std::vector<SwayOutput> outputs;
  for (const auto &entry : reply) {
    if (!entry.is_object()) continue;
    SwayOutput output;
    output.name = entry.value("name", std::string());
    output.active = entry.value("active", false);
    if (const auto it = entry.find("current_mode"); it != entry.end() && it->is_object()) {
      output.mode.width = it->value("width", 0u);
      output.mode.height = it->value("height", 0u);
      output.mode.refresh_millihz = it->value("refresh", 0u);  // sway reports mHz
    }
    if (!output.name.empty()) outputs.push_back(std::move(output));
  }
  return outputs;
}

std::optional<std::string> find_new_output(const std::vector<SwayOutput> &before,
                                           const std::vector<SwayOutput> &after) {
  for (const auto &candidate : after) {
    const bool known = std::any_of(before.begin(), before.end(),
                                   [&](const SwayOutput &o) { return o.name == candidate.name; });
    if (!known) return candidate.name;
  }
  return std::nullopt;
}

std::string mode_command(const std::string &output, const pfhost_mode &mode) {
  char rate[32];
  if (mode.refresh_millihz % 1000 == 0)
    std::snprintf(rate, sizeof rate, "%u", mode.refresh_millihz / 1000);
  else
    std::snprintf(rate, sizeof rate, "%u.%03u", mode.refresh_millihz / 1000,
                  mode.refresh_millihz % 1000);
  return "output " + output + " mode --custom " + std::to_string(mode.width) + "x" +
         std::to_string(mode.height) + "@" + rate + "Hz";
}

std::string create_headless_output(SwayIpc &ipc) {
  const auto before = parse_outputs(ipc.outputs());
  ipc.run_command("create_output");
  const auto after = parse_outputs(ipc.outputs());
  const auto name = find_new_output(before, after);
  if (!name)
    throw Error(PFHOST_E_UNAVAILABLE,
                "sway accepted create_output but no new output appeared (is this sway running "
                "with the headless backend, e.g. WLR_BACKENDS=headless or a multi-backend?)");
  return *name;
}

std::optional<SwayOutput> find_output(SwayIpc &ipc, const std::string &output) {
  for (auto &entry : parse_outputs(ipc.outputs()))
    if (entry.name == output) return entry;
  return std::nullopt;
}

pfhost_mode configure_output(SwayIpc &ipc, const std::string &output, const pfhost_mode &mode) {
  ipc.run_command(mode_command(output, mode));
  ipc.run_command("output " + output + " enable");
  const auto entry = find_output(ipc, output);
  if (!entry) throw Error(PFHOST_E_CLOSED, "sway output " + output + " vanished while configured");
  if (!entry->active) throw Error(PFHOST_E_UNAVAILABLE, "sway did not enable output " + output);
  return entry->mode;
}

Removal remove_output(SwayIpc &ipc, const std::string &output) {
  try {
    ipc.run_command("output " + output + " unplug");
    return Removal::kUnplugged;
  } catch (const Error &e) {
    if (e.status() != PFHOST_E_INVALID_ARGUMENT) throw;  // not "unknown subcommand"
  }
  ipc.run_command("output " + output + " disable");
  // sway answers success before it commits; 1.7 then fails to commit a headless output.
  const auto entry = find_output(ipc, output);
  return entry && entry->active ? Removal::kStillEnabled : Removal::kDisabled;
}

}  // namespace pfhost::wlroots
