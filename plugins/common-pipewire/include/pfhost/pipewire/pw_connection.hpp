// A connection to a PipeWire daemon running on its own pw_thread_loop.
//
// Owns the loop thread, the context, the core and a registry listener. The registry tells us
// whether a node exists at open() and when it disappears later; core errors tell us the daemon
// went away. Callbacks run on the loop thread with the loop lock held.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include <pipewire/pipewire.h>

namespace pfhost::pipewire {

struct GlobalInfo {
  std::string type;         // "PipeWire:Interface:Node"...
  std::string media_class;  // "Video/Source"...
  std::string node_name;
  std::string object_serial;  // what target.object matches in current session managers
};

class PwConnection {
 public:
  struct Callbacks {
    // [loop thread] A global went away (e.g. the node we capture).
    std::function<void(uint32_t id)> global_removed;
    // [loop thread] The connection to the daemon is broken for good.
    std::function<void(const std::string &reason)> connection_lost;
  };

  // Connects to the daemon behind `remote_fd` (>= 0: dup()ed, the caller keeps the original) or
  // to the default daemon, starts the loop thread and waits (up to `timeout`) for the registry's
  // initial burst. Throws pfhost::Error (E_UNAVAILABLE when there is no daemon, E_TIMEOUT when it
  // does not answer).
  PwConnection(int remote_fd, std::chrono::milliseconds timeout, Callbacks callbacks);
  ~PwConnection();
  PwConnection(const PwConnection &) = delete;
  PwConnection &operator=(const PwConnection &) = delete;

  // Quits the loop and joins its thread. Idempotent. After it, no callback runs any more.
  void stop() noexcept;

  pw_thread_loop *loop() const noexcept { return loop_; }
  pw_core *core() const noexcept { return core_; }

  // What the registry announced for `id`, if it exists. [loop lock held, or loop stopped]
  std::optional<GlobalInfo> find_global(uint32_t id) const;

  // Holds the loop lock for a scope (every PipeWire call from outside the loop thread needs it).
  class Lock {
   public:
    explicit Lock(const PwConnection &c) noexcept : loop_(c.loop_) { pw_thread_loop_lock(loop_); }
    ~Lock() { pw_thread_loop_unlock(loop_); }
    Lock(const Lock &) = delete;
    Lock &operator=(const Lock &) = delete;

   private:
    pw_thread_loop *loop_;
  };

 private:
  static void on_core_done(void *data, uint32_t id, int seq);
  static void on_core_error(void *data, uint32_t id, int seq, int res, const char *message);
  static void on_global(void *data, uint32_t id, uint32_t permissions, const char *type,
                        uint32_t version, const spa_dict *props);
  static void on_global_remove(void *data, uint32_t id);
  void destroy() noexcept;
  // Waits for the daemon to answer a sync (loop lock held). False on timeout or a lost link.
  bool round_trip(std::chrono::milliseconds timeout);

  Callbacks callbacks_;
  pw_thread_loop *loop_ = nullptr;
  pw_context *context_ = nullptr;
  pw_core *core_ = nullptr;
  pw_registry *registry_ = nullptr;
  spa_hook core_listener_{};
  spa_hook registry_listener_{};
  int pending_sync_ = -1;
  bool sync_done_ = false;
  bool lost_ = false;
  bool running_ = false;
  std::map<uint32_t, GlobalInfo> globals_;
};

}  // namespace pfhost::pipewire
