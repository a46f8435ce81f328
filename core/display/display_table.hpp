// The registry's bookkeeping: every display entry and the lifecycle transitions applied to them.
//
// Not thread-safe and does no I/O: the registry calls it under its lock, and every display that
// must be torn down is *handed back* (moved out of the table) so the caller destroys it after
// unlocking. Split from the registry so the stamping and release rules are testable alone.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/display_backend.hpp"
#include "display/display_entry.hpp"
#include "display/display_info.hpp"
#include "display/lifecycle.hpp"

namespace pfhost::core {

// A hold just taken on an entry: what a lease needs to carry.
struct DisplayClaim {
  uint64_t slot = 0;
  uint64_t generation = 0;
  AcquireAction action = AcquireAction::create;
  pfhost_target target{};
  LiveDisplay *display = nullptr;  // stays valid while the hold keeps the entry active
};

// The outcome of releasing one hold.
struct ReleaseOutcome {
  bool stale = false;  // no entry with that slot and generation: nothing changed
  ReleaseAction action = ReleaseAction::noop;
  std::string label;                     // describe() of the entry, for the log line
  std::optional<SteadyTime> until;       // the deadline after ReleaseAction::linger
  std::optional<DisplayEntry> teardown;  // after ReleaseAction::teardown: destroy it unlocked
};

// A display force_release() left alone because sessions use it.
struct Refusal {
  uint64_t slot = 0;
  std::string label;
  uint32_t sessions = 0;
};

struct ForceReleaseOutcome {
  std::vector<DisplayEntry> released;  // destroy them unlocked
  std::vector<Refusal> refused;
};

class DisplayTable {
 public:
  // Adds a freshly created display as Active{1} with a new slot and generation.
  DisplayClaim add(CreatedDisplay created, std::string backend, const pfhost_mode &mode,
                   std::string client);
  // Takes back a kept (lingering/pinned) display of `backend` + `mode`: Active{1}, re-stamped,
  // marked `checking` until finish_check() or remove(). Nearest-expiry first is not needed here:
  // any kept match is as good as another, the oldest slot is taken.
  std::optional<DisplayClaim> reuse_kept(std::string_view backend, const pfhost_mode &mode,
                                         std::string client);
  void finish_check(uint64_t slot);
  // When releasing the hold stamped `generation` would leave `slot` without sessions, marks it
  // `checking` and returns its display, so the caller can ask the plugin whether it is still
  // alive before keeping it. The entry stays Active meanwhile: nothing joins, reuses, expires or
  // evicts it. Null when the release would not end its last hold (or is stale).
  LiveDisplay *begin_last_release_check(uint64_t slot, uint64_t generation);
  // Adds a session to an active display of `backend` + `mode` (one not being checked).
  std::optional<DisplayClaim> join(std::string_view backend, const pfhost_mode &mode);

  // Releases the hold stamped `generation` on `slot`.
  ReleaseOutcome release(uint64_t slot, uint64_t generation, SteadyTime now, LingerPolicy linger);
  // Removes an entry whatever its state (a reuse found it dead).
  std::optional<DisplayEntry> remove(uint64_t slot);

  // Lingering entries whose deadline has passed, moved out.
  std::vector<DisplayEntry> take_expired(SteadyTime now);
  // The nearest linger deadline, for the timer.
  std::optional<SteadyTime> next_deadline() const;
  // The kept entry to give up for room: lingering nearest expiry first, pinned last (oldest
  // first); none when every entry is active.
  std::optional<DisplayEntry> take_eviction_victim();
  // Force-releases the kept entries among `slot` (or all); active ones are refused.
  ForceReleaseOutcome force_release(std::optional<uint64_t> slot);
  // Everything, whatever its state (registry shutdown).
  std::vector<DisplayEntry> take_all();

  std::vector<DisplayInfo> snapshot(SteadyTime now) const;
  const DisplayEntry *find(uint64_t slot) const;
  size_t size() const { return entries_.size(); }

 private:
  DisplayClaim claim(DisplayEntry &entry, AcquireAction action) const;
  DisplayEntry extract(std::map<uint64_t, DisplayEntry>::iterator it);

  // Ordered by slot, i.e. by age: ties in every choice go to the oldest display.
  std::map<uint64_t, DisplayEntry> entries_;
  uint64_t next_slot_ = 1;
  uint64_t next_generation_ = 1;
};

}  // namespace pfhost::core
