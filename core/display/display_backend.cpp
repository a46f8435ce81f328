#include "display/display_backend.h"

#include <pfhost/plugin.hpp>

#include "display/display_error.h"
#include "display/display_text.h"
#include "logging/log.h"
#include "plugin_call/reason_buffer.h"

namespace pfhost {

DisplayBackend::DisplayBackend(std::string name, const pfhost_display_vtable *table,
                               void *plugin_ctx)
    : name_(std::move(name)), table_(read_struct(table)), plugin_ctx_(plugin_ctx) {
  const std::string context = "display backend '" + name_ + "'";
  if (table == nullptr) throw DisplayError(PFHOST_E_INTERNAL, context, "no display vtable");
  // The SDK's rule, applied to the plugin's own table: our copy's struct_size is already ours,
  // so checking the copy would wrongly accept members the plugin never had.
  if (!PFHOST_HAS_MEMBER(table, create) || !PFHOST_HAS_MEMBER(table, destroy))
    throw DisplayError(PFHOST_E_INTERNAL, context, "vtable lacks the required create/destroy");
  // read_struct already zeroed what lies beyond the plugin's size; this also drops a member that
  // straddles the boundary (a struct_size that is not a multiple of a pointer).
  if (!PFHOST_HAS_MEMBER(table, is_alive)) table_.is_alive = nullptr;
  if (!PFHOST_HAS_MEMBER(table, reconfigure)) table_.reconfigure = nullptr;
}

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
    out.display.reset(new LiveDisplay(
        name_, LiveDisplay::Methods{table_.destroy, table_.is_alive, table_.reconfigure}, handle));
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

}  // namespace pfhost
