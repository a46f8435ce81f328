#include "os/elf_check.hpp"

#include <elf.h>

#include <array>
#include <fstream>

namespace pfhost::core::os {
namespace {

uint16_t read_u16(const unsigned char *p, uint8_t data) {
  return data == ELFDATA2MSB ? static_cast<uint16_t>((p[0] << 8) | p[1])
                             : static_cast<uint16_t>(p[0] | (p[1] << 8));
}

std::string describe(const ElfArch &arch, bool with_class, bool with_order) {
  std::string out;
  if (with_order) out += arch.data == ELFDATA2MSB ? "big-endian " : "little-endian ";
  if (with_class) out += arch.elf_class == ELFCLASS64 ? "64-bit " : "32-bit ";
  return out + elf_machine_name(arch.machine);
}

}  // namespace

ElfArch host_elf_arch() {
  ElfArch arch;
  arch.elf_class = sizeof(void *) == 8 ? ELFCLASS64 : ELFCLASS32;
  arch.data = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ? ELFDATA2MSB : ELFDATA2LSB;
#if defined(__x86_64__)
  arch.machine = EM_X86_64;
#elif defined(__aarch64__)
  arch.machine = EM_AARCH64;
#elif defined(__i386__)
  arch.machine = EM_386;
#elif defined(__arm__)
  arch.machine = EM_ARM;
#elif defined(__riscv)
  arch.machine = EM_RISCV;
#elif defined(__powerpc64__)
  arch.machine = EM_PPC64;
#elif defined(__s390x__)
  arch.machine = EM_S390;
#else
#error "add this architecture's EM_* constant to host_elf_arch()"
#endif
  return arch;
}

std::string elf_machine_name(uint16_t machine) {
  switch (machine) {
    case EM_X86_64:
      return "x86_64";
    case EM_AARCH64:
      return "aarch64";
    case EM_386:
      return "i386";
    case EM_ARM:
      return "arm";
    case EM_RISCV:
      return "riscv";
    case EM_PPC64:
      return "ppc64";
    case EM_PPC:
      return "ppc";
    case EM_S390:
      return "s390";
    case EM_MIPS:
      return "mips";
    case EM_LOONGARCH:
      return "loongarch";
    default:
      return "machine " + std::to_string(machine);
  }
}

std::optional<std::string> check_elf_header(std::span<const unsigned char> header,
                                            const ElfArch &host) {
  // e_ident (16) + e_type (2) + e_machine (2) is all this needs, for both classes.
  constexpr size_t kNeeded = EI_NIDENT + 4;
  if (header.size() < kNeeded || header[EI_MAG0] != ELFMAG0 || header[EI_MAG1] != ELFMAG1 ||
      header[EI_MAG2] != ELFMAG2 || header[EI_MAG3] != ELFMAG3) {
    return "not a shared library (no ELF header)";
  }
  ElfArch file;
  file.elf_class = header[EI_CLASS];
  file.data = header[EI_DATA];
  if ((file.elf_class != ELFCLASS32 && file.elf_class != ELFCLASS64) ||
      (file.data != ELFDATA2LSB && file.data != ELFDATA2MSB)) {
    return "not a shared library (corrupt ELF header)";
  }
  const uint16_t type = read_u16(header.data() + EI_NIDENT, file.data);
  file.machine = read_u16(header.data() + EI_NIDENT + 2, file.data);
  if (file.machine != host.machine || file.elf_class != host.elf_class || file.data != host.data) {
    const bool with_order = file.data != host.data;
    const bool with_class = file.elf_class != host.elf_class;
    return "wrong architecture: " + describe(file, with_class, with_order) + ", host is " +
           describe(host, with_class, with_order);
  }
  switch (type) {
    case ET_DYN:
      return std::nullopt;
    case ET_EXEC:
      return "not a shared library (an ELF executable)";
    case ET_REL:
      return "not a shared library (an ELF object file; link it with -shared)";
    case ET_CORE:
      return "not a shared library (a core dump)";
    default:
      return "not a shared library (ELF type " + std::to_string(type) + ")";
  }
}

std::optional<std::string> check_plugin_elf(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "cannot open the file";
  std::array<unsigned char, 64> header{};
  in.read(reinterpret_cast<char *>(header.data()), header.size());
  const auto got = static_cast<size_t>(in.gcount());
  return check_elf_header(std::span<const unsigned char>(header.data(), got), host_elf_arch());
}

}  // namespace pfhost::core::os
