#include "display/display_error.h"

#include <pfhost/plugin.hpp>

#include <string>
#include <utility>

namespace pfhost {
namespace {

// "mutter: create 1920x1080@60: unavailable: <plugin reason>"
std::string message(pfhost_status status, const std::string &context, const std::string &reason) {
  std::string text = context + ": " + pfhost::status_name(status);
  if (!reason.empty()) text += ": " + reason;
  return text;
}

}  // namespace

DisplayError::DisplayError(pfhost_status status, const std::string &context, std::string reason)
    : std::runtime_error(message(status, context, reason)),
      status_(status),
      reason_(std::move(reason)) {}

}  // namespace pfhost
