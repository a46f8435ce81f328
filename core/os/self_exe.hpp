// Where the running pfhost executable lives: the probe runner re-executes it as the worker, and
// "$ORIGIN" in plugin paths means its directory (so an installed or build tree finds its plugins).
#pragma once

#include <filesystem>
#include <string>

namespace pfhost::core::os {

// The running executable (/proc/self/exe resolved; GetModuleFileNameW on Windows). Empty if it
// cannot be read.
std::filesystem::path self_executable();

// Its directory; the current directory as a last resort.
std::filesystem::path self_executable_dir();

// The program `name` installed beside this one, with the OS's executable suffix (none on Linux,
// ".exe" on Windows); whether it exists is the caller's question.
std::filesystem::path sibling_executable(const std::string &name);

}  // namespace pfhost::core::os
