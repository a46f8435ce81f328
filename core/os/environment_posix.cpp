#include <unistd.h>

#include "os/environment.hpp"

extern char **environ;  // POSIX: declared by no header in strict C++ mode

namespace pfhost::core::os {

std::vector<std::string> environment_entries() {
  std::vector<std::string> entries;
  for (char **entry = environ; entry != nullptr && *entry != nullptr; ++entry)
    entries.emplace_back(*entry);
  return entries;
}

}  // namespace pfhost::core::os
