// The real duplication source: DXGI Desktop Duplication of the output whose DeviceName is the
// monitor's GDI name, on the adapter with the monitor's LUID, copied out through a staging
// texture. Written and compiled here; not runnable under wine (no desktop duplication).
#pragma once

#include <pfhost/abi.h>

#include <memory>
#include <string>

#include "desktop_duplication/duplication_source.hpp"

namespace pfhost::sudovda {

std::unique_ptr<DuplicationFactory> make_dxgi_duplication(const pfhost_luid &adapter,
                                                          const std::string &gdi_name);

// Why desktop duplication cannot work on this machine (no adapter, no D3D11 device, no output
// that can be duplicated), or an empty string when it can. For the capture backend's probe.
std::string dxgi_duplication_unavailable();

}  // namespace pfhost::sudovda
