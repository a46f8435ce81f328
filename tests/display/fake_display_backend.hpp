// A fake display plugin for the display tests, exposed exactly as a real plugin is: a C
// pfhost_display_vtable plus a plugin context. It counts creates and destroys, detects double
// destroys and calls on destroyed displays, can report its displays dead, fail a create, and hold
// creates on a latch so a test can prove the registry keeps working while a create blocks.
#pragma once

#include <pfhost/display.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "backends/display_backend.hpp"

namespace pfhost::test {
using namespace pfhost::core;  // the host's own types

class FakeDisplayBackend {
 public:
  explicit FakeDisplayBackend(std::string name = "fake");
  // Frees the displays' memory only now, so double destroys are detected, not crashes.
  ~FakeDisplayBackend();
  FakeDisplayBackend(const FakeDisplayBackend &) = delete;
  FakeDisplayBackend &operator=(const FakeDisplayBackend &) = delete;

  // The host-side wrapper over this fake's full-size vtable.
  const DisplayBackend &backend() const { return backend_; }
  const pfhost_display_vtable &vtable() const { return vtable_; }
  void *ctx() { return this; }

  int creates() const;   // successful creates
  int destroys() const;  // first destroys of a display
  int live() const { return creates() - destroys(); }
  int double_destroys() const;      // destroy called again on a destroyed display
  int calls_after_destroy() const;  // is_alive on a destroyed display
  int is_alive_calls() const;
  // Whether the display the plugin numbered `node_id` (target.u.pipewire.node_id) was destroyed.
  bool destroyed(uint32_t node_id) const;

  // Later is_alive calls answer OK (true) or PFHOST_E_CLOSED (false).
  void set_alive(bool alive);
  // The next create fails with `status` and `reason`.
  void fail_next_create(pfhost_status status, std::string reason);

  // Creates started after this wait until release_creates().
  void block_creates();
  void release_creates();
  // Waits (bounded) until `n` creates are waiting on the latch.
  bool wait_blocked_creates(int n, std::chrono::milliseconds bound);
  // Waits (bounded) until destroys() >= n.
  bool wait_destroys(int n, std::chrono::milliseconds bound);

 private:
  static pfhost_status create(void *ctx, const pfhost_display_request *request,
                              pfhost_display **out, pfhost_target *target, pfhost_reason *reason);
  static void destroy(pfhost_display *display);
  static pfhost_status is_alive(pfhost_display *display, pfhost_reason *reason);

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::unique_ptr<pfhost_display>> displays_;
  uint32_t next_id_ = 0;
  int creates_ = 0;
  int destroys_ = 0;
  int double_destroys_ = 0;
  int calls_after_destroy_ = 0;
  int is_alive_calls_ = 0;
  bool alive_ = true;
  pfhost_status fail_status_ = PFHOST_OK;
  std::string fail_reason_;
  bool blocking_ = false;
  int blocked_ = 0;

  pfhost_display_vtable vtable_;
  DisplayBackend backend_;
};

// A request for `w`x`h`@`hz`.
pfhost_display_request request_for(uint32_t w, uint32_t h, uint32_t hz);

}  // namespace pfhost::test
