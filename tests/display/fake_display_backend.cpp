#include "fake_display_backend.hpp"

#include <pfhost/plugin.hpp>

// The plugin-defined display object (opaque to the host).
struct pfhost_display {
  pfhost::test::FakeDisplayBackend *owner;
  uint32_t id;
  bool destroyed;  // guarded by the owner's mutex
};

namespace pfhost::test {

namespace {
pfhost_display_vtable make_vtable(pfhost_status (*create)(void *, const pfhost_display_request *,
                                                          pfhost_display **, pfhost_target *,
                                                          pfhost_reason *),
                                  void (*destroy)(pfhost_display *),
                                  pfhost_status (*is_alive)(pfhost_display *, pfhost_reason *)) {
  pfhost_display_vtable table = make_struct<pfhost_display_vtable>();
  table.target_kinds = 1u << PFHOST_TARGET_PIPEWIRE_NODE;
  table.create = create;
  table.destroy = destroy;
  table.is_alive = is_alive;
  return table;
}
}  // namespace

FakeDisplayBackend::FakeDisplayBackend(std::string name)
    : vtable_(make_vtable(&FakeDisplayBackend::create, &FakeDisplayBackend::destroy,
                          &FakeDisplayBackend::is_alive)),
      backend_(std::move(name), vtable_, this) {}

FakeDisplayBackend::~FakeDisplayBackend() = default;

pfhost_status FakeDisplayBackend::create(void *ctx, const pfhost_display_request *request,
                                         pfhost_display **out, pfhost_target *target,
                                         pfhost_reason *reason) {
  auto *self = static_cast<FakeDisplayBackend *>(ctx);
  std::unique_lock lock(self->mutex_);
  if (self->blocking_) {
    ++self->blocked_;
    self->changed_.notify_all();
    self->changed_.wait(lock, [self] { return !self->blocking_; });
    --self->blocked_;
  }
  if (self->fail_status_ != PFHOST_OK) {
    const pfhost_status status = self->fail_status_;
    self->fail_status_ = PFHOST_OK;
    set_reason(reason, self->fail_reason_);
    return status;
  }
  auto display = std::make_unique<pfhost_display>(pfhost_display{self, ++self->next_id_, false});
  *target = pfhost::pipewire_node_target(request->mode, display->id);
  *out = display.get();
  self->displays_.push_back(std::move(display));
  ++self->creates_;
  return PFHOST_OK;
}

void FakeDisplayBackend::destroy(pfhost_display *display) {
  FakeDisplayBackend *self = display->owner;
  std::lock_guard lock(self->mutex_);
  if (display->destroyed) {
    ++self->double_destroys_;
  } else {
    display->destroyed = true;
    ++self->destroys_;
  }
  self->changed_.notify_all();
}

pfhost_status FakeDisplayBackend::is_alive(pfhost_display *display, pfhost_reason *reason) {
  FakeDisplayBackend *self = display->owner;
  std::lock_guard lock(self->mutex_);
  ++self->is_alive_calls_;
  if (display->destroyed) ++self->calls_after_destroy_;
  if (self->alive_) return PFHOST_OK;
  set_reason(reason, "the fake compositor went away");
  return PFHOST_E_CLOSED;
}

int FakeDisplayBackend::creates() const {
  std::lock_guard lock(mutex_);
  return creates_;
}
int FakeDisplayBackend::destroys() const {
  std::lock_guard lock(mutex_);
  return destroys_;
}
int FakeDisplayBackend::double_destroys() const {
  std::lock_guard lock(mutex_);
  return double_destroys_;
}
int FakeDisplayBackend::calls_after_destroy() const {
  std::lock_guard lock(mutex_);
  return calls_after_destroy_;
}
int FakeDisplayBackend::is_alive_calls() const {
  std::lock_guard lock(mutex_);
  return is_alive_calls_;
}

bool FakeDisplayBackend::destroyed(uint32_t node_id) const {
  std::lock_guard lock(mutex_);
  // Ids are handed out 1, 2, 3... in creation order, so the id is the index + 1.
  if (node_id == 0 || node_id > displays_.size()) return false;
  return displays_[node_id - 1]->destroyed;
}

void FakeDisplayBackend::set_alive(bool alive) {
  std::lock_guard lock(mutex_);
  alive_ = alive;
}

void FakeDisplayBackend::fail_next_create(pfhost_status status, std::string reason) {
  std::lock_guard lock(mutex_);
  fail_status_ = status;
  fail_reason_ = std::move(reason);
}

void FakeDisplayBackend::block_creates() {
  std::lock_guard lock(mutex_);
  blocking_ = true;
}

void FakeDisplayBackend::release_creates() {
  std::lock_guard lock(mutex_);
  blocking_ = false;
  changed_.notify_all();
}

bool FakeDisplayBackend::wait_blocked_creates(int n, std::chrono::milliseconds bound) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, bound, [&] { return blocked_ >= n; });
}

bool FakeDisplayBackend::wait_destroys(int n, std::chrono::milliseconds bound) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, bound, [&] { return destroys_ >= n; });
}

pfhost_display_request request_for(uint32_t w, uint32_t h, uint32_t hz) {
  pfhost_display_request request = make_struct<pfhost_display_request>();
  request.mode = pfhost_mode{w, h, hz * 1000};
  return request;
}

}  // namespace pfhost::test
