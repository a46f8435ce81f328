#include <dlfcn.h>

#include "os/library_load.hpp"

namespace pfhost::core::os {

LibraryLoadScope::LibraryLoadScope() {
  dlerror();  // clear a stale message so error_text() reads this load's
}

LibraryLoadScope::~LibraryLoadScope() = default;

// Boost.DLL reports a generic error code; dlerror() still holds the dynamic loader's own text.
std::string LibraryLoadScope::error_text(const std::error_code &ec) const {
  const char *text = dlerror();
  return text != nullptr ? std::string(text) : ec.message();
}

}  // namespace pfhost::core::os
