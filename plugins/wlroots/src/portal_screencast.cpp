#include "portal_screencast.hpp"

#include "portal_response.hpp"

#include <sdbus-c++/sdbus-c++.h>

#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <optional>

namespace pfhost::wlroots {

namespace {

constexpr const char *kPortalName = "org.freedesktop.portal.Desktop";
constexpr const char *kPortalPath = "/org/freedesktop/portal/desktop";
constexpr const char *kScreenCast = "org.freedesktop.portal.ScreenCast";
constexpr const char *kRequest = "org.freedesktop.portal.Request";
constexpr const char *kSession = "org.freedesktop.portal.Session";
constexpr auto kProbeTimeout = std::chrono::milliseconds(800);
constexpr uint32_t kSourceMonitor = 1;

using Clock = std::chrono::steady_clock;

std::string next_token() {
  static std::atomic<uint32_t> counter{0};
  return "pfhost" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
}

std::unique_ptr<sdbus::IConnection> connect_session_bus() {
  const char *address = std::getenv("DBUS_SESSION_BUS_ADDRESS");
  if (address == nullptr || *address == '\0')
    throw Error(PFHOST_E_UNAVAILABLE,
                "xdg-desktop-portal is not reachable: no D-Bus session bus "
                "(DBUS_SESSION_BUS_ADDRESS is not set); run pfhost inside your desktop session");
  try {
    return sdbus::createSessionBusConnection();
  } catch (const sdbus::Error &e) {
    throw Error(PFHOST_E_UNAVAILABLE, "cannot connect to the D-Bus session bus: " + e.getMessage());
  }
}

void require_screencast(sdbus::IConnection &bus, std::chrono::milliseconds timeout) {
  auto dbus = sdbus::createProxy(bus, "org.freedesktop.DBus", "/org/freedesktop/DBus");
  bool has_owner = false;
  dbus->callMethod("NameHasOwner")
      .onInterface("org.freedesktop.DBus")
      .withTimeout(timeout)
      .withArguments(std::string(kPortalName))
      .storeResultsTo(has_owner);
  if (!has_owner)
    throw Error(PFHOST_E_UNAVAILABLE,
                "xdg-desktop-portal is not running on the session bus (start it with a "
                "ScreenCast backend such as xdg-desktop-portal-wlr in your sway session)");
  auto portal = sdbus::createProxy(bus, kPortalName, kPortalPath);
  try {
    sdbus::Variant version;
    portal->callMethod("Get")
        .onInterface("org.freedesktop.DBus.Properties")
        .withTimeout(timeout)
        .withArguments(std::string(kScreenCast), std::string("version"))
        .storeResultsTo(version);
  } catch (const sdbus::Error &e) {
    throw Error(PFHOST_E_UNAVAILABLE,
                "xdg-desktop-portal runs but offers no ScreenCast interface (install "
                "xdg-desktop-portal-wlr and make it the portal for this desktop): " +
                    e.getMessage());
  }
}

}  // namespace

pfhost_status probe_screencast_portal(std::string *why) {
  try {
    auto bus = connect_session_bus();
    require_screencast(*bus, kProbeTimeout);
    return PFHOST_OK;
  } catch (const Error &e) {
    *why = e.what();
    return e.status();
  } catch (const sdbus::Error &e) {
    *why = "asking the session bus for xdg-desktop-portal failed: " + e.getMessage();
    return PFHOST_E_UNAVAILABLE;
  }
}

struct PortalScreencast::Bus {
  std::unique_ptr<sdbus::IConnection> connection;
  std::unique_ptr<sdbus::IProxy> portal;
  sdbus::ObjectPath session;
  int remote_fd = -1;
  std::chrono::milliseconds timeout{};

  // Calls a ScreenCast method that returns a Request handle and waits for its Response.
  PortalResults request(const std::string &method, const std::string &step,
                        std::function<void(sdbus::MethodCall &)> add_arguments,
                        PortalResults options) {
    const std::string token = next_token();
    options["handle_token"] = sdbus::Variant(token);
    const std::string path = portal_request_path(connection->getUniqueName(), token);
    std::optional<std::pair<uint32_t, PortalResults>> answer;
    // Subscribed before the call: the portal may answer before the call returns.
    auto request_proxy = sdbus::createProxy(*connection, kPortalName, path);
    request_proxy->uponSignal("Response")
        .onInterface(kRequest)
        .call([&answer](uint32_t response, PortalResults results) {
          answer.emplace(response, std::move(results));
        });
    request_proxy->finishRegistration();
    auto call = portal->createMethodCall(kScreenCast, method);
    add_arguments(call);
    call << options;
    portal->callMethod(call,
                       std::chrono::duration_cast<std::chrono::microseconds>(timeout).count());
    const auto deadline = Clock::now() + timeout;
    while (!answer) {
      if (connection->processPendingRequest()) continue;
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0)
        throw Error(PFHOST_E_TIMEOUT, "the screen-cast portal did not answer " + step + " within " +
                                          std::to_string(timeout.count()) +
                                          " ms (waiting for a source chooser?)");
      const auto poll_data = connection->getEventLoopPollData();
      pollfd pfd{poll_data.fd, static_cast<short>(poll_data.events), 0};
      ::poll(&pfd, 1, static_cast<int>(left.count()));
    }
    if (const auto error = portal_response_error(answer->first, step))
      throw Error(PFHOST_E_UNAVAILABLE, *error);
    return std::move(answer->second);
  }
};

