// The process's one connection to the SudoVDA driver: the single-instance guard, the control
// device (version gate and render adapter when it opens), the watchdog pinger. Monitors are keyed
// by GUID; the same client gets the same GUID, so Windows keeps its monitor's settings.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "pfhost/windows/control_device.hpp"
#include "pfhost/windows/idd_display.hpp"
#include "pfhost/windows/idd_settings.hpp"
#include "pfhost/windows/instance_guard.hpp"
#include "pfhost/windows/pinger.hpp"
#include "sudovda_protocol.hpp"

namespace pfhost::sudovda {

struct Monitor {
  MonitorGuid guid{};
  pfhost_mode mode{};
  AddReply reply;
  uint64_t device_generation = 0;
};

// Probe without touching monitors: the driver's version and watchdog, or why it cannot be used.
std::string probe_driver();

class Driver {
 public:
  using Monitor = sudovda::Monitor;
  static constexpr const char *kPluginName = "sudovda";
  static constexpr bool kPushCapture = false;  // read by desktop duplication
  static std::string probe() { return probe_driver(); }
  // The monitor's GUID ("{...}"), SudoVDA's remove key and Windows' per-monitor identity.
  static std::string monitor_identity(const Monitor &monitor);

  explicit Driver(windows::IddSettings settings);
  ~Driver();

  Monitor add(const pfhost_mode &mode, const std::string &client_id);
  void remove(const Monitor &monitor);  // never throws
  std::optional<std::string> why_dead(const Monitor &monitor);
  const windows::IddSettings &settings() const { return settings_; }

 private:
  void on_open(HANDLE handle);
  DWORD try_add(const std::vector<uint8_t> &request, Monitor &monitor);
  void reap_leaked();  // REMOVE again what failed to go
  // The client's GUID, or a fresh one while the client's is taken by a live monitor of ours.
  MonitorGuid claim_guid(const std::string &client_id);
  void release_guid(const MonitorGuid &guid);
  void add_claimed(Monitor &monitor);  // ADD (reaping once when the slots run out) or throw

  windows::IddSettings settings_;
  std::mutex guard_mutex_;
  std::unique_ptr<windows::InstanceGuard> guard_;
  windows::ControlDevice device_;
  windows::Pinger pinger_;
  std::atomic<uint32_t> watchdog_s_{0};
  std::mutex leaked_mutex_;             // guards leaked_ and guids_in_use_
  std::set<MonitorGuid> leaked_;        // monitors whose REMOVE failed: retried before the next ADD
  std::set<MonitorGuid> guids_in_use_;  // the driver has a monitor of ours with this GUID
};

// A monitor as the host holds it (GDI name, mode, topology policy on top of ADD).
using VirtualDisplay = windows::IddDisplay<Driver>;

}  // namespace pfhost::sudovda
