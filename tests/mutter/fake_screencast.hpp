// A stand-in for Mutter's ScreenCast service on the test's session bus, for the failures a real
// Mutter will not produce on demand: a name that is present but whose calls fail, and a session
// that starts but never announces a PipeWire node.
#pragma once

#include <sdbus-c++/IConnection.h>
#include <sdbus-c++/IObject.h>

#include <atomic>
#include <memory>

namespace pfhost::test {

class FakeScreenCast {
 public:
  enum class Behaviour {
    refuse_create_session,  // CreateSession answers org.freedesktop.DBus.Error.AccessDenied
    never_announce_node,    // Start succeeds, PipeWireStreamAdded never comes
  };
  // Owns org.gnome.Mutter.ScreenCast on the session bus of this process's environment.
  explicit FakeScreenCast(Behaviour behaviour);
  ~FakeScreenCast();
  FakeScreenCast(const FakeScreenCast &) = delete;
  FakeScreenCast &operator=(const FakeScreenCast &) = delete;

  int stop_calls() const noexcept { return stop_calls_.load(); }

 private:
  std::unique_ptr<sdbus::IConnection> connection_;
  std::unique_ptr<sdbus::IObject> screencast_;
  std::unique_ptr<sdbus::IObject> session_;
  std::unique_ptr<sdbus::IObject> stream_;
  std::atomic<int> stop_calls_{0};
};

}  // namespace pfhost::test
