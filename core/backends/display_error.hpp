// The exception type of the display layer: a failed create/reconfigure, a broken vtable, or a
// registry that cannot make room. A BackendError (status, context, the plugin's reason untouched)
// with its own name, so display callers can catch display failures alone.
#pragma once

#include "backends/backend_error.hpp"

namespace pfhost::core {

class DisplayError : public BackendError {
 public:
  using BackendError::BackendError;
};

}  // namespace pfhost::core
