#include "os/pe_check.hpp"

#include <fstream>
#include <vector>

namespace pfhost::core::os {
namespace {

// Offsets and values from the PE/COFF specification (winnt.h names), spelled out here so the
// parser builds on every OS.
constexpr size_t kLfanewOffset = 0x3c;             // IMAGE_DOS_HEADER::e_lfanew
constexpr size_t kCoffHeaderSize = 20;             // IMAGE_FILE_HEADER
constexpr uint16_t kFileDll = 0x2000;              // IMAGE_FILE_DLL
constexpr uint16_t kFileExecutableImage = 0x0002;  // IMAGE_FILE_EXECUTABLE_IMAGE
constexpr uint16_t kMagicPe32 = 0x10b;             // IMAGE_NT_OPTIONAL_HDR32_MAGIC
constexpr uint16_t kMagicPe32Plus = 0x20b;         // IMAGE_NT_OPTIONAL_HDR64_MAGIC

uint16_t u16(std::span<const unsigned char> b, size_t at) {
  return static_cast<uint16_t>(b[at] | (b[at + 1] << 8));
}

uint32_t u32(std::span<const unsigned char> b, size_t at) {
  return static_cast<uint32_t>(u16(b, at)) | (static_cast<uint32_t>(u16(b, at + 2)) << 16);
}

}  // namespace

uint16_t host_pe_machine() {
#if defined(__x86_64__) || defined(_M_X64)
  return 0x8664;
#elif defined(__aarch64__) || defined(_M_ARM64)
  return 0xAA64;
#elif defined(__i386__) || defined(_M_IX86)
  return 0x014c;
#else
  return 0;
#endif
}

std::string pe_machine_name(uint16_t machine) {
  switch (machine) {
    case 0x8664:
      return "x86-64";
    case 0x014c:
      return "i386 (32-bit)";
    case 0xAA64:
      return "arm64";
    case 0x01c4:
      return "arm (32-bit)";
    case 0x0200:
      return "ia64";
    default: {
      static const char kHex[] = "0123456789abcdef";
      std::string hex = "0x";
      for (int shift = 12; shift >= 0; shift -= 4) hex += kHex[(machine >> shift) & 0xf];
      return "machine " + hex;
    }
  }
}

std::optional<std::string> check_pe_header(std::span<const unsigned char> header,
                                           uint16_t host_machine) {
  if (header.size() < kLfanewOffset + 4 || header[0] != 'M' || header[1] != 'Z') {
    return "not a DLL (no MZ header)";
  }
  const uint32_t pe_offset = u32(header, kLfanewOffset);
  // Signature (4) + COFF header + the optional header's magic (2).
  if (pe_offset > header.size() || header.size() - pe_offset < 4 + kCoffHeaderSize + 2) {
    return "not a DLL (truncated or corrupt PE header)";
  }
  if (header[pe_offset] != 'P' || header[pe_offset + 1] != 'E' || header[pe_offset + 2] != 0 ||
      header[pe_offset + 3] != 0) {
    return "not a DLL (an MS-DOS program, no PE signature)";
  }
  const size_t coff = pe_offset + 4;
  const uint16_t machine = u16(header, coff);
  const uint16_t optional_size = u16(header, coff + 16);
  const uint16_t characteristics = u16(header, coff + 18);
  const uint16_t magic = optional_size >= 2 ? u16(header, coff + kCoffHeaderSize) : 0;
  if (machine != host_machine) {
    return "wrong architecture: " + pe_machine_name(machine) + ", host is " +
           pe_machine_name(host_machine);
  }
  if (magic != kMagicPe32Plus && magic != kMagicPe32) {
    return "not a DLL (an object file or corrupt PE header; link it with -shared)";
  }
  if ((characteristics & kFileExecutableImage) == 0) {
    return "not a DLL (an image marked not executable: a failed link?)";
  }
  if ((characteristics & kFileDll) == 0) return "not a DLL (a program, .exe)";
  return std::nullopt;
}

std::optional<std::string> check_plugin_pe(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "cannot open the file";
  std::vector<unsigned char> header(kPeHeaderBytes);
  in.read(reinterpret_cast<char *>(header.data()), static_cast<std::streamsize>(header.size()));
  header.resize(static_cast<size_t>(in.gcount()));
  return check_pe_header(header, host_pe_machine());
}

}  // namespace pfhost::core::os
