// The fallback when gamescope's log never names its node: in a copy of the default PipeWire
// daemon's registry (pipewire::RegistryWatch), the Video/Source node whose node.name contains
// "gamescope" and that belongs to a process of the gamescope child's tree
// (application.process.id of the node or of its client, or the client's socket credentials
// pipewire.sec.pid).
#pragma once

#include <pfhost/pipewire/registry_watch.hpp>

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <set>

namespace pfhost::gamescope {

// A gamescope Video/Source node owned by one of `pids`, the newest when several.
std::optional<uint32_t> find_gamescope_node(const pipewire::RegistryWatch::Globals &globals,
                                            const std::set<pid_t> &pids);

}  // namespace pfhost::gamescope
