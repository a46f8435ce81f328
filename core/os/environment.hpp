// The process environment as a whole, for deciding whether a remembered probe result may still
// describe this moment (loader/probe_context): a plugin's probe may read any variable.
#pragma once

#include <string>
#include <vector>

namespace pfhost::core::os {

// Every "NAME=value" entry of this process's environment, in the OS's order (UTF-8 on Windows).
std::vector<std::string> environment_entries();

}  // namespace pfhost::core::os
