#include "session/backend_error.h"

#include <utility>

namespace pfhost {

std::string backend_status_name(pfhost_status status) {
  switch (status) {
    case PFHOST_OK:
      return "ok";
    case PFHOST_E_UNSUPPORTED:
      return "unsupported";
    case PFHOST_E_UNAVAILABLE:
      return "unavailable";
    case PFHOST_E_TIMEOUT:
      return "timeout";
    case PFHOST_E_INVALID_ARGUMENT:
      return "invalid argument";
    case PFHOST_E_BUSY:
      return "busy";
    case PFHOST_E_IO:
      return "i/o error";
    case PFHOST_E_INTERNAL:
      return "internal error";
    case PFHOST_E_NO_MEMORY:
      return "out of memory";
    case PFHOST_E_CLOSED:
      return "closed";
    case PFHOST_E_AGAIN:
      return "try again";
    case PFHOST_E_NOT_FOUND:
      return "not found";
    default:
      return "internal error (code " + std::to_string(status) + ")";
  }
}

namespace {
std::string compose(pfhost_status status, const std::string &context, const std::string &reason) {
  std::string text = context + ": " + backend_status_name(status);
  if (!reason.empty()) text += ": " + reason;
  return text;
}
}  // namespace

BackendError::BackendError(pfhost_status status, const std::string &context, std::string reason)
    : std::runtime_error(compose(status, context, reason)),
      status_(status),
      reason_(std::move(reason)) {}

}  // namespace pfhost
