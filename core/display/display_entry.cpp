#include "display/display_entry.h"

#include "display/display_text.h"

namespace pfhost {

std::string describe(uint64_t slot, const std::string &backend, const pfhost_mode &mode) {
  return "display " + std::to_string(slot) + " (" + backend + " " + mode_text(mode) + ")";
}

}  // namespace pfhost
