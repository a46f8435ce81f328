#include "display/display_error.h"

#include <string_view>

namespace pfhost {
namespace {

// Kept private to this file: the status names are a display-layer message detail, and a shared
// helper would belong to the ABI owners.
std::string_view status_name(pfhost_status status) {
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
      return "again";
    case PFHOST_E_NOT_FOUND:
      return "not found";
    default:
      // The ABI says an unknown code is treated like an internal error.
      return "internal error (unknown status)";
  }
}

std::string message(pfhost_status status, const std::string &context, const std::string &reason) {
  std::string text = context;
  text += ": ";
  text += status_name(status);
  if (!reason.empty()) {
    text += ": ";
    text += reason;
  }
  return text;
}

}  // namespace

DisplayError::DisplayError(pfhost_status status, const std::string &context, std::string reason)
    : std::runtime_error(message(status, context, reason)),
      status_(status),
      reason_(std::move(reason)) {}

}  // namespace pfhost
