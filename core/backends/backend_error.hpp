// The one exception type of the host's wrappers around plugin calls (display, capture, encode).
// It keeps the ABI status so a caller can tell "unavailable here" from "broken", and the plugin's
// reason text untouched for diagnostics.
#pragma once

#include <pfhost/abi.h>

#include <stdexcept>
#include <string>

namespace pfhost::core {

class BackendError : public std::runtime_error {
 public:
  // `context` says what failed ("encode 'software': open 1280x720 H.264"); `reason` is the
  // plugin's text (may be empty). what() reads "CONTEXT: STATUS-NAME: REASON".
  BackendError(pfhost_status status, const std::string &context, std::string reason = {});

  pfhost_status status() const noexcept { return status_; }
  const std::string &reason() const noexcept { return reason_; }

 private:
  pfhost_status status_;
  std::string reason_;
};

}  // namespace pfhost::core
