#include "display/display_registry.hpp"

#include <pfhost/plugin.hpp>

#include "backends/display_error.hpp"
#include "backends/display_text.hpp"
#include "display/registry_core.hpp"
#include "logging/log.hpp"

namespace pfhost::core {
namespace {

using Clock = std::chrono::steady_clock;

std::string for_client(const std::string &client) {
  return client.empty() ? std::string() : " for client " + client;
}

// Destroys displays that were moved out of the table; the caller holds no lock.
void tear_down(std::vector<DisplayEntry> &entries, const std::string &why) {
  for (DisplayEntry &entry : entries) {
    log::info(describe(entry) + " torn down: " + why);
    entry.display.reset();
  }
}

}  // namespace

DisplayRegistry::DisplayRegistry(DisplayPolicy policy)
    : core_(std::make_shared<detail::RegistryCore>(policy)) {
  timer_ = std::thread([this] { run_timer(); });
}

DisplayRegistry::~DisplayRegistry() {
  std::vector<DisplayEntry> all;
  {
    std::unique_lock lock(core_->mutex);
    core_->closing = true;
    // A lease's release-time liveness check may be looking at a display right now.
    core_->wake.wait(lock, [&] { return core_->release_checks == 0; });
    all = core_->table.take_all();
  }
  core_->wake.notify_all();
  core_->created.notify_all();
  timer_.join();
  for (DisplayEntry &entry : all) {
    if (entry.state.refs() > 0)
      log::warn(describe(entry) + " torn down at shutdown while " +
                std::to_string(entry.state.refs()) + " session(s) still held it");
    else
      log::info(describe(entry) + " torn down at shutdown");
    entry.display.reset();
  }
}

DisplayLease DisplayRegistry::lease_for(const DisplayClaim &claim, const std::string &backend,
                                        const pfhost_mode &mode) const {
  return DisplayLease(core_, claim.slot, claim.generation, backend, mode, claim.target);
}

DisplayLease DisplayRegistry::acquire(const DisplayBackend &backend,
                                      const pfhost_display_request &request, std::string client) {
  if (client.empty() && request.client_id != nullptr) client = request.client_id;
  const pfhost_mode mode = request.mode;
  const std::string &name = backend.name();

  // Each round either returns, throws, or removes one dead kept display, so it ends.
  for (;;) {
    std::optional<DisplayEntry> victim;
    uint32_t max_displays = 0;
    {
      std::unique_lock lock(core_->mutex);
      if (core_->closing) throw DisplayError(PFHOST_E_CLOSED, "display registry", "shutting down");

      if (std::optional<DisplayClaim> claim = core_->table.reuse_kept(name, mode, client)) {
        // The entry is Active now: nothing expires, evicts or releases it while we check.
        lock.unlock();
        std::string why;
        const bool alive = claim->display->is_alive(&why);
        lock.lock();
        if (alive) {
          core_->table.finish_check(claim->slot);
          lock.unlock();
          log::info(describe(claim->slot, name, mode) + " reused" + for_client(client));
          return lease_for(*claim, name, mode);
        }
        std::optional<DisplayEntry> dead = core_->table.remove(claim->slot);
        lock.unlock();
        if (dead) {
          log::warn(describe(*dead) + " is gone (" + (why.empty() ? "no reason given" : why) +
                    "); tearing it down and trying again");
          dead->display.reset();
        }
        continue;
      }

      if (core_->policy.sharing == DisplaySharing::join) {
        if (std::optional<DisplayClaim> claim = core_->table.join(name, mode)) {
          const uint32_t sessions = core_->table.find(claim->slot)->state.refs();
          lock.unlock();
          log::info(describe(claim->slot, name, mode) + " joined" + for_client(client) + ", " +
                    std::to_string(sessions) + " sessions now");
          return lease_for(*claim, name, mode);
        }
        // Two callers of one mode arriving together share one display: the later one waits for
        // the display the earlier one is making and joins it, or makes its own if that failed.
        if (core_->is_being_created(name, mode)) {
          log::info(name + " " + mode_text(mode) + " is being created for another session" +
                    for_client(client) + ": waiting to join it");
          core_->created.wait(
              lock, [&] { return core_->closing || !core_->is_being_created(name, mode); });
          continue;
        }
      }

      max_displays = core_->policy.max_displays;
      if (max_displays != 0 && core_->table.size() + core_->creating.size() >= max_displays) {
        victim = core_->table.take_eviction_victim();
        if (!victim)
          throw DisplayError(PFHOST_E_BUSY, "display registry",
                             "max_displays (" + std::to_string(max_displays) +
                                 ") reached: all displays are in use");
      }
      // Counted before unlocking so concurrent acquires cannot overshoot max_displays.
      core_->creating.push_back({name, mode});
    }

    if (victim) {
      log::info(describe(*victim) + " evicted to make room (max_displays " +
                std::to_string(max_displays) + ")");
      victim->display.reset();
    }

    CreatedDisplay created;
    try {
      created = backend.create(request);
    } catch (...) {
      std::lock_guard lock(core_->mutex);
      core_->creation_done(name, mode);
      throw;
    }

    std::unique_lock lock(core_->mutex);
    // Joiners waiting on this create see the new entry as soon as they wake: it is added below
    // before the lock is released.
    core_->creation_done(name, mode);
    if (core_->closing) {
      lock.unlock();
      created.display.reset();
      throw DisplayError(PFHOST_E_CLOSED, "display registry", "shutting down");
    }
    const DisplayClaim claim = core_->table.add(std::move(created), name, mode, client);
    lock.unlock();
    log::info(describe(claim.slot, name, mode) + " created" + for_client(client));
    return lease_for(claim, name, mode);
  }
}

DisplayLease DisplayRegistry::acquire(const DisplayBackend &backend, const pfhost_mode &mode,
                                      std::string client) {
  pfhost_display_request request = make_struct<pfhost_display_request>();
  request.mode = mode;
  request.client_id = client.empty() ? nullptr : client.c_str();
  return acquire(backend, request, client);
}

std::vector<DisplayInfo> DisplayRegistry::snapshot() const {
  std::lock_guard lock(core_->mutex);
  return core_->table.snapshot(Clock::now());
}

ReleaseResult DisplayRegistry::release(std::optional<uint64_t> slot) {
  ForceReleaseOutcome out;
  {
    std::lock_guard lock(core_->mutex);
    out = core_->table.force_release(slot);
  }
  ReleaseResult result;
  for (const Refusal &refused : out.refused) {
    result.refused.push_back(refused.slot);
    log::info(refused.label + " not released: " + std::to_string(refused.sessions) +
              " session(s) still use it");
  }
  for (const DisplayEntry &entry : out.released) result.released.push_back(entry.slot);
  tear_down(out.released, "released on request");
  return result;
}

void DisplayRegistry::set_policy(const DisplayPolicy &policy) {
  std::lock_guard lock(core_->mutex);
  core_->policy = policy;
}

DisplayPolicy DisplayRegistry::policy() const {
  std::lock_guard lock(core_->mutex);
  return core_->policy;
}

void DisplayRegistry::run_timer() {
  std::unique_lock lock(core_->mutex);
  while (!core_->closing) {
    // Sleep until the nearest deadline, or until a release adds a nearer one / shutdown.
    if (const std::optional<SteadyTime> deadline = core_->table.next_deadline())
      core_->wake.wait_until(lock, *deadline);
    else
      core_->wake.wait(lock);
    if (core_->closing) break;
    std::vector<DisplayEntry> expired = core_->table.take_expired(Clock::now());
    if (expired.empty()) continue;
    lock.unlock();
    try {
      tear_down(expired, "keep-alive expired");
    } catch (...) {
      // Only logging can throw here; the displays are destroyed as `expired` goes.
    }
    expired.clear();
    lock.lock();
  }
}

}  // namespace pfhost::core
