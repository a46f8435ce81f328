#include "display/display_lease.hpp"

#include <utility>

#include "display/registry_core.hpp"

namespace pfhost::core {

DisplayLease::DisplayLease(std::weak_ptr<detail::RegistryCore> core, uint64_t slot,
                           uint64_t generation, std::string backend, const pfhost_mode &mode,
                           const pfhost_target &target)
    : core_(std::move(core)),
      held_(true),
      slot_(slot),
      generation_(generation),
      backend_(std::move(backend)),
      mode_(mode),
      target_(target) {}

DisplayLease::DisplayLease(DisplayLease &&other) noexcept
    : core_(std::move(other.core_)),
      held_(std::exchange(other.held_, false)),
      slot_(other.slot_),
      generation_(other.generation_),
      backend_(std::move(other.backend_)),
      mode_(other.mode_),
      target_(other.target_) {}

DisplayLease &DisplayLease::operator=(DisplayLease &&other) noexcept {
  if (this != &other) {
    reset();
    core_ = std::move(other.core_);
    held_ = std::exchange(other.held_, false);
    slot_ = other.slot_;
    generation_ = other.generation_;
    backend_ = std::move(other.backend_);
    mode_ = other.mode_;
    target_ = other.target_;
  }
  return *this;
}

DisplayLease::~DisplayLease() {
  reset();
}

void DisplayLease::reset() noexcept {
  if (!std::exchange(held_, false)) return;
  // The registry may be gone already: then there is nothing to release.
  if (auto core = core_.lock()) core->release_hold(slot_, generation_);
  core_.reset();
}

}  // namespace pfhost::core
