#include "virtual_output.hpp"

#include "kwin_probe.hpp"
#include "wayland_client.hpp"
#include "zkde-screencast-unstable-v1-client-protocol.h"

#include <sys/eventfd.h>
#include <unistd.h>
#include <wayland-client.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

namespace pfhost::kwin {
namespace {

// How long the thread waits for KWin to take the close before it drops the connection anyway.
constexpr std::chrono::milliseconds kCloseTimeout{1000};
// How often the watching loop wakes (it sleeps in poll(); only a stop or an event ends it early).
constexpr std::chrono::seconds kWatchSlice{30};

// What the stream's events say, written on the output's thread only.
struct StreamEvents {
  std::optional<uint32_t> node;
  std::optional<std::string> failure;
  bool closed = false;
};

void on_closed(void *data, zkde_screencast_stream_unstable_v1 * /*stream*/) {
  static_cast<StreamEvents *>(data)->closed = true;
}
void on_created(void *data, zkde_screencast_stream_unstable_v1 * /*stream*/, uint32_t node) {
  static_cast<StreamEvents *>(data)->node = node;
}
void on_failed(void *data, zkde_screencast_stream_unstable_v1 * /*stream*/, const char *error) {
  static_cast<StreamEvents *>(data)->failure = error != nullptr ? error : "";
}

const zkde_screencast_stream_unstable_v1_listener kStreamListener = {&on_closed, &on_created,
                                                                     &on_failed};

}  // namespace

VirtualOutput::VirtualOutput(VirtualOutputRequest request, Host host)
    : request_(std::move(request)), host_(host) {
  stop_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (stop_fd_ < 0) throw Error(PFHOST_E_INTERNAL, std::string("eventfd: ") + std::strerror(errno));
  try {
    thread_ = std::thread([this] { run(); });
  } catch (...) {
    ::close(stop_fd_);
    throw;
  }

  // The thread bounds each of its waits by request_.timeout (connect + registry, then KWin's
  // answer); this outer bound only guards against a bug there.
  std::unique_lock lock(mutex_);
  const bool answered = started_.wait_for(lock, request_.timeout * 3 + std::chrono::seconds(1),
                                          [&] { return phase_ != Phase::starting; });
  const Phase phase = phase_;
  const pfhost_status status = answered ? error_status_ : PFHOST_E_TIMEOUT;
  const std::string text = answered
                               ? error_text_
                               : "the KWin stream thread did not report within " +
                                     std::to_string(request_.timeout.count() * 3 + 1000) + " ms";
  lock.unlock();
  if (phase != Phase::created) {
    const uint64_t one = 1;
    [[maybe_unused]] const auto written = ::write(stop_fd_, &one, sizeof one);
    thread_.join();
    ::close(stop_fd_);
    throw Error(status, text);
  }
}

VirtualOutput::~VirtualOutput() {
  const uint64_t one = 1;
  [[maybe_unused]] const auto written = ::write(stop_fd_, &one, sizeof one);
  if (thread_.joinable()) thread_.join();
  ::close(stop_fd_);
}

std::string VirtualOutput::death_reason() const {
  const std::lock_guard lock(mutex_);
  return death_reason_;
}

void VirtualOutput::finish_start(Phase phase, pfhost_status status, std::string text) {
  {
    const std::lock_guard lock(mutex_);
    if (phase_ != Phase::starting) return;
    phase_ = phase;
    error_status_ = status;
    error_text_ = std::move(text);
  }
  started_.notify_all();
}

void VirtualOutput::mark_dead(std::string why) {
  {
    const std::lock_guard lock(mutex_);
    death_reason_ = why;
  }
  if (alive_.exchange(false)) host_.warn("virtual output " + request_.output_name + ": " + why);
}

void VirtualOutput::run() noexcept {
  try {
    WaylandClient client(request_.wayland_display);
    stream_and_watch(client);
  } catch (const Error &e) {
    finish_start(Phase::failed, e.status(), e.what());
  } catch (const std::exception &e) {
    finish_start(Phase::failed, PFHOST_E_INTERNAL, e.what());
  } catch (...) {
    finish_start(Phase::failed, PFHOST_E_INTERNAL, "unknown exception in the KWin stream thread");
  }
  alive_ = false;
}

void VirtualOutput::stream_and_watch(WaylandClient &client) {
  const auto &globals = client.fetch_globals(Clock::now() + request_.timeout);
  const auto global = std::find_if(globals.begin(), globals.end(), [](const WaylandGlobal &g) {
    return g.interface == kScreencastInterface;
  });
  if (global == globals.end() || global->version < kVirtualOutputSince) {
    const ProbeVerdict verdict =
        judge_globals(globals, request_.wayland_display, self_executable());
    throw Error(PFHOST_E_UNAVAILABLE, verdict.reason);
  }
  const uint32_t version = std::min<uint32_t>(global->version, 3);
  auto *screencast = static_cast<zkde_screencast_unstable_v1 *>(wl_registry_bind(
      client.registry(), global->name, &zkde_screencast_unstable_v1_interface, version));

  StreamEvents events;
  zkde_screencast_stream_unstable_v1 *stream = zkde_screencast_unstable_v1_stream_virtual_output(
      screencast, request_.output_name.c_str(), request_.width, request_.height,
      wl_fixed_from_double(request_.scale), request_.pointer);
  zkde_screencast_stream_unstable_v1_add_listener(stream, &kStreamListener, &events);

  const std::string what = "virtual output '" + request_.output_name + "' (" +
                           std::to_string(request_.width) + "x" + std::to_string(request_.height) +
                           ")";
  const DispatchResult answer =
      client.dispatch_until([&] { return events.node || events.failure || events.closed; },
                            Clock::now() + request_.timeout, stop_fd_);
  if (events.node) {
    node_id_ = *events.node;
    alive_ = true;
    host_.info(what + " streams on PipeWire node " + std::to_string(node_id_));
    finish_start(Phase::created, PFHOST_OK, {});
  } else if (events.failure) {
    finish_start(Phase::failed, PFHOST_E_UNAVAILABLE,
                 "KWin refused the " + what + ": " + *events.failure);
  } else if (events.closed) {
    finish_start(Phase::failed, PFHOST_E_UNAVAILABLE,
                 "KWin closed the stream of the " + what + " before creating it");
  } else if (answer == DispatchResult::timed_out) {
    finish_start(Phase::failed, PFHOST_E_TIMEOUT,
                 "KWin answered neither created nor failed to stream_virtual_output for the " +
                     what + " within " + std::to_string(request_.timeout.count()) + " ms");
  } else if (answer == DispatchResult::connection_lost) {
    finish_start(Phase::failed, PFHOST_E_IO,
                 "the Wayland connection to KWin broke while creating the " + what + ": " +
                     client.error_text());
  } else {
    finish_start(Phase::failed, PFHOST_E_TIMEOUT, "creating the " + what + " was cancelled");
  }

  // Watch the live stream until destroy() (stopped) or until KWin ends it.
  while (alive_) {
    const DispatchResult watched =
        client.dispatch_until([&] { return events.closed; }, Clock::now() + kWatchSlice, stop_fd_);
    if (watched == DispatchResult::stopped) break;
    if (watched == DispatchResult::done) mark_dead("KWin closed the stream");
    if (watched == DispatchResult::connection_lost)
      mark_dead("the Wayland connection to KWin broke: " + client.error_text());
  }

  // close is the stream's destructor: KWin tears the output down. The round trip makes sure KWin
  // read it before the connection goes (a dropped connection removes the output too).
  zkde_screencast_stream_unstable_v1_close(stream);
  zkde_screencast_unstable_v1_destroy(screencast);
  if (client.roundtrip(Clock::now() + kCloseTimeout) == DispatchResult::timed_out)
    host_.warn("KWin did not confirm closing " + what + " within " +
               std::to_string(kCloseTimeout.count()) + " ms; dropping the connection");
}

}  // namespace pfhost::kwin
