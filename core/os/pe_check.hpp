// Looks at a plugin file's PE/COFF headers before anything loads it. LoadLibrary of a 32-bit DLL
// in a 64-bit host fails with "%1 is not a valid Win32 application" (ERROR_BAD_EXE_FORMAT), and
// of a text file with worse; reading the headers ourselves gives "wrong architecture: i386
// (32-bit), host is x86-64" and never runs a line of the plugin (no DllMain).
// The parser is plain byte reading, so it is built and tested on every OS.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>

namespace pfhost::core::os {

// IMAGE_FILE_MACHINE_* of the host this was built for (x86-64 = 0x8664, arm64 = 0xAA64).
uint16_t host_pe_machine();

// "x86-64", "i386 (32-bit)", "arm64", ... or "machine 0x<hex>".
std::string pe_machine_name(uint16_t machine);

// How many bytes of the file's start check_pe_header wants (it needs the DOS header, the PE
// signature at e_lfanew, the COFF header and the optional header's magic).
inline constexpr size_t kPeHeaderBytes = 4096;

// Checks the start of a file. nullopt: a DLL for `host_machine`; otherwise why not.
std::optional<std::string> check_pe_header(std::span<const unsigned char> header,
                                           uint16_t host_machine);

// Reads the start of `path` and checks it against host_pe_machine().
std::optional<std::string> check_plugin_pe(const std::filesystem::path &path);

}  // namespace pfhost::core::os
