#include "wayland_client.hpp"

#include <pfhost/plugin.hpp>

#include <poll.h>
#include <wayland-client.h>

#include <cerrno>
#include <cstring>

namespace pfhost::kwin {
namespace {

void on_global(void *data, wl_registry * /*registry*/, uint32_t name, const char *interface,
               uint32_t version) {
  static_cast<std::vector<WaylandGlobal> *>(data)->push_back({name, interface, version});
}

void on_global_remove(void *data, wl_registry * /*registry*/, uint32_t name) {
  auto *globals = static_cast<std::vector<WaylandGlobal> *>(data);
  std::erase_if(*globals, [&](const WaylandGlobal &g) { return g.name == name; });
}

const wl_registry_listener kRegistryListener = {&on_global, &on_global_remove};

void on_sync_done(void *data, wl_callback * /*callback*/, uint32_t /*serial*/) {
  *static_cast<bool *>(data) = true;
}

const wl_callback_listener kSyncListener = {&on_sync_done};

int remaining_ms(Clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(left > 60000 ? 60000 : left);
}

}  // namespace

WaylandClient::WaylandClient(const std::string &display_name) : name_(display_name) {
  display_ = wl_display_connect(display_name.c_str());
  if (display_ == nullptr) {
    const int error = errno;
    throw Error(PFHOST_E_UNAVAILABLE, "cannot connect to Wayland display '" + display_name +
                                          "': " + std::strerror(error));
  }
}

WaylandClient::~WaylandClient() {
  if (registry_ != nullptr) wl_registry_destroy(registry_);
  if (display_ != nullptr) wl_display_disconnect(display_);
}

DispatchResult WaylandClient::dispatch_until(const std::function<bool()> &done,
                                             Clock::time_point deadline, int stop_fd) {
  for (;;) {
    if (wl_display_dispatch_pending(display_) < 0) return DispatchResult::connection_lost;
    if (done()) return DispatchResult::done;
    // prepare_read fails while events are queued: dispatch those first (the libwayland rule for
    // reading from our own poll loop).
    while (wl_display_prepare_read(display_) != 0) {
      if (wl_display_dispatch_pending(display_) < 0) return DispatchResult::connection_lost;
    }
    if (done()) {
      wl_display_cancel_read(display_);
      return DispatchResult::done;
    }
    if (wl_display_flush(display_) < 0 && errno != EAGAIN) {
      wl_display_cancel_read(display_);
      return DispatchResult::connection_lost;
    }
    pollfd fds[2] = {{wl_display_get_fd(display_), POLLIN, 0}, {stop_fd, POLLIN, 0}};
    const int ready = ::poll(fds, stop_fd >= 0 ? 2 : 1, remaining_ms(deadline));
    if (ready < 0 && errno != EINTR) {
      wl_display_cancel_read(display_);
      return DispatchResult::connection_lost;
    }
    if (stop_fd >= 0 && (fds[1].revents & POLLIN) != 0) {
      wl_display_cancel_read(display_);
      return DispatchResult::stopped;
    }
    if (ready > 0 && fds[0].revents != 0) {
      if (wl_display_read_events(display_) < 0) return DispatchResult::connection_lost;
    } else {
      wl_display_cancel_read(display_);
      if (ready == 0 && Clock::now() >= deadline) return DispatchResult::timed_out;
    }
  }
}

DispatchResult WaylandClient::roundtrip(Clock::time_point deadline, int stop_fd) {
  bool answered = false;
  wl_callback *callback = wl_display_sync(display_);
  wl_callback_add_listener(callback, &kSyncListener, &answered);
  const DispatchResult result = dispatch_until([&] { return answered; }, deadline, stop_fd);
  wl_callback_destroy(callback);
  return result;
}

const std::vector<WaylandGlobal> &WaylandClient::fetch_globals(Clock::time_point deadline) {
  if (registry_ == nullptr) {
    registry_ = wl_display_get_registry(display_);
    wl_registry_add_listener(registry_, &kRegistryListener, &globals_);
  }
  switch (roundtrip(deadline)) {
    case DispatchResult::done:
    case DispatchResult::stopped:
      return globals_;
    case DispatchResult::timed_out:
      throw Error(PFHOST_E_TIMEOUT,
                  "the Wayland compositor at '" + name_ + "' did not list its globals in time");
    case DispatchResult::connection_lost:
      break;
  }
  throw Error(PFHOST_E_IO, "the Wayland connection to '" + name_ + "' broke: " + error_text());
}

std::string WaylandClient::error_text() const {
  const int error = wl_display_get_error(display_);
  if (error == 0) return "no error reported";
  if (error == EPROTO) {
    const wl_interface *interface = nullptr;
    uint32_t id = 0;
    const uint32_t code = wl_display_get_protocol_error(display_, &interface, &id);
    return std::string("protocol error ") + std::to_string(code) + " on " +
           (interface != nullptr ? interface->name : "?") + "@" + std::to_string(id);
  }
  return std::strerror(error);
}

}  // namespace pfhost::kwin
