#include "loader/plugin_records.hpp"

namespace pfhost::core {

const char *to_string(ProbeState state) {
  switch (state) {
    case ProbeState::ok:
      return "ok";
    case ProbeState::unsupported:
      return "unsupported";
    case ProbeState::unavailable:
      return "unavailable";
    case ProbeState::failed:
      return "failed";
    case ProbeState::skipped:
      return "skipped";
    case ProbeState::not_probed:
      return "not_probed";
    case ProbeState::crashed:
      return "crashed";
    case ProbeState::timed_out:
      return "timed_out";
  }
  return "failed";
}

std::string describe_state(const char *state, const std::string &reason) {
  if (reason.empty()) return state;
  std::string spoken = state;
  for (char &c : spoken) {
    if (c == '_') c = ' ';
  }
  for (const std::string &prefix : {std::string(state), spoken}) {
    if (reason.rfind(prefix + ":", 0) == 0 || reason.rfind(prefix + " ", 0) == 0) return reason;
  }
  return std::string(state) + ": " + reason;
}

const char *to_string(PluginState state) {
  switch (state) {
    case PluginState::ok:
      return "ok";
    case PluginState::missing:
      return "missing";
    case PluginState::rejected:
      return "rejected";
    case PluginState::init_failed:
      return "init_failed";
    case PluginState::crashed:
      return "crashed";
    case PluginState::timed_out:
      return "timed_out";
    case PluginState::quarantined:
      return "quarantined";
  }
  return "rejected";
}

const char *to_string(SourceOrigin origin) {
  switch (origin) {
    case SourceOrigin::config_dir:
      return "config plugin_dirs";
    case SourceOrigin::config_file:
      return "config plugin_files";
    case SourceOrigin::cli_dir:
      return "--plugin-dir";
    case SourceOrigin::env_dir:
      return "PFHOST_PLUGIN_PATH";
  }
  return "config plugin_dirs";
}

const char *to_string(CacheUse use) {
  switch (use) {
    case CacheUse::off:
      return "off";
    case CacheUse::miss:
      return "miss";
    case CacheUse::hit:
      return "hit";
  }
  return "off";
}

}  // namespace pfhost::core
