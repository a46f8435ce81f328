#include "backends/live_display.hpp"

#include "backends/display_error.hpp"
#include "backends/display_text.hpp"
#include "backends/reason_buffer.hpp"

namespace pfhost::core {

LiveDisplay::LiveDisplay(std::string backend, const pfhost_display_vtable &table,
                         pfhost_display *handle)
    : backend_(std::move(backend)), table_(table), handle_(handle) {}

LiveDisplay::~LiveDisplay() {
  table_.destroy(handle_);
}

bool LiveDisplay::is_alive(std::string *why) {
  if (table_.is_alive == nullptr) return true;
  ReasonBuffer reason;
  // Anything but OK counts as gone: a display whose liveness cannot be confirmed is not worth
  // handing to a reconnecting client; a fresh one is the safe answer.
  if (table_.is_alive(handle_, reason.get()) == PFHOST_OK) return true;
  if (why != nullptr) *why = reason.text();
  return false;
}

void LiveDisplay::reconfigure(const pfhost_mode &mode, pfhost_target &target) {
  const std::string context = backend_ + ": reconfigure to " + mode_text(mode);
  if (table_.reconfigure == nullptr)
    throw DisplayError(PFHOST_E_UNSUPPORTED, context, "the backend cannot change a display's mode");
  // The plugin updates a copy, so the caller's target is replaced only on success.
  pfhost_target updated = target;
  updated.struct_size = static_cast<uint32_t>(sizeof updated);
  ReasonBuffer reason;
  const pfhost_status status = table_.reconfigure(handle_, &mode, &updated, reason.get());
  if (status != PFHOST_OK) throw DisplayError(status, context, reason.text());
  updated.struct_size = static_cast<uint32_t>(sizeof updated);
  target = updated;
}

}  // namespace pfhost::core
