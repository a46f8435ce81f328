// "Is this still the file we looked at?": size + modification time in nanoseconds. The descriptor
// cache keys on it, and the in-process loader refuses a file that changed since its probe.
#pragma once

#include <filesystem>
#include <optional>

#include "loader/plugin_records.hpp"

namespace pfhost::core {

// Size and modification time of the file (following symlinks); nullopt when it does not exist or is
// not readable.
std::optional<FileIdentity> file_identity(const std::filesystem::path &path);

}  // namespace pfhost::core
