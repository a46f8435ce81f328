#include "display/live_display.h"

#include "display/display_error.h"
#include "display/display_text.h"
#include "plugin_call/reason_buffer.h"

namespace pfhost {

LiveDisplay::LiveDisplay(std::string backend, Methods methods, pfhost_display *handle)
    : backend_(std::move(backend)), methods_(methods), handle_(handle) {}

LiveDisplay::~LiveDisplay() {
  methods_.destroy(handle_);
}

bool LiveDisplay::is_alive(std::string *why) {
  if (methods_.is_alive == nullptr) return true;
  ReasonBuffer reason;
  // Anything but OK counts as gone: a display whose liveness cannot be confirmed is not worth
  // handing to a reconnecting client; a fresh one is the safe answer.
  if (methods_.is_alive(handle_, reason.get()) == PFHOST_OK) return true;
  if (why != nullptr) *why = reason.text();
  return false;
}

void LiveDisplay::reconfigure(const pfhost_mode &mode, pfhost_target &target) {
  const std::string context = backend_ + ": reconfigure to " + mode_text(mode);
  if (methods_.reconfigure == nullptr)
    throw DisplayError(PFHOST_E_UNSUPPORTED, context, "the backend cannot change a display's mode");
  // The plugin updates a copy, so the caller's target is replaced only on success.
  pfhost_target updated = target;
  updated.struct_size = static_cast<uint32_t>(sizeof updated);
  ReasonBuffer reason;
  const pfhost_status status = methods_.reconfigure(handle_, &mode, &updated, reason.get());
  if (status != PFHOST_OK) throw DisplayError(status, context, reason.text());
  updated.struct_size = static_cast<uint32_t>(sizeof updated);
  target = updated;
}

}  // namespace pfhost
