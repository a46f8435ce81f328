#include "display/registry_core.hpp"

#include "backends/display_text.hpp"
#include "logging/log.hpp"

namespace pfhost::core::detail {

LingerPolicy linger_for(const KeepAlive &keep_alive) {
  switch (keep_alive.kind) {
    case KeepAlive::Kind::off:
      return LingerPolicy::immediate();
    case KeepAlive::Kind::duration:
      if (keep_alive.duration.count() <= 0) return LingerPolicy::immediate();
      return LingerPolicy::for_duration(keep_alive.duration);
    case KeepAlive::Kind::forever:
      return LingerPolicy::forever();
  }
  return LingerPolicy::immediate();
}

bool RegistryCore::is_being_created(const std::string &backend, const pfhost_mode &mode) const {
  for (const Creation &c : creating)
    if (c.backend == backend && same_mode(c.mode, mode)) return true;
  return false;
}

void RegistryCore::creation_done(const std::string &backend, const pfhost_mode &mode) {
  for (auto it = creating.begin(); it != creating.end(); ++it) {
    if (it->backend == backend && same_mode(it->mode, mode)) {
      creating.erase(it);
      break;
    }
  }
  created.notify_all();
}

void RegistryCore::release_hold(uint64_t slot, uint64_t generation) noexcept {
  try {
    std::unique_lock lock(mutex);
    // Shutdown already took every display; there is nothing left to release.
    if (closing) return;
    LingerPolicy linger = linger_for(policy.keep_alive);
    std::string dead_reason;
    if (linger.kind() != LingerPolicy::Kind::immediate) {
      if (LiveDisplay *display = table.begin_last_release_check(slot, generation)) {
        ++release_checks;
        lock.unlock();
        std::string why;
        const bool alive = display->is_alive(&why);
        lock.lock();
        --release_checks;
        table.finish_check(slot);
        if (!alive) {
          dead_reason = why.empty() ? "no reason given" : why;
          linger = LingerPolicy::immediate();
        }
        wake.notify_all();  // shutdown may be waiting for this check
        if (closing) return;
      }
    }
    ReleaseOutcome out = table.release(slot, generation, std::chrono::steady_clock::now(), linger);
    lock.unlock();

    if (out.stale) {
      log::debug("display " + std::to_string(slot) + ": stale lease released, nothing to do");
      return;
    }
    switch (out.action) {
      case ReleaseAction::decref:
        log::debug(out.label + ": a session left, others still use it");
        break;
      case ReleaseAction::linger:
        wake.notify_one();
        log::info(out.label + " lingering for " + duration_text(linger.duration()) +
                  " after its last session left");
        break;
      case ReleaseAction::pin:
        log::info(out.label + " kept until released (keep_alive = forever) after its last " +
                  "session left");
        break;
      case ReleaseAction::teardown:
        if (!dead_reason.empty())
          log::warn(out.label + " torn down instead of kept: it is gone (" + dead_reason + ")");
        else
          log::info(out.label + " torn down: its last session left (keep_alive = off)");
        out.teardown.reset();  // destroys the display, outside the lock
        break;
      case ReleaseAction::noop:
        break;
    }
  } catch (...) {
    // Logging may fail to allocate; the teardown above still ran through unwinding.
  }
}

}  // namespace pfhost::core::detail
