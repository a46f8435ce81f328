// The PE/COFF check that runs before a plugin file is loaded on Windows: headers built byte by
// byte, and a real library of this build. The parser is plain C++, so this runs on every OS.
#include "os/pe_check.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <vector>

#include <pfhost/test/temp_dir.hpp>

namespace pfhost::core::os {
namespace {

constexpr uint16_t kX8664 = 0x8664;

void put16(std::vector<unsigned char> &b, size_t at, uint16_t v) {
  b[at] = static_cast<unsigned char>(v);
  b[at + 1] = static_cast<unsigned char>(v >> 8);
}

// A minimal image: DOS header with e_lfanew = 0x80, "PE\0\0", a COFF header and the optional
// header's magic. Characteristics 0x2022 = DLL | large-address-aware | executable image.
std::vector<unsigned char> image(uint16_t machine, uint16_t characteristics = 0x2022,
                                 uint16_t magic = 0x20b) {
  std::vector<unsigned char> b(0x200, 0);
  b[0] = 'M';
  b[1] = 'Z';
  put16(b, 0x3c, 0x80);
  b[0x80] = 'P';
  b[0x81] = 'E';
  const size_t coff = 0x84;
  put16(b, coff, machine);
  put16(b, coff + 16, 0xf0);  // SizeOfOptionalHeader
  put16(b, coff + 18, characteristics);
  put16(b, coff + 20, magic);
  return b;
}

TEST(PeCheck, AcceptsA64BitDll) {
  EXPECT_EQ(check_pe_header(image(kX8664), kX8664), std::nullopt);
}

TEST(PeCheck, NamesBothArchitecturesOfAForeignDll) {
  EXPECT_EQ(check_pe_header(image(0x014c, 0x2102, 0x10b), kX8664),
            "wrong architecture: i386 (32-bit), host is x86-64");
  EXPECT_EQ(check_pe_header(image(0xAA64), kX8664), "wrong architecture: arm64, host is x86-64");
  EXPECT_EQ(check_pe_header(image(0x1234), kX8664),
            "wrong architecture: machine 0x1234, host is x86-64");
}

TEST(PeCheck, TellsProgramsObjectsAndGarbageApart) {
  EXPECT_EQ(check_pe_header(image(kX8664, 0x0022), kX8664), "not a DLL (a program, .exe)");
  EXPECT_EQ(check_pe_header(image(kX8664, 0x2022, 0), kX8664),
            "not a DLL (an object file or corrupt PE header; link it with -shared)");
  const std::string text = "This is a text file, not a DLL.\n";
  EXPECT_EQ(
      check_pe_header({reinterpret_cast<const unsigned char *>(text.data()), text.size()}, kX8664),
      "not a DLL (no MZ header)");
  std::vector<unsigned char> dos_only = image(kX8664);
  dos_only[0x80] = 'X';
  EXPECT_EQ(check_pe_header(dos_only, kX8664), "not a DLL (an MS-DOS program, no PE signature)");
}

TEST(PeCheck, TruncatedHeadersAreRejectedWithoutReadingPastThem) {
  const std::vector<unsigned char> full = image(kX8664);
  for (size_t size : {size_t{0}, size_t{2}, size_t{0x40}, size_t{0x84}, size_t{0x90}}) {
    const std::vector<unsigned char> cut(full.begin(), full.begin() + static_cast<long>(size));
    EXPECT_NE(check_pe_header(cut, kX8664), std::nullopt) << size << " bytes";
  }
  std::vector<unsigned char> far_away = image(kX8664);
  put16(far_away, 0x3c, 0xfff0);  // e_lfanew beyond the file
  EXPECT_EQ(check_pe_header(far_away, kX8664), "not a DLL (truncated or corrupt PE header)");
}

TEST(PeCheck, ReadsARealLibraryOfThisBuild) {
#ifdef _WIN32
  EXPECT_EQ(check_plugin_pe(PFHOST_TEST_SHARED_LIBRARY), std::nullopt);
#else
  EXPECT_EQ(check_plugin_pe(PFHOST_TEST_SHARED_LIBRARY), "not a DLL (no MZ header)");
#endif
  pfhost::test::TempDir dir;
  EXPECT_EQ(check_plugin_pe(dir.path() / "missing.dll"), "cannot open the file");
}

}  // namespace
}  // namespace pfhost::core::os
