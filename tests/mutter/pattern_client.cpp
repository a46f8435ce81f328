#include "pattern_client.hpp"

#include <filesystem>
#include <stdexcept>
#include <thread>

namespace pfhost::test {

using namespace std::chrono_literals;

PatternClient::PatternClient(MutterEnvironment &gnome) {
  const auto dir = gnome.pipewire().runtime_dir();
  const auto ready = dir / ("pattern-ready-" + std::to_string(std::rand()));
  ChildProcess::Options options;
  options.argv = {PFHOST_TEST_PATTERN_CLIENT, "--ready-file", ready.string(), "--log"};
  options.environment = gnome.pipewire().child_environment();
  options.environment.set("WAYLAND_DISPLAY", gnome.wayland_display());
  options.log_path = dir / "pattern-client.log";
  // Often started from a short-lived helper thread: a parent-death signal would fire when that
  // thread ends. Without it the client still ends with Mutter (its compositor) or on stop().
  options.parent_death_signal = 0;
  process_ = ChildProcess(std::move(options));
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!std::filesystem::exists(ready)) {
    if (!process_.running())
      throw std::runtime_error("pfhost-test-pattern-client exited before drawing:\n" +
                               process_.log_tail() + "\n" + gnome.logs());
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("pfhost-test-pattern-client drew nothing within 10 s:\n" +
                               process_.log_tail());
    std::this_thread::sleep_for(20ms);
  }
}

}  // namespace pfhost::test
