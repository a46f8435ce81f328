#include <windows.h>

#include "os/library_load.hpp"
#include "os/windows_text.hpp"

namespace pfhost::core::os {

LibraryLoadScope::LibraryLoadScope() {
  DWORD previous = 0;
  SetThreadErrorMode(SEM_FAILCRITICALERRORS | SEM_NOOPENFILEERRORBOX, &previous);
  saved_mode_ = previous;
}

LibraryLoadScope::~LibraryLoadScope() {
  SetThreadErrorMode(saved_mode_, nullptr);
}

std::string LibraryLoadScope::error_text(const std::error_code &ec) const {
  if (ec && ec.category() == std::system_category()) return windows_error_text(ec.value());
  if (ec) return ec.message();
  return windows_error_text(GetLastError());
}

}  // namespace pfhost::core::os
