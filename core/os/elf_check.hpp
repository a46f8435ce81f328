// Looks at a plugin file's ELF header before anything loads it. dlopen() of a library built for
// another machine fails with an unhelpful "wrong ELF class" (or worse, for a text file, a parse
// error); reading 64 bytes ourselves gives "wrong architecture: aarch64, host is x86_64" and never
// runs a line of the plugin.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>

namespace pfhost::core::os {

struct ElfArch {
  uint8_t elf_class = 0;  // ELFCLASS32 / ELFCLASS64
  uint8_t data = 0;       // ELFDATA2LSB / ELFDATA2MSB
  uint16_t machine = 0;   // EM_*
};

// The architecture this host was built for.
ElfArch host_elf_arch();

// "x86_64", "aarch64", "i386", ... or "machine <n>".
std::string elf_machine_name(uint16_t machine);

// Checks the first bytes of a file. nullopt: a shared object for `host`; otherwise why not.
std::optional<std::string> check_elf_header(std::span<const unsigned char> header,
                                            const ElfArch &host);

// Reads the header of `path` and checks it against host_elf_arch().
std::optional<std::string> check_plugin_elf(const std::filesystem::path &path);

}  // namespace pfhost::core::os
