// A frame rate as an exact fraction, shared by the session's pacer and the outputs' timebases.
#pragma once

#include <cstdint>

namespace pfhost::core {

// A frame rate as a fraction, so 59.94 Hz (60000/1001 or 59940/1000) is exact.
struct Framerate {
  uint32_t num = 60;
  uint32_t den = 1;

  // From a display refresh in millihertz (pfhost_mode.refresh_millihz), reduced.
  static Framerate from_millihz(uint32_t millihz);
  double fps() const noexcept { return den == 0 ? 0.0 : static_cast<double>(num) / den; }
  bool valid() const noexcept { return num > 0 && den > 0; }
};

}  // namespace pfhost::core
