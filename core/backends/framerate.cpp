#include "backends/framerate.hpp"

#include <numeric>

namespace pfhost::core {

Framerate Framerate::from_millihz(uint32_t millihz) {
  if (millihz == 0) return Framerate{0, 1};
  const uint32_t g = std::gcd(millihz, 1000u);
  return Framerate{millihz / g, 1000u / g};
}

}  // namespace pfhost::core
