// The host's registry of virtual displays: it owns every live display so a display can outlive
// the session that made it (keep-alive) and be handed back on reconnect.
//
//   DisplayRegistry registry(config.display_policy);
//   DisplayLease lease = registry.acquire(backend, request, "client-42");
//   open_capture(lease.target());  ...  // lease destroyed -> linger, keep or teardown
//
// acquire() reuses a kept (lingering or pinned) display of the same backend and mode after a
// liveness check, joins an active one when the policy shares displays, and otherwise creates one.
// A timer thread tears lingering displays down at their deadline. Creating and destroying
// displays never happens under the registry's lock: compositor calls can block for seconds, and
// every other acquire, release and snapshot goes on meanwhile.
//
// Thread-safe: every member may be called from any thread, except that the destructor must not
// race other members. Leases may be released from any thread, also after the registry is gone.
#pragma once

#include <pfhost/display.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "backends/display_backend.hpp"
#include "config/host_config.hpp"
#include "display/display_info.hpp"
#include "display/display_lease.hpp"

namespace pfhost::core {

struct DisplayClaim;
namespace detail {
struct RegistryCore;
}

class DisplayRegistry {
 public:
  // max_displays == 0 means no limit.
  explicit DisplayRegistry(DisplayPolicy policy);
  DisplayRegistry(const DisplayRegistry &) = delete;
  DisplayRegistry &operator=(const DisplayRegistry &) = delete;
  // Tears down every display (kept ones, and warns about any still held: their leases become
  // no-ops) and stops the timer.
  ~DisplayRegistry();

  // A hold on a display of `backend` at request.mode. `client` labels the display in snapshots
  // (request.client_id when empty). Throws DisplayError: the plugin's failure to create, or
  // PFHOST_E_BUSY when max_displays displays exist and all are in use.
  DisplayLease acquire(const DisplayBackend &backend, const pfhost_display_request &request,
                       std::string client = {});
  // The same for a plain mode: default cursor, no application, `client` as client_id.
  DisplayLease acquire(const DisplayBackend &backend, const pfhost_mode &mode,
                       std::string client = {});

  // Every live or kept display, oldest first.
  std::vector<DisplayInfo> snapshot() const;

  // Force-releases the kept display in `slot`, or every kept display: they are torn down now.
  // Displays with sessions are refused and listed as such.
  ReleaseResult release(std::optional<uint64_t> slot = std::nullopt);

  // Replaces the policy; it applies to later acquires and releases (kept displays keep their
  // current deadlines).
  void set_policy(const DisplayPolicy &policy);
  DisplayPolicy policy() const;

 private:
  void run_timer();
  DisplayLease lease_for(const DisplayClaim &claim, const std::string &backend,
                         const pfhost_mode &mode) const;

  std::shared_ptr<detail::RegistryCore> core_;
  std::thread timer_;
};

}  // namespace pfhost::core
