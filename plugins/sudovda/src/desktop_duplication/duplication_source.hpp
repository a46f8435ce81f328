// The seam of desktop duplication: one duplication of one output (IDXGIOutputDuplication on
// Windows), and what makes it. The capture's recovery logic (desktop_duplication_capture.cpp)
// sits above it, so it is tested with a scripted source: wine has no desktop duplication.
// Portable C++: no Windows types cross it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace pfhost::sudovda {

// What AcquireNextFrame answered.
enum class Acquired {
  kFrame,       // a new desktop image is held until copy_and_release()
  kNoChange,    // DXGI_ERROR_WAIT_TIMEOUT: nothing changed within the timeout
  kAccessLost,  // DXGI_ERROR_ACCESS_LOST: mode change, secure desktop, full-screen app; recreate
  kFailed       // anything else; `detail` says what
};

struct AcquireResult {
  Acquired what = Acquired::kFailed;
  uint32_t width = 0;  // of the held image (kFrame)
  uint32_t height = 0;
  std::string detail;  // e.g. "AcquireNextFrame failed (0x887A0001)"
};

class DuplicationSource {
 public:
  virtual ~DuplicationSource() = default;
  virtual AcquireResult acquire(uint32_t timeout_ms) = 0;
  // Copies the held image as BGRX rows of `stride` bytes into `into`, then ReleaseFrame.
  virtual void copy_and_release(uint8_t *into, uint32_t stride) = 0;
};

// Opens a duplication of the monitor; throws std::runtime_error (with the reason) when it
// cannot, e.g. the output is not active yet or the session is on the secure desktop.
class DuplicationFactory {
 public:
  virtual ~DuplicationFactory() = default;
  virtual std::unique_ptr<DuplicationSource> open() = 0;
};

}  // namespace pfhost::sudovda
