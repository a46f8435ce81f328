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
  const unsigned long code = ec && ec.category() == std::system_category()
                                 ? static_cast<unsigned long>(ec.value())
                                 : (ec ? 0 : GetLastError());
  if (code == 0) return ec.message();
  std::string text = windows_error_text(code);
  // The loader turns an exception in DllMain into these: say where to look.
  if (code == ERROR_NOACCESS || code == ERROR_DLL_INIT_FAILED)
    text += "; the DLL's initialisation (DllMain) failed or crashed";
  return text;
}

}  // namespace pfhost::core::os
