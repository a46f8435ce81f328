#include "display/lifecycle.hpp"

#include <limits>
#include <stdexcept>

namespace pfhost::core {

AcquireAction LifecycleState::acquire() {
  switch (kind_) {
    case Kind::idle:
      kind_ = Kind::active;
      refs_ = 1;
      return AcquireAction::create;
    case Kind::active:
      // A wrapped counter would let a later release tear down a display that is still held.
      if (refs_ == std::numeric_limits<uint32_t>::max())
        throw std::overflow_error("display session count overflow");
      ++refs_;
      return AcquireAction::join;
    case Kind::lingering:
    case Kind::pinned:
      kind_ = Kind::active;
      refs_ = 1;
      until_ = {};
      return AcquireAction::reuse;
  }
  return AcquireAction::create;  // unreachable; keeps -Wreturn-type quiet
}

ReleaseAction LifecycleState::release(SteadyTime now, LingerPolicy linger) {
  // Releasing something nobody holds must not change anything: this is what makes a duplicate
  // release harmless instead of an underflow.
  if (kind_ != Kind::active) return ReleaseAction::noop;
  if (refs_ > 1) {
    --refs_;
    return ReleaseAction::decref;
  }
  refs_ = 0;
  switch (linger.kind()) {
    case LingerPolicy::Kind::immediate:
      kind_ = Kind::idle;
      return ReleaseAction::teardown;
    case LingerPolicy::Kind::for_duration:
      kind_ = Kind::lingering;
      until_ = now + linger.duration();
      return ReleaseAction::linger;
    case LingerPolicy::Kind::forever:
      kind_ = Kind::pinned;
      return ReleaseAction::pin;
  }
  return ReleaseAction::noop;  // unreachable
}

bool LifecycleState::poll_expiry(SteadyTime now) {
  if (kind_ != Kind::lingering || now < until_) return false;
  kind_ = Kind::idle;
  until_ = {};
  return true;
}

bool LifecycleState::force_release() {
  if (!is_kept()) return false;
  kind_ = Kind::idle;
  until_ = {};
  return true;
}

std::optional<SteadyTime> LifecycleState::until() const {
  if (kind_ != Kind::lingering) return std::nullopt;
  return until_;
}

const char *to_string(LifecycleState::Kind kind) {
  switch (kind) {
    case LifecycleState::Kind::idle:
      return "idle";
    case LifecycleState::Kind::active:
      return "active";
    case LifecycleState::Kind::lingering:
      return "lingering";
    case LifecycleState::Kind::pinned:
      return "pinned";
  }
  return "unknown";
}

}  // namespace pfhost::core
