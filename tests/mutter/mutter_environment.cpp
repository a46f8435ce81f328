#include "mutter_environment.hpp"

#include <regex>
#include <stdexcept>
#include <thread>

namespace pfhost::test {
namespace {

using namespace std::chrono_literals;

// Mutter answers on the bus 0.1-0.3 s after start on an idle machine; leave room for a busy one.
constexpr auto kMutterReadyTimeout = 15s;

bool screencast_name_owned(const ProcessEnvironment &env) {
  const auto result =
      run_command({"gdbus", "call", "--session", "--dest", "org.freedesktop.DBus", "--object-path",
                   "/org/freedesktop/DBus", "--method", "org.freedesktop.DBus.NameHasOwner",
                   "org.gnome.Mutter.ScreenCast"},
                  env, 3s);
  return result.exit_code == 0 && result.output.find("true") != std::string::npos;
}

}  // namespace

std::optional<std::string> MutterEnvironment::unavailable_reason() {
  if (auto why = PipeWireEnvironment::unavailable_reason()) return why;
  for (const char *tool : {"mutter", "gdbus"}) {
    if (!find_executable(tool))
      return std::string(tool) + " is not installed (Debian: apt install mutter libglib2.0-bin)";
  }
  return std::nullopt;
}

MutterEnvironment::MutterEnvironment() {
  wayland_display_ = "pfhost-mutter-" + std::to_string(::getpid());
  ChildProcess::Options options;
  options.argv = {"mutter", "--headless", "--wayland", "--no-x11",
                  "--wayland-display=" + wayland_display_};
  options.environment = pipewire_.child_environment();
  options.environment.unset("DISPLAY").unset("WAYLAND_DISPLAY");
  options.log_path = pipewire_.runtime_dir() / "mutter.log";
  mutter_ = ChildProcess(std::move(options));

  const auto deadline = std::chrono::steady_clock::now() + kMutterReadyTimeout;
  while (!screencast_name_owned(pipewire_.child_environment())) {
    if (!mutter_.running())
      throw std::runtime_error("mutter exited before it owned org.gnome.Mutter.ScreenCast:\n" +
                               logs());
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("mutter did not own org.gnome.Mutter.ScreenCast within 15 s:\n" +
                               logs());
    std::this_thread::sleep_for(50ms);
  }
}

MutterEnvironment::~MutterEnvironment() {
  mutter_.stop();
  pipewire_.stop();
}

std::vector<std::string> MutterEnvironment::monitor_connectors() const {
  const auto result =
      run_command({"gdbus", "call", "--session", "--dest", "org.gnome.Mutter.DisplayConfig",
                   "--object-path", "/org/gnome/Mutter/DisplayConfig", "--method",
                   "org.gnome.Mutter.DisplayConfig.GetCurrentState"},
                  pipewire_.child_environment(), 5s);
  if (result.exit_code != 0)
    throw std::runtime_error("DisplayConfig.GetCurrentState failed: " + result.output);
  // The reply starts "(uint32 serial, [(('Meta-0', 'MetaProducts Inc.', ...), [modes], {props}),
  // ...], [logical monitors], {props})": each monitor opens with its connector string after "((".
  std::vector<std::string> connectors;
  static const std::regex kMonitor(R"(\(\('([^']*)', ')");
  for (auto it = std::sregex_iterator(result.output.begin(), result.output.end(), kMonitor);
       it != std::sregex_iterator(); ++it) {
    connectors.push_back((*it)[1]);
  }
  return connectors;
}

bool MutterEnvironment::wait_for_monitor_count(size_t count,
                                               std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (monitor_connectors().size() == count) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(50ms);
  }
}

std::string MutterEnvironment::logs() const {
  return "--- mutter ---\n" + mutter_.log_tail() + "\n" + pipewire_.logs();
}

}  // namespace pfhost::test
