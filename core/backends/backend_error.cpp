#include "backends/backend_error.hpp"

#include <pfhost/plugin.hpp>

#include <utility>

namespace pfhost::core {

namespace {
// "mutter: create 1920x1080@60: unavailable: <plugin reason>"
std::string compose(pfhost_status status, const std::string &context, const std::string &reason) {
  std::string text = context + ": " + pfhost::status_name(status);
  if (!reason.empty()) text += ": " + reason;
  return text;
}
}  // namespace

BackendError::BackendError(pfhost_status status, const std::string &context, std::string reason)
    : std::runtime_error(compose(status, context, reason)),
      status_(status),
      reason_(std::move(reason)) {}

}  // namespace pfhost::core
