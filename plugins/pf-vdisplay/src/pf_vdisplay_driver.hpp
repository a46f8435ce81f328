// The process's one connection to the pf-vdisplay driver: the single-instance guard, the
// control device (version gate, render adapter and orphan clean-up when it opens), the watchdog
// pinger and the per-client monitor ids. Every display of the plugin goes through it; the core
// registry decides when displays come and go.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "pf_vdisplay_protocol.hpp"
#include "pfhost/windows/client_identity.hpp"
#include "pfhost/windows/control_device.hpp"
#include "pfhost/windows/idd_display.hpp"
#include "pfhost/windows/idd_settings.hpp"
#include "pfhost/windows/instance_guard.hpp"
#include "pfhost/windows/pinger.hpp"

namespace pfhost::pf_vdisplay {

struct Monitor {
  uint64_t session_id = 0;
  pfhost_mode mode{};
  AddReply reply;
  uint64_t device_generation = 0;  // which opening of the control device made it
};

// Probe without touching anyone's monitors (no guard, no CLEAR_ALL): the version and watchdog,
// or why the driver cannot be used. Throws pfhost::Error.
std::string probe_driver();

class Driver {
 public:
  using Monitor = pf_vdisplay::Monitor;
  static constexpr const char *kPluginName = "pf-vdisplay";
  static constexpr bool kPushCapture = true;  // IDD push: the capture_* keys
  static std::string probe() { return probe_driver(); }
  // The monitor id the driver resolved (1..15), as the target's monitor_id text.
  static std::string monitor_identity(const Monitor &monitor) {
    return std::to_string(monitor.reply.monitor_id);
  }

  explicit Driver(windows::IddSettings settings);
  ~Driver();

  // ADD with the client's stable monitor id; throws pfhost::Error with a reason for the user.
  Monitor add(const pfhost_mode &mode, const std::string &client_id);
  // REMOVE; never throws (the watchdog or a closed handle removes what this cannot).
  void remove(const Monitor &monitor);
  void update_mode(Monitor &monitor, const pfhost_mode &mode);
  // Why the monitor can no longer be captured, or nullopt when it can.
  std::optional<std::string> why_dead(const Monitor &monitor);

  const windows::IddSettings &settings() const { return settings_; }

 private:
  void on_open(HANDLE handle, bool first_of_process);
  void claim_guard();
  DWORD try_add(const AddRequest &request, Monitor &monitor);
  void reap_leaked();

  windows::IddSettings settings_;
  std::mutex guard_mutex_;
  std::unique_ptr<windows::InstanceGuard> guard_;
  windows::ControlDevice device_;
  windows::Pinger pinger_;
  windows::ClientIdentities identities_;
  std::atomic<uint64_t> next_session_{1};
  std::atomic<uint32_t> watchdog_s_{0};
  std::mutex leaked_mutex_;
  std::set<uint64_t> leaked_;  // sessions whose REMOVE failed: retried before the next ADD
};

// A monitor as the host holds it (GDI name, mode, topology policy on top of ADD).
using VirtualDisplay = windows::IddDisplay<Driver>;

}  // namespace pfhost::pf_vdisplay
