// One pfhost per driver per machine: a Global\ named mutex claimed before the driver's device is
// first opened. A second host would otherwise clear the first one's monitors as "orphans" or
// fight it over monitor ids. The owner also publishes who it is (pid, command line) in a small
// named section, so the refusal can say which process to stop.
#pragma once

#include <windows.h>

#include <string>

namespace pfhost::windows {

class InstanceGuard {
 public:
  // Claims Global\pfhost-<driver>; throws pfhost::Error(PFHOST_E_BUSY) naming the other process
  // when it is taken.
  explicit InstanceGuard(const std::string &driver_name);
  ~InstanceGuard();
  InstanceGuard(const InstanceGuard &) = delete;
  InstanceGuard &operator=(const InstanceGuard &) = delete;

 private:
  HANDLE mutex_ = nullptr;
  HANDLE owner_section_ = nullptr;
};

}  // namespace pfhost::windows
