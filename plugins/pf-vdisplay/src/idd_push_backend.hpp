// The pf-vdisplay plugin's capture backend "idd-push": an IddPushCapture on the display's
// target, its slots in the memory [plugins.pf-vdisplay] capture_textures names, its frames in
// D3D11 textures when the encoder takes them, CPU memory otherwise.
#pragma once

#include <pfhost/capture.h>

#include <memory>
#include <string>

#include "idd_push/idd_push_capture.hpp"

namespace pfhost::pf_vdisplay {

class IddPushBackend {
 public:
  static std::unique_ptr<IddPushBackend> open(void *plugin_ctx, const pfhost_capture_params &params,
                                              const pfhost_target &target);
  pfhost_status next_frame(uint32_t timeout_ms, pfhost_frame **out_frame, std::string *why) {
    return capture_->next_frame(timeout_ms, out_frame, why);
  }

  // What the probe says: which slots the capture will use.
  static std::string describe(void *plugin_ctx);

 private:
  std::unique_ptr<IddPushCapture> capture_;
};

}  // namespace pfhost::pf_vdisplay
