// A private GNOME-less Mutter for one test: its own PipeWireEnvironment (runtime dir, session
// bus, pipewire, wireplumber) plus `mutter --headless --wayland --no-x11` on that bus, without
// --virtual-monitor so the screencast's virtual monitor is the only output and windows land on it.
//
//   if (auto why = MutterEnvironment::unavailable_reason()) GTEST_SKIP() << *why;
//   MutterEnvironment gnome;      // ready: org.gnome.Mutter.ScreenCast is on the bus
//   ... gnome.kill_mutter();      // an abrupt compositor death
#pragma once

#include <pfhost/test/child_process.hpp>
#include <pfhost/test/pipewire_environment.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace pfhost::test {

class MutterEnvironment {
 public:
  // Why Mutter tests cannot run here (mutter, pipewire or gdbus missing), or nullopt.
  static std::optional<std::string> unavailable_reason();

  // Starts everything and waits (bounded) until Mutter owns its ScreenCast name. Throws
  // std::runtime_error with the logs when it does not come up.
  MutterEnvironment();
  ~MutterEnvironment();
  MutterEnvironment(const MutterEnvironment &) = delete;
  MutterEnvironment &operator=(const MutterEnvironment &) = delete;

  PipeWireEnvironment &pipewire() noexcept { return pipewire_; }
  const std::string &wayland_display() const noexcept { return wayland_display_; }
  pid_t mutter_pid() const noexcept { return mutter_.pid(); }
  // SIGKILL, reaped: Mutter vanishes from the bus without stopping anything.
  void kill_mutter() noexcept { mutter_.kill_now(); }

  // The connectors of the monitors Mutter has now (DisplayConfig.GetCurrentState), e.g.
  // {"Meta-0"}. Throws when the call fails.
  std::vector<std::string> monitor_connectors() const;
  // Polls until Mutter has `count` monitors (true) or `timeout` passes (false).
  bool wait_for_monitor_count(size_t count, std::chrono::milliseconds timeout) const;

  std::string logs() const;

 private:
  PipeWireEnvironment pipewire_;
  std::string wayland_display_;
  ChildProcess mutter_;
};

}  // namespace pfhost::test
