#include "os/elf_check.hpp"

#include <elf.h>
#include <gtest/gtest.h>

#include <fstream>
#include <vector>

#include <pfhost/test/temp_dir.hpp>

namespace pfhost::core::os {
namespace {

std::vector<unsigned char> header(uint8_t elf_class, uint16_t type, uint16_t machine) {
  std::vector<unsigned char> h(64, 0);
  h[0] = ELFMAG0, h[1] = ELFMAG1, h[2] = ELFMAG2, h[3] = ELFMAG3;
  h[EI_CLASS] = elf_class;
  h[EI_DATA] = ELFDATA2LSB;
  h[16] = static_cast<unsigned char>(type), h[17] = static_cast<unsigned char>(type >> 8);
  h[18] = static_cast<unsigned char>(machine), h[19] = static_cast<unsigned char>(machine >> 8);
  return h;
}

const ElfArch kX86_64{ELFCLASS64, ELFDATA2LSB, EM_X86_64};

TEST(ElfCheck, AcceptsASharedObjectOfTheHost) {
  EXPECT_EQ(check_elf_header(header(ELFCLASS64, ET_DYN, EM_X86_64), kX86_64), std::nullopt);
}

TEST(ElfCheck, NamesTheWrongArchitecture) {
  EXPECT_EQ(check_elf_header(header(ELFCLASS64, ET_DYN, EM_AARCH64), kX86_64),
            "wrong architecture: aarch64, host is x86_64");
  EXPECT_EQ(check_elf_header(header(ELFCLASS32, ET_DYN, EM_386), kX86_64),
            "wrong architecture: 32-bit i386, host is 64-bit x86_64");
}

TEST(ElfCheck, RefusesWhatIsNotASharedLibrary) {
  const std::string text = "hello, not ELF";
  EXPECT_EQ(check_elf_header({reinterpret_cast<const unsigned char *>(text.data()), text.size()},
                             kX86_64),
            "not a shared library (no ELF header)");
  EXPECT_EQ(check_elf_header({}, kX86_64), "not a shared library (no ELF header)");
  EXPECT_EQ(check_elf_header(header(ELFCLASS64, ET_EXEC, EM_X86_64), kX86_64),
            "not a shared library (an ELF executable)");
  EXPECT_NE(check_elf_header(header(ELFCLASS64, ET_REL, EM_X86_64), kX86_64), std::nullopt);
}

TEST(ElfCheck, ReadsRealFiles) {
  EXPECT_EQ(check_plugin_elf(PFHOST_TEST_SHARED_LIBRARY), std::nullopt);
  test::TempDir tmp;
  std::ofstream(tmp.path() / "text.so") << "just text\n";
  EXPECT_EQ(check_plugin_elf(tmp.path() / "text.so"), "not a shared library (no ELF header)");
}

}  // namespace
}  // namespace pfhost::core::os
