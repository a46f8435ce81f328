// What the OS adds around loading a shared library (Boost.DLL does the load itself): the loader's
// own error text, which names the missing dependency or the bad format, and on Windows no
// "X.dll was not found" dialog waiting for a click.
#pragma once

#include <string>
#include <system_error>

namespace pfhost::core::os {

// Lives across one load. Construct right before it; then ask error_text() if the load failed.
class LibraryLoadScope {
 public:
  LibraryLoadScope();
  ~LibraryLoadScope();
  LibraryLoadScope(const LibraryLoadScope &) = delete;
  LibraryLoadScope &operator=(const LibraryLoadScope &) = delete;

  // The loader's message for the failed load ("libfoo.so.1: cannot open shared object file",
  // "The specified module could not be found. (error 126)"), else `ec`'s message.
  std::string error_text(const std::error_code &ec) const;

 private:
  unsigned long saved_mode_ = 0;  // Windows: the thread's error mode before the load
};

}  // namespace pfhost::core::os
