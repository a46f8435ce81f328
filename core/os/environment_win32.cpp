#include <windows.h>

#include "os/environment.hpp"
#include "os/windows_text.hpp"

namespace pfhost::core::os {

std::vector<std::string> environment_entries() {
  std::vector<std::string> entries;
  wchar_t *block = GetEnvironmentStringsW();
  if (block == nullptr) return entries;
  // One NUL-terminated "NAME=value" after another; an empty one ends the block.
  for (const wchar_t *entry = block; *entry != L'\0'; entry += wcslen(entry) + 1)
    entries.push_back(narrow(entry));
  FreeEnvironmentStringsW(block);
  return entries;
}

}  // namespace pfhost::core::os
