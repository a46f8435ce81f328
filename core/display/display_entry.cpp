#include "display/display_entry.hpp"

#include "backends/display_text.hpp"

namespace pfhost::core {

std::string describe(uint64_t slot, const std::string &backend, const pfhost_mode &mode) {
  return "display " + std::to_string(slot) + " (" + backend + " " + mode_text(mode) + ")";
}

}  // namespace pfhost::core
