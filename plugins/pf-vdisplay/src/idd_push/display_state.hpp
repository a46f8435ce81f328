// What the IDD-push ring must match: the display's actual size (a full-screen game may hold
// another mode than the one negotiated) and whether it composes HDR (FP16) or SDR (BGRA8).
#pragma once

#include <pfhost/display.h>

#include <functional>

namespace pfhost::pf_vdisplay {

struct DisplayState {
  uint32_t width = 0;
  uint32_t height = 0;
  bool hdr = false;
  bool operator==(const DisplayState &) const = default;
};

// Asked when the capture opens and about every quarter second after.
using DisplayStateProbe = std::function<DisplayState()>;

// Windows' view of the target's monitor: the current mode of its GDI name and its advanced-colour
// state; the target's own mode and SDR where Windows cannot tell (no GDI name, wine).
DisplayStateProbe windows_display_state(const pfhost_target &target);

}  // namespace pfhost::pf_vdisplay
