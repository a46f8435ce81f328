// The one exception type of the display layer: a failed create/reconfigure, a broken vtable, or a
// registry that cannot make room. Carries the ABI status so callers can tell "unavailable here"
// from "broken", and the plugin's own reason text untouched for diagnostics.
#pragma once

#include <pfhost/abi.h>

#include <stdexcept>
#include <string>

namespace pfhost {

class DisplayError : public std::runtime_error {
 public:
  // `context` says what failed ("mutter: create 1280x720@60"); `reason` is the plugin's text (may
  // be empty). what() reads "CONTEXT: STATUS-NAME: REASON".
  DisplayError(pfhost_status status, const std::string &context, std::string reason);

  pfhost_status status() const noexcept { return status_; }
  const std::string &reason() const noexcept { return reason_; }

 private:
  pfhost_status status_;
  std::string reason_;
};

}  // namespace pfhost
