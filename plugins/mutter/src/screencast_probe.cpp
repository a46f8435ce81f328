#include "screencast_probe.hpp"

#include "dbus_failure.hpp"
#include "dbus_names.hpp"

#include <sdbus-c++/IProxy.h>
#include <sdbus-c++/Types.h>

namespace pfhost::mutter {

std::unique_ptr<sdbus::IConnection> connect_session_bus() {
  try {
    return sdbus::createSessionBusConnection();
  } catch (const sdbus::Error &e) {
    throw pfhost::Error(PFHOST_E_UNAVAILABLE,
                        "cannot connect to the D-Bus session bus (DBUS_SESSION_BUS_ADDRESS=" +
                            session_bus_address() + "): " + e.getMessage() +
                            "; the mutter backend needs the GNOME session's bus");
  }
}

int32_t screencast_version(sdbus::IConnection &connection, std::chrono::milliseconds timeout) {
  // Ask the bus first: a missing Mutter is the common case and deserves its own message, not a
  // ServiceUnknown from the property call.
  bool has_owner = false;
  try {
    auto bus = sdbus::createProxy(connection, names::kBusService, names::kBusPath);
    bus->callMethod("NameHasOwner")
        .onInterface(names::kBus)
        .withTimeout(timeout)
        .withArguments(std::string(names::kScreenCastService))
        .storeResultsTo(has_owner);
  } catch (const sdbus::Error &e) {
    throw dbus_failure("asking the session bus for org.gnome.Mutter.ScreenCast", e);
  }
  if (!has_owner) throw screencast_not_on_bus();

  try {
    auto screencast =
        sdbus::createProxy(connection, names::kScreenCastService, names::kScreenCastPath);
    sdbus::Variant version;
    screencast->callMethod("Get")
        .onInterface(names::kProperties)
        .withTimeout(timeout)
        .withArguments(std::string(names::kScreenCast), std::string("Version"))
        .storeResultsTo(version);
    return version.get<int32_t>();
  } catch (const sdbus::Error &e) {
    throw dbus_failure("reading Mutter's ScreenCast Version property", e);
  }
}

}  // namespace pfhost::mutter
