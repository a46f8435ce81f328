#include "dbus_failure.hpp"

#include "dbus_names.hpp"

#include <cstdlib>

namespace pfhost::mutter {

std::string session_bus_address() {
  const char *address = std::getenv("DBUS_SESSION_BUS_ADDRESS");
  if (address != nullptr && *address != '\0') return address;
  const char *runtime = std::getenv("XDG_RUNTIME_DIR");
  return runtime != nullptr ? std::string("(unset; default unix:path=") + runtime + "/bus)"
                            : std::string("(unset, and XDG_RUNTIME_DIR unset too)");
}

pfhost::Error dbus_failure(const std::string &what, const sdbus::Error &error) {
  const std::string &name = error.getName();
  const std::string detail = "[" + name + "] " + error.getMessage();
  if (name == "org.freedesktop.DBus.Error.ServiceUnknown" ||
      name == "org.freedesktop.DBus.Error.NameHasNoOwner") {
    return pfhost::Error(PFHOST_E_UNAVAILABLE,
                         what + " failed: Mutter is no longer on the session bus " + detail);
  }
  if (name == "org.freedesktop.DBus.Error.NoReply" ||
      name == "org.freedesktop.DBus.Error.Timeout" ||
      name == "org.freedesktop.DBus.Error.TimedOut") {
    return pfhost::Error(
        PFHOST_E_TIMEOUT,
        what + " got no answer from Mutter in time (is gnome-shell/mutter hung?) " + detail);
  }
  if (name == "org.freedesktop.DBus.Error.AccessDenied") {
    return pfhost::Error(PFHOST_E_UNAVAILABLE,
                         what +
                             " was refused by Mutter (access denied): run pfhost inside the "
                             "user's GNOME session " +
                             detail);
  }
  return pfhost::Error(PFHOST_E_IO, what + " failed: " + detail);
}

pfhost::Error screencast_not_on_bus() {
  return pfhost::Error(PFHOST_E_UNAVAILABLE,
                       std::string("Mutter's ScreenCast service (") + names::kScreenCastService +
                           ") is not on the session bus: is this a GNOME session? "
                           "DBUS_SESSION_BUS_ADDRESS=" +
                           session_bus_address());
}

}  // namespace pfhost::mutter
