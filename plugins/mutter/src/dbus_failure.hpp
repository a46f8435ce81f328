// Turns a failed D-Bus exchange into a pfhost::Error a user can act on: which call, what Mutter
// or the bus answered, and the status that fits (absent service = unavailable, no answer in time =
// timeout, anything else = i/o error).
#pragma once

#include <pfhost/plugin.hpp>

#include <sdbus-c++/Error.h>

#include <string>

namespace pfhost::mutter {

// The session bus address this process uses, for messages ("unix:path=/run/user/1000/bus").
std::string session_bus_address();

// `what` names the step ("ScreenCast.CreateSession"); the error's name and text are appended.
pfhost::Error dbus_failure(const std::string &what, const sdbus::Error &error);

// The error for "the ScreenCast name has no owner".
pfhost::Error screencast_not_on_bus();

}  // namespace pfhost::mutter
