// Runs pfhost-test-pattern-client on a MutterEnvironment's Wayland display and waits until it has
// committed its first buffer. Start it after the virtual monitor exists: with no output Mutter has
// nowhere to show the window (and it is what makes a damage-driven monitor produce frames).
#pragma once

#include "mutter_environment.hpp"

#include <pfhost/test/child_process.hpp>

namespace pfhost::test {

class PatternClient {
 public:
  // Throws std::runtime_error (with the client's log) when it exits or is not ready within 10 s.
  explicit PatternClient(MutterEnvironment &gnome);
  ~PatternClient() { process_.stop(); }
  PatternClient(const PatternClient &) = delete;
  PatternClient &operator=(const PatternClient &) = delete;

 private:
  ChildProcess process_;
};

}  // namespace pfhost::test
