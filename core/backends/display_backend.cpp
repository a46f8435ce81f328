#include "backends/display_backend.hpp"

#include <pfhost/plugin.hpp>

#include "backends/display_error.hpp"
#include "backends/display_text.hpp"
#include "backends/reason_buffer.hpp"
#include "logging/log.hpp"

namespace pfhost::core {

DisplayBackend::DisplayBackend(std::string name, const pfhost_display_vtable &table,
                               void *plugin_ctx)
    : name_(std::move(name)), table_(table), plugin_ctx_(plugin_ctx) {}

CreatedDisplay DisplayBackend::create(const pfhost_display_request &request) const {
  // Our own copy with our struct_size: the request is ours, whatever the caller left there.
  pfhost_display_request own = request;
  own.struct_size = static_cast<uint32_t>(sizeof own);
  const std::string context = name_ + ": create " + mode_text(own.mode);

  CreatedDisplay out{nullptr, make_struct<pfhost_target>()};
  pfhost_display *handle = nullptr;
  ReasonBuffer reason;
  const pfhost_status status = table_.create(plugin_ctx_, &own, &handle, &out.target, reason.get());
  if (status != PFHOST_OK) throw DisplayError(status, context, reason.text());
  if (handle == nullptr)
    throw DisplayError(PFHOST_E_INTERNAL, context, "plugin reported success without a display");

  try {
    out.display.reset(new LiveDisplay(name_, table_, handle));
  } catch (...) {
    table_.destroy(handle);  // the display is ours now: never leak a compositor output
    throw;
  }
  // A plugin must not resize the host's struct; restore it rather than trust it.
  out.target.struct_size = static_cast<uint32_t>(sizeof out.target);
  if (out.target.kind >= 32 || (table_.target_kinds & (1u << out.target.kind)) == 0)
    log::warn(context + ": target kind " + std::to_string(out.target.kind) +
              " is not among the kinds the backend declared");
  return out;
}

}  // namespace pfhost::core
