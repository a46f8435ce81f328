#include <pfhost/pipewire/pw_connection.hpp>

#include <pfhost/pipewire/pw_runtime.hpp>

#include <pfhost/plugin.hpp>

#include <fcntl.h>
#include <spa/utils/dict.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace pfhost::pipewire {
namespace {

const char *dict_get(const spa_dict *props, const char *key) {
  return props != nullptr ? spa_dict_lookup(props, key) : nullptr;
}

}  // namespace

PwConnection::PwConnection(int remote_fd, std::chrono::milliseconds timeout, Callbacks callbacks)
    : callbacks_(std::move(callbacks)) {
  ensure_pipewire_initialized();
  loop_ = pw_thread_loop_new("pfhost-pipewire", nullptr);
  if (loop_ == nullptr)
    throw pfhost::Error(PFHOST_E_INTERNAL,
                        std::string("pw_thread_loop_new failed: ") + std::strerror(errno));
  try {
    Lock lock(*this);
    context_ = pw_context_new(pw_thread_loop_get_loop(loop_), nullptr, 0);
    if (context_ == nullptr)
      throw pfhost::Error(PFHOST_E_INTERNAL,
                          std::string("pw_context_new failed: ") + std::strerror(errno));
    if (remote_fd >= 0) {
      // The display owns remote_fd; PipeWire closes the fd it is given, so give it a copy.
      const int fd = ::fcntl(remote_fd, F_DUPFD_CLOEXEC, 3);
      if (fd < 0)
        throw pfhost::Error(
            PFHOST_E_INVALID_ARGUMENT,
            std::string("cannot dup the PipeWire remote fd: ") + std::strerror(errno));
      core_ = pw_context_connect_fd(context_, fd, nullptr, 0);
      if (core_ == nullptr)
        throw pfhost::Error(PFHOST_E_UNAVAILABLE,
                            std::string("cannot connect to the PipeWire remote fd ") +
                                std::to_string(remote_fd) + ": " + std::strerror(errno));
    } else {
      core_ = pw_context_connect(context_, nullptr, 0);
      if (core_ == nullptr)
        throw pfhost::Error(
            PFHOST_E_UNAVAILABLE,
            "no PipeWire daemon reachable at " + default_socket_path() +
                " (start pipewire, or set PIPEWIRE_RUNTIME_DIR): " + std::strerror(errno));
    }
    static const pw_core_events core_events = [] {
      pw_core_events e{};
      e.version = PW_VERSION_CORE_EVENTS;
      e.done = &PwConnection::on_core_done;
      e.error = &PwConnection::on_core_error;
      return e;
    }();
    pw_core_add_listener(core_, &core_listener_, &core_events, this);

    static const pw_registry_events registry_events = [] {
      pw_registry_events e{};
      e.version = PW_VERSION_REGISTRY_EVENTS;
      e.global = &PwConnection::on_global;
      e.global_remove = &PwConnection::on_global_remove;
      return e;
    }();
    registry_ = pw_core_get_registry(core_, PW_VERSION_REGISTRY, 0);
    if (registry_ == nullptr)
      throw pfhost::Error(PFHOST_E_INTERNAL, "cannot get the PipeWire registry");
    pw_registry_add_listener(registry_, &registry_listener_, &registry_events, this);

    if (pw_thread_loop_start(loop_) != 0)
      throw pfhost::Error(PFHOST_E_INTERNAL, "cannot start the PipeWire loop thread");
    running_ = true;
    // One round trip: by its end the registry has announced every existing global.
    if (!round_trip(timeout)) {
      if (lost_)
        throw pfhost::Error(PFHOST_E_UNAVAILABLE,
                            "the PipeWire daemon closed the connection during setup");
      throw pfhost::Error(PFHOST_E_TIMEOUT, "the PipeWire daemon did not answer within " +
                                                std::to_string(timeout.count()) + " ms");
    }
  } catch (...) {
    destroy();
    throw;
  }
}

PwConnection::~PwConnection() {
  destroy();
}

void PwConnection::stop() noexcept {
  if (running_) {
    pw_thread_loop_stop(loop_);  // quits the loop and joins the thread
    running_ = false;
  }
}

void PwConnection::destroy() noexcept {
  stop();
  if (registry_ != nullptr) {
    spa_hook_remove(&registry_listener_);
    pw_proxy_destroy(reinterpret_cast<pw_proxy *>(registry_));
    registry_ = nullptr;
  }
  if (core_ != nullptr) {
    spa_hook_remove(&core_listener_);
    pw_core_disconnect(core_);
    core_ = nullptr;
  }
  if (context_ != nullptr) {
    pw_context_destroy(context_);
    context_ = nullptr;
  }
  if (loop_ != nullptr) {
    pw_thread_loop_destroy(loop_);
    loop_ = nullptr;
  }
}

bool PwConnection::round_trip(std::chrono::milliseconds timeout) {
  sync_done_ = false;
  pending_sync_ = pw_core_sync(core_, PW_ID_CORE, 0);
  timespec deadline{};
  pw_thread_loop_get_time(loop_, &deadline, static_cast<int64_t>(timeout.count()) * 1'000'000);
  while (!sync_done_ && !lost_) {
    if (pw_thread_loop_timed_wait_full(loop_, &deadline) != 0) break;  // ETIMEDOUT
  }
  return sync_done_;
}

std::optional<GlobalInfo> PwConnection::find_global(uint32_t id) const {
  const auto it = globals_.find(id);
  if (it == globals_.end()) return std::nullopt;
  return it->second;
}

void PwConnection::on_core_done(void *data, uint32_t id, int seq) {
  auto *self = static_cast<PwConnection *>(data);
  if (id == PW_ID_CORE && seq == self->pending_sync_) {
    self->sync_done_ = true;
    pw_thread_loop_signal(self->loop_, false);
  }
}

void PwConnection::on_core_error(void *data, uint32_t id, int /*seq*/, int res,
                                 const char *message) {
  auto *self = static_cast<PwConnection *>(data);
  // Errors about other objects (our stream's node) reach the stream's own state; only a core
  // error with EPIPE means the link to the daemon itself is gone.
  if (id != PW_ID_CORE || res != -EPIPE) return;
  self->lost_ = true;
  pw_thread_loop_signal(self->loop_, false);
  try {  // nothing may unwind into PipeWire's C code
    if (self->callbacks_.connection_lost)
      self->callbacks_.connection_lost(std::string("lost the connection to the PipeWire daemon") +
                                       (message != nullptr ? std::string(": ") + message : ""));
  } catch (...) {
  }
}

void PwConnection::on_global(void *data, uint32_t id, uint32_t /*permissions*/, const char *type,
                             uint32_t /*version*/, const spa_dict *props) {
  auto *self = static_cast<PwConnection *>(data);
  try {  // nothing may unwind into PipeWire's C code
    GlobalInfo info;
    info.type = type != nullptr ? type : "";
    if (const char *v = dict_get(props, PW_KEY_MEDIA_CLASS)) info.media_class = v;
    if (const char *v = dict_get(props, PW_KEY_NODE_NAME)) info.node_name = v;
    if (const char *v = dict_get(props, PW_KEY_OBJECT_SERIAL)) info.object_serial = v;
    self->globals_[id] = std::move(info);
  } catch (...) {
  }
}

void PwConnection::on_global_remove(void *data, uint32_t id) {
  auto *self = static_cast<PwConnection *>(data);
  self->globals_.erase(id);
  try {  // nothing may unwind into PipeWire's C code
    if (self->callbacks_.global_removed) self->callbacks_.global_removed(id);
  } catch (...) {
  }
}

}  // namespace pfhost::pipewire
