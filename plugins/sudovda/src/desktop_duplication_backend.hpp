// The SudoVDA plugin's capture backend "desktop-duplication": SudoVDA has no push channel, so its
// monitors are read with DXGI Desktop Duplication of the output Windows made for them.
#pragma once

#include <pfhost/capture.h>

#include <memory>
#include <string>

#include "desktop_duplication/desktop_duplication_capture.hpp"

namespace pfhost::sudovda {

class DesktopDuplicationBackend {
 public:
  // Waits (bounded by gdi_name_timeout_ms) for the monitor's output to be duplicable.
  static std::unique_ptr<DesktopDuplicationBackend> open(void *plugin_ctx,
                                                         const pfhost_capture_params &params,
                                                         const pfhost_target &target);
  pfhost_status next_frame(uint32_t timeout_ms, pfhost_frame **out_frame, std::string *why) {
    return capture_->next_frame(timeout_ms, out_frame, why);
  }
  // The probe: the driver's, then whether duplication works on this machine.
  static pfhost_status probe(void *plugin_ctx, pfhost_reason *reason);

 private:
  std::unique_ptr<DesktopDuplicationCapture> capture_;
};

}  // namespace pfhost::sudovda
