// The display lifecycle: one pure state machine shared by every display backend.
//
// It only decides; it never creates or destroys anything and never reads a clock (time is passed
// in), so it can be tested exhaustively and driven by the registry under its lock.
//
//   state \ input   acquire           release(immediate)  release(for d)     release(forever)
//   Idle            Active{1} create  noop                noop               noop
//   Active{n>1}     Active{n+1} join  Active{n-1} decref  decref             decref
//   Active{1}       Active{2} join    Idle teardown       Lingering{now+d}   Pinned pin
//   Lingering{t}    Active{1} reuse   noop                noop               noop
//   Pinned          Active{1} reuse   noop                noop               noop
//
//   poll_expiry(now): Lingering{t} with now >= t -> Idle (true); everything else unchanged (false).
//   force_release():  Lingering/Pinned -> Idle (true); Active is refused and Idle has nothing
//   (false).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace pfhost::core {

using SteadyTime = std::chrono::steady_clock::time_point;

// How long a display stays after its last session left.
class LingerPolicy {
 public:
  enum class Kind { immediate, for_duration, forever };

  static LingerPolicy immediate() { return LingerPolicy(Kind::immediate, {}); }
  static LingerPolicy for_duration(std::chrono::milliseconds d) {
    return LingerPolicy(Kind::for_duration, d);
  }
  static LingerPolicy forever() { return LingerPolicy(Kind::forever, {}); }

  Kind kind() const { return kind_; }
  // Meaningful only for Kind::for_duration.
  std::chrono::milliseconds duration() const { return duration_; }

 private:
  LingerPolicy(Kind kind, std::chrono::milliseconds d) : kind_(kind), duration_(d) {}
  Kind kind_;
  std::chrono::milliseconds duration_;
};

// What the owner of the state must do after acquire().
enum class AcquireAction {
  create,  // Idle -> Active{1}: make a new display
  join,    // Active{n} -> Active{n+1}: share the live display
  reuse,   // Lingering/Pinned -> Active{1}: take the kept display back
};

// What the owner of the state must do after release().
enum class ReleaseAction {
  noop,      // nothing was held (Idle, Lingering, Pinned)
  decref,    // other sessions still hold the display
  teardown,  // last session left and nothing is kept: destroy the display now
  linger,    // last session left: keep it until the deadline (see LifecycleState::until())
  pin,       // last session left: keep it until force-released
};

class LifecycleState {
 public:
  enum class Kind { idle, active, lingering, pinned };

  AcquireAction acquire();
  ReleaseAction release(SteadyTime now, LingerPolicy linger);
  // True when a lingering display's deadline has passed; the state is then Idle (tear it down).
  bool poll_expiry(SteadyTime now);
  // True when a kept display was released (state now Idle); false for Active (refused) and Idle.
  bool force_release();

  Kind kind() const { return kind_; }
  // Sessions holding the display (0 unless Active).
  uint32_t refs() const { return refs_; }
  // The linger deadline, only while Lingering.
  std::optional<SteadyTime> until() const;
  // Lingering or Pinned: nobody holds it, but it is kept for a reconnect.
  bool is_kept() const { return kind_ == Kind::lingering || kind_ == Kind::pinned; }

 private:
  Kind kind_ = Kind::idle;
  uint32_t refs_ = 0;
  SteadyTime until_{};
};

// "idle" / "active" / "lingering" / "pinned", the words the snapshot and logs use.
const char *to_string(LifecycleState::Kind kind);

}  // namespace pfhost::core
