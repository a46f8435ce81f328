// Availability: Mutter's ScreenCast name is owned on the session bus, and its API version.
#pragma once

#include <sdbus-c++/IConnection.h>
#include <chrono>

namespace pfhost::mutter {

// Connects to the session bus; pfhost::Error(UNAVAILABLE) saying which address failed.
std::unique_ptr<sdbus::IConnection> connect_session_bus();

// The ScreenCast API version Mutter reports. Throws pfhost::Error: UNAVAILABLE when the name has
// no owner (no Mutter), TIMEOUT / IO when Mutter is there but does not answer properly.
int32_t screencast_version(sdbus::IConnection &connection, std::chrono::milliseconds timeout);

}  // namespace pfhost::mutter
