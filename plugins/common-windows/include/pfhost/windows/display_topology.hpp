// What happens to a new monitor after ADD: find its GDI name once Windows has activated its path
// (bounded poll), set its mode, and apply the topology policy, restoring the saved configuration
// on teardown. Behind one small interface because wine has no real display topology: the
// Windows implementation (CCD: QueryDisplayConfig/SetDisplayConfig, ChangeDisplaySettingsEx) is
// built and shipped, and `topology = "off"` (tests, or a user who arranges monitors by hand)
// takes the stand-in that changes nothing and reports no GDI name.
#pragma once

#include <pfhost/abi.h>

#include <chrono>
#include <memory>
#include <string>

namespace pfhost::windows {

enum class TopologyPolicy { kExtend, kPrimary, kExclusive };

class DisplayTopology {
 public:
  virtual ~DisplayTopology() = default;
  // The monitor's GDI name ("\\.\DISPLAY7"), "" when Windows has not activated it in time.
  virtual std::string gdi_name(pfhost_luid adapter, uint32_t target_id,
                               std::chrono::milliseconds timeout) = 0;
  // Sets the mode and applies the policy; the configuration before the first change is saved.
  virtual void apply(const std::string &gdi_name, const pfhost_mode &mode,
                     TopologyPolicy policy) = 0;
  // Puts back what apply() saved (no-op when nothing was changed).
  virtual void restore() = 0;
};

std::unique_ptr<DisplayTopology> make_windows_topology();
std::unique_ptr<DisplayTopology> make_no_topology();

// "extend" / "primary" / "exclusive"; throws pfhost::Error(PFHOST_E_INVALID_ARGUMENT) otherwise.
TopologyPolicy parse_topology_policy(const std::string &text);

}  // namespace pfhost::windows