PortalScreencast::PortalScreencast(const pfhost_display_request &request, const pfhost::Host &host,
                                   std::chrono::milliseconds timeout)
    : bus_(std::make_unique<Bus>()), host_(host) {
  bus_->timeout = timeout;
  bus_->connection = connect_session_bus();
  try {
    require_screencast(*bus_->connection, kProbeTimeout);
    bus_->portal = sdbus::createProxy(*bus_->connection, kPortalName, kPortalPath);
    bus_->portal->finishRegistration();

    PortalResults create_options;
    create_options["session_handle_token"] = sdbus::Variant(next_token());
    const auto created = bus_->request(
        "CreateSession", "CreateSession", [](sdbus::MethodCall &) {}, create_options);
    const auto handle = created.find("session_handle");
    if (handle == created.end())
      throw Error(PFHOST_E_IO, "the screen-cast portal created no session handle");
    // The portal returns the handle as a string ("o" in older versions): accept both.
    try {
      bus_->session = sdbus::ObjectPath(handle->second.get<std::string>());
    } catch (const sdbus::Error &) {
      bus_->session = handle->second.get<sdbus::ObjectPath>();
    }

    PortalResults select_options;
    select_options["types"] = sdbus::Variant(kSourceMonitor);
    select_options["multiple"] = sdbus::Variant(false);
    select_options["cursor_mode"] =
        sdbus::Variant(request.cursor_mode == PFHOST_CURSOR_HIDDEN ? 1u : 2u);
    bus_->request(
        "SelectSources", "SelectSources",
        [this](sdbus::MethodCall &call) { call << bus_->session; }, select_options);

    const auto started = bus_->request(
        "Start", "Start",
        [this](sdbus::MethodCall &call) { call << bus_->session << std::string(); }, {});
    const auto streams = parse_portal_streams(started);

    sdbus::UnixFd remote;
    bus_->portal->callMethod("OpenPipeWireRemote")
        .onInterface(kScreenCast)
        .withTimeout(timeout)
        .withArguments(bus_->session, PortalResults{})
        .storeResultsTo(remote);
    bus_->remote_fd = remote.release();

    // The portal's node lives on its own remote, not the user's default daemon; the stream's
    // size, when the portal says it, is what the display really has.
    pfhost_mode mode = request.mode;
    if (streams.front().width > 0 && streams.front().height > 0) {
      mode.width = static_cast<uint32_t>(streams.front().width);
      mode.height = static_cast<uint32_t>(streams.front().height);
    }
    target_ = pipewire_node_target(mode, streams.front().node_id, bus_->remote_fd);
    host_.info("screen-cast portal: PipeWire node " + std::to_string(target_.u.pipewire.node_id));
  } catch (const sdbus::Error &e) {
    throw Error(PFHOST_E_UNAVAILABLE, "the screen-cast portal failed: " + e.getMessage());
  }
}

PortalScreencast::~PortalScreencast() {
  try {
    if (!bus_->session.empty()) {
      auto session = sdbus::createProxy(*bus_->connection, kPortalName, bus_->session);
      session->callMethod("Close").onInterface(kSession).withTimeout(kProbeTimeout);
    }
  } catch (const std::exception &e) {
    host_.warn(std::string("closing the screen-cast portal session: ") + e.what());
  }
  if (bus_->remote_fd >= 0) ::close(bus_->remote_fd);
}

pfhost_status PortalScreencast::is_alive(std::string *why) {
  // The session lives as long as its connection and the portal; a vanished portal ends it.
  try {
    require_screencast(*bus_->connection, kProbeTimeout);
    return PFHOST_OK;
  } catch (const std::exception &e) {
    *why = e.what();
    return PFHOST_E_CLOSED;
  }
}

}  // namespace pfhost::wlroots
