// Asks the user's default PipeWire daemon whether a node exists: the liveness check's "node still
// there" and destroy's "wait until the monitor is gone". A private short-lived connection
// (pipewire::RegistryWatch) per question keeps it independent of the capturer's PipeWire thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace pfhost::mutter {

// true / false when the daemon answered within `timeout`; nullopt when it could not be asked
// (no daemon, no answer in time).
std::optional<bool> pipewire_node_exists(uint32_t node_id, std::chrono::milliseconds timeout);

// Waits until the node is gone (true) or `timeout` passes (false; also when there is no daemon).
bool wait_for_pipewire_node_gone(uint32_t node_id, std::chrono::milliseconds timeout);

}  // namespace pfhost::mutter
