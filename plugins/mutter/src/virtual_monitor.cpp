#include "virtual_monitor.hpp"

#include "dbus_failure.hpp"
#include "dbus_names.hpp"
#include "pipewire_nodes.hpp"
#include "screencast_probe.hpp"

#include <sdbus-c++/Types.h>

#include <map>
#include <vector>

namespace pfhost::mutter {
namespace {

using Properties = std::map<std::string, sdbus::Variant>;
using Clock = std::chrono::steady_clock;

// A liveness answer must come well under a second (the display ABI asks for it).
constexpr std::chrono::milliseconds kLivenessNodeTimeout{300};

std::string mode_text(const pfhost_mode &mode) {
  return std::to_string(mode.width) + "x" + std::to_string(mode.height) + "@" +
         std::to_string(mode.refresh_millihz / 1000) +
         (mode.refresh_millihz % 1000 != 0 ? "." + std::to_string(mode.refresh_millihz % 1000)
                                           : std::string());
}

std::chrono::milliseconds left_until(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() > 0 ? left : std::chrono::milliseconds(0);
}

}  // namespace

VirtualMonitor::VirtualMonitor(const Settings &settings, const pfhost::Host &host,
                               const MonitorRequest &request)
    : settings_(settings), host_(host), mode_(request.mode) {
  if (request.mode.width == 0 || request.mode.height == 0)
    throw pfhost::Error(PFHOST_E_INVALID_ARGUMENT, "mutter: the requested mode has no size");
  try {
    create(request);
  } catch (...) {
    // Whatever was created goes again; closing the connection alone would also make Mutter stop
    // the session, but an explicit Stop does not depend on that behaviour.
    stop();
    close_connection();
    throw;
  }
}

VirtualMonitor::~VirtualMonitor() {
  stop();
  close_connection();
}

void VirtualMonitor::create(const MonitorRequest &request) {
  connection_ = connect_session_bus();
  api_version_ = screencast_version(*connection_, settings_.call_timeout);
  watch_mutter_name();
  const std::string remote_desktop_id =
      settings_.remote_desktop ? create_remote_desktop_session() : std::string();

  auto screencast =
      sdbus::createProxy(*connection_, names::kScreenCastService, names::kScreenCastPath);
  Properties session_properties;
  if (!remote_desktop_id.empty())
    session_properties["remote-desktop-session-id"] = sdbus::Variant(remote_desktop_id);
  try {
    sdbus::ObjectPath path;
    screencast->callMethod("CreateSession")
        .onInterface(names::kScreenCast)
        .withTimeout(settings_.call_timeout)
        .withArguments(session_properties)
        .storeResultsTo(path);
    session_path_ = path;
  } catch (const sdbus::Error &e) {
    throw dbus_failure("Mutter ScreenCast.CreateSession", e);
  }

  session_proxy_ = sdbus::createProxy(*connection_, names::kScreenCastService, session_path_);
  session_proxy_->uponSignal("Closed").onInterface(names::kScreenCastSession).call([this] {
    const std::lock_guard lock(mutex_);
    session_closed_ = true;
    changed_.notify_all();
  });
  session_proxy_->finishRegistration();

  record_virtual(request);
  // From here on signals are dispatched by the connection's own thread; calls from this thread
  // wait for their replies through it (sdbus-c++ routes them so).
  connection_->enterEventLoopAsync();
  event_loop_running_ = true;
  start_and_wait_for_node();
  host_.info("Mutter virtual monitor " + mode_text(mode_) + " is PipeWire node " +
             std::to_string(node_id_) + " (" + session_path_ + ", ScreenCast API " +
             std::to_string(api_version_) + ")");
}

void VirtualMonitor::watch_mutter_name() {
  // Subscribed before asking for the owner, so an exit in between is not missed.
  bus_proxy_ = sdbus::createProxy(*connection_, names::kBusService, names::kBusPath);
  bus_proxy_->uponSignal("NameOwnerChanged")
      .onInterface(names::kBus)
      .call([this](const std::string &name, const std::string & /*old_owner*/,
                   const std::string &new_owner) {
        if (name != names::kScreenCastService || new_owner == mutter_owner_) return;
        const std::lock_guard lock(mutex_);
        mutter_vanished_ = true;
        changed_.notify_all();
      });
  bus_proxy_->finishRegistration();
  try {
    bus_proxy_->callMethod("GetNameOwner")
        .onInterface(names::kBus)
        .withTimeout(settings_.call_timeout)
        .withArguments(std::string(names::kScreenCastService))
        .storeResultsTo(mutter_owner_);
  } catch (const sdbus::Error &e) {
    if (e.getName() == "org.freedesktop.DBus.Error.NameHasNoOwner") throw screencast_not_on_bus();
    throw dbus_failure("asking the session bus who owns org.gnome.Mutter.ScreenCast", e);
  }
}

std::string VirtualMonitor::create_remote_desktop_session() {
  try {
    auto remote_desktop =
        sdbus::createProxy(*connection_, names::kRemoteDesktopService, names::kRemoteDesktopPath);
    sdbus::ObjectPath path;
    remote_desktop->callMethod("CreateSession")
        .onInterface(names::kRemoteDesktop)
        .withTimeout(settings_.call_timeout)
        .storeResultsTo(path);
    remote_desktop_path_ = path;
    remote_desktop_proxy_ =
        sdbus::createProxy(*connection_, names::kRemoteDesktopService, remote_desktop_path_);
    remote_desktop_proxy_->finishRegistration();
    sdbus::Variant id;
    remote_desktop_proxy_->callMethod("Get")
        .onInterface(names::kProperties)
        .withTimeout(settings_.call_timeout)
        .withArguments(std::string(names::kRemoteDesktopSession), std::string("SessionId"))
        .storeResultsTo(id);
    return id.get<std::string>();
  } catch (const sdbus::Error &e) {
    throw dbus_failure(
        "Mutter RemoteDesktop.CreateSession ([plugins.mutter] remote_desktop = true)", e);
  }
}

void VirtualMonitor::record_virtual(const MonitorRequest &request) {
  Properties properties;
  properties["cursor-mode"] = sdbus::Variant(request.cursor_mode <= PFHOST_CURSOR_METADATA
                                                 ? request.cursor_mode
                                                 : uint32_t{PFHOST_CURSOR_EMBEDDED});
  if (settings_.is_platform) properties["is-platform"] = sdbus::Variant(true);
  if (api_version_ >= names::kFirstVersionWithModes) {
    // A fixed mode list makes the monitor exactly this mode whatever the consumer negotiates.
    Properties mode;
    mode["size"] = sdbus::Variant(sdbus::Struct<uint32_t, uint32_t>(mode_.width, mode_.height));
    mode["refresh-rate"] = sdbus::Variant(static_cast<double>(mode_.refresh_millihz) / 1000.0);
    mode["is-preferred"] = sdbus::Variant(true);
    properties["modes"] = sdbus::Variant(std::vector<Properties>{mode});
  }
  try {
    sdbus::ObjectPath path;
    session_proxy_->callMethod("RecordVirtual")
        .onInterface(names::kScreenCastSession)
        .withTimeout(settings_.call_timeout)
        .withArguments(properties)
        .storeResultsTo(path);
    stream_path_ = path;
  } catch (const sdbus::Error &e) {
    throw dbus_failure("Mutter ScreenCast.Session.RecordVirtual", e);
  }
  // PipeWireStreamAdded comes after Start, so subscribing now cannot miss it.
  stream_proxy_ = sdbus::createProxy(*connection_, names::kScreenCastService, stream_path_);
  stream_proxy_->uponSignal("PipeWireStreamAdded")
      .onInterface(names::kScreenCastStream)
      .call([this](uint32_t node_id) {
        const std::lock_guard lock(mutex_);
        announced_node_ = node_id;
        changed_.notify_all();
      });
  stream_proxy_->finishRegistration();
}

void VirtualMonitor::start_and_wait_for_node() {
  // A screencast tied to a remote-desktop session is started (and stopped) through that session.
  sdbus::IProxy &starter = remote_desktop_proxy_ ? *remote_desktop_proxy_ : *session_proxy_;
  const char *interface =
      remote_desktop_proxy_ ? names::kRemoteDesktopSession : names::kScreenCastSession;
  try {
    starter.callMethod("Start").onInterface(interface).withTimeout(settings_.call_timeout);
  } catch (const sdbus::Error &e) {
    throw dbus_failure(std::string("Mutter ") + interface + ".Start", e);
  }
  std::unique_lock lock(mutex_);
  const bool settled = changed_.wait_for(lock, settings_.node_timeout, [this] {
    return announced_node_.has_value() || session_closed_ || mutter_vanished_;
  });
  if (announced_node_) {
    node_id_ = *announced_node_;
    return;
  }
  if (mutter_vanished_)
    throw pfhost::Error(PFHOST_E_CLOSED,
                        "Mutter left the session bus while creating the virtual monitor " +
                            describe() + " (did mutter/gnome-shell crash?)");
  if (session_closed_)
    throw pfhost::Error(PFHOST_E_IO, "Mutter closed the screencast session " + describe() +
                                         " before it announced a PipeWire node");
  (void)settled;
  throw pfhost::Error(
      PFHOST_E_TIMEOUT,
      "Mutter started the virtual monitor " + describe() +
          " but announced no PipeWire node (PipeWireStreamAdded) within " +
          std::to_string(settings_.node_timeout.count()) +
          " ms; is PipeWire running for this session? ([plugins.mutter] node_timeout_ms)");
}

std::optional<std::string> VirtualMonitor::why_dead() {
  {
    const std::lock_guard lock(mutex_);
    if (mutter_vanished_)
      return "Mutter left the session bus (it exited or crashed); its virtual monitor " +
             describe() + " is gone";
    if (session_closed_) return "Mutter closed the screencast session " + describe();
  }
  const auto exists = pipewire_node_exists(node_id_, kLivenessNodeTimeout);
  if (!exists)
    return "cannot ask PipeWire whether node " + std::to_string(node_id_) +
           " still exists (no answer within " + std::to_string(kLivenessNodeTimeout.count()) +
           " ms)";
  if (!*exists)
    return "the virtual monitor's PipeWire node " + std::to_string(node_id_) + " is gone";
  return std::nullopt;
}

void VirtualMonitor::stop() noexcept {
  if (!connection_ || session_path_.empty()) return;
  try {
    bool gone = false;
    {
      const std::lock_guard lock(mutex_);
      gone = session_closed_ || mutter_vanished_;
    }
    if (!gone) {
      sdbus::IProxy &stopper = remote_desktop_proxy_ ? *remote_desktop_proxy_ : *session_proxy_;
      const char *interface =
          remote_desktop_proxy_ ? names::kRemoteDesktopSession : names::kScreenCastSession;
      try {
        stopper.callMethod("Stop").onInterface(interface).withTimeout(settings_.call_timeout);
      } catch (const sdbus::Error &e) {
        host_.warn(std::string("Mutter ") + interface + ".Stop failed for " + describe() + ": [" +
                   e.getName() + "] " + e.getMessage());
      }
    }
    if (!event_loop_running_) return;  // nothing was started; the closing connection ends it
    // Mutter removes the monitor while stopping; Closed tells us it finished, and the node
    // leaving PipeWire tells us the capture side sees it too. Both bounded by stop_timeout.
    const auto deadline = Clock::now() + settings_.stop_timeout;
    {
      std::unique_lock lock(mutex_);
      if (!changed_.wait_until(lock, deadline,
                               [this] { return session_closed_ || mutter_vanished_; }))
        host_.warn("Mutter did not confirm (Closed) that it stopped " + describe() + " within " +
                   std::to_string(settings_.stop_timeout.count()) + " ms");
      if (mutter_vanished_) return;
    }
    if (node_id_ != 0 && !wait_for_pipewire_node_gone(node_id_, left_until(deadline)))
      host_.warn("the PipeWire node " + std::to_string(node_id_) + " of " + describe() +
                 " was still there " + std::to_string(settings_.stop_timeout.count()) +
                 " ms after Stop");
  } catch (const std::exception &e) {
    host_.warn("stopping " + describe() + ": " + e.what());
  }
}

void VirtualMonitor::close_connection() noexcept {
  try {
    // The event-loop thread is joined first: after that no handler can run, so the proxies (whose
    // handlers point at this object) go safely.
    if (connection_ && event_loop_running_) connection_->leaveEventLoop();
    event_loop_running_ = false;
    stream_proxy_.reset();
    session_proxy_.reset();
    remote_desktop_proxy_.reset();
    bus_proxy_.reset();
    connection_.reset();
  } catch (const std::exception &e) {
    host_.warn(std::string("closing the D-Bus connection of a Mutter virtual monitor: ") +
               e.what());
  }
}

std::string VirtualMonitor::describe() const {
  return mode_text(mode_) + (session_path_.empty() ? std::string() : " (" + session_path_ + ")");
}

}  // namespace pfhost::mutter
