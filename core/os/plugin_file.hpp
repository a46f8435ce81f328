// What a plugin file is on this OS: its suffix, and the format check run before it is loaded
// (ELF on Linux, PE/COFF on Windows; see elf_check.hpp and pe_check.hpp).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace pfhost::core::os {

// ".so" on Linux, ".dll" on Windows.
const char *plugin_file_suffix() noexcept;

// Whether a directory entry is named like a plugin: "*.so" on Linux; "*.dll" in any letter case on
// Windows, whose file names are case-insensitive.
bool has_plugin_file_suffix(const std::filesystem::path &path);

// nullopt: a shared library this host can load; otherwise why not ("not a DLL (no MZ header)",
// "wrong architecture: aarch64, host is x86_64", "cannot open the file").
std::optional<std::string> check_plugin_file(const std::filesystem::path &path);

}  // namespace pfhost::core::os
