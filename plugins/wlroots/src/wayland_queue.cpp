#include "wayland_queue.hpp"

#include <pfhost/plugin.hpp>

#include <poll.h>

#include <cerrno>
#include <cstring>

namespace pfhost::wlroots {

using Clock = std::chrono::steady_clock;

WaylandQueue::WaylandQueue(const std::string &socket_path) : socket_path_(socket_path) {
  display_ = wl_display_connect(socket_path.c_str());
  if (display_ == nullptr)
    throw Error(PFHOST_E_UNAVAILABLE, "cannot connect to the Wayland compositor at " + socket_path +
                                          " (" + std::strerror(errno) + ")");
  queue_ = wl_display_create_queue(display_);
  wrapper_ = static_cast<wl_display *>(wl_proxy_create_wrapper(display_));
  wl_proxy_set_queue(reinterpret_cast<wl_proxy *>(wrapper_), queue_);
}

WaylandQueue::~WaylandQueue() {
  if (wrapper_ != nullptr) wl_proxy_wrapper_destroy(wrapper_);
  if (queue_ != nullptr) wl_event_queue_destroy(queue_);
  if (display_ != nullptr) wl_display_disconnect(display_);
}

std::string WaylandQueue::connection_error() const {
  const int error = wl_display_get_error(display_);
  return "the Wayland compositor at " + socket_path_ + " closed the connection" +
         (error != 0 ? std::string(" (") + std::strerror(error) + ")" : std::string());
}

WaylandQueue::Wait WaylandQueue::dispatch_once(int timeout_ms, int wake_fd) {
  // The documented multi-queue read protocol: prepare, flush, poll, read, dispatch.
  while (wl_display_prepare_read_queue(display_, queue_) != 0) {
    if (wl_display_dispatch_queue_pending(display_, queue_) < 0) return Wait::kError;
  }
  if (wl_display_flush(display_) < 0 && errno != EAGAIN) {
    wl_display_cancel_read(display_);
    return Wait::kError;
  }
  pollfd fds[2] = {{wl_display_get_fd(display_), POLLIN, 0}, {wake_fd, POLLIN, 0}};
  const int ready = ::poll(fds, wake_fd >= 0 ? 2 : 1, timeout_ms);
  if (ready <= 0) {
    wl_display_cancel_read(display_);
    return ready < 0 && errno != EINTR ? Wait::kError : Wait::kTimeout;
  }
  if ((fds[0].revents & (POLLIN | POLLERR | POLLHUP)) != 0) {
    if (wl_display_read_events(display_) < 0) return Wait::kError;
  } else {
    wl_display_cancel_read(display_);
  }
  if (wl_display_dispatch_queue_pending(display_, queue_) < 0) return Wait::kError;
  if (wake_fd >= 0 && (fds[1].revents & POLLIN) != 0) return Wait::kWake;
  return Wait::kEvents;
}

namespace {
void sync_done(void *data, wl_callback *, uint32_t) {
  *static_cast<bool *>(data) = true;
}
const wl_callback_listener kSyncListener = {&sync_done};
}  // namespace

void WaylandQueue::roundtrip(std::chrono::milliseconds timeout) {
  bool done = false;
  wl_callback *callback = wl_display_sync(wrapper_);
  wl_callback_add_listener(callback, &kSyncListener, &done);
  const auto deadline = Clock::now() + timeout;
  while (!done) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      wl_callback_destroy(callback);
      throw Error(PFHOST_E_TIMEOUT, "the Wayland compositor at " + socket_path_ +
                                        " did not answer within " +
                                        std::to_string(timeout.count()) + " ms");
    }
    if (dispatch_once(static_cast<int>(left.count())) == Wait::kError) {
      wl_callback_destroy(callback);
      throw Error(PFHOST_E_CLOSED, connection_error());
    }
  }
  wl_callback_destroy(callback);
}

}  // namespace pfhost::wlroots
