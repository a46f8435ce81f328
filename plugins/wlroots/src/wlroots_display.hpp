// The display backend "wlroots": a headless output of a sway, either one already running
// (attach: create_output over IPC) or a private sway this display starts and owns (managed).
#pragma once

#include "managed_sway.hpp"
#include "plugin_config.hpp"

#include <pfhost/display.h>
#include <pfhost/os/child_process.hpp>
#include <pfhost/plugin.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pfhost::wlroots {

class WlrootsDisplay {
 public:
  virtual ~WlrootsDisplay() = default;
  // PFHOST_OK while the compositor and the output are there; PFHOST_E_CLOSED (with why) if not.
  virtual pfhost_status is_alive(std::string *why) = 0;
  virtual pfhost_target target() const = 0;
};

// Where an attach-mode sway is: IPC socket and Wayland socket, from config or environment.
struct AttachEndpoints {
  std::string ipc_socket;
  std::string wayland_socket;
};
// nullopt when no IPC socket is configured nor in $SWAYSOCK.
std::optional<AttachEndpoints> attach_endpoints(const WlrootsConfig &config);

// Which mode `auto` resolves to right now (attach when the configured/$SWAYSOCK sway answers).
// Throws pfhost::Error(UNAVAILABLE) with an actionable reason when neither works.
DisplayMode resolve_mode(const WlrootsConfig &config);

std::unique_ptr<WlrootsDisplay> create_display(const WlrootsConfig &config,
                                               const pfhost::Host &host,
                                               const pfhost_display_request &request);

}  // namespace pfhost::wlroots
