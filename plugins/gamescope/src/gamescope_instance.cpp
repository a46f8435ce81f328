#include "gamescope_instance.hpp"

#include "log_text.hpp"
#include "process_tree.hpp"
#include "registry_nodes.hpp"

#include <pfhost/os/spawn_child.hpp>

#include <signal.h>
#include <sys/wait.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <optional>
#include <set>
#include <system_error>
#include <thread>

namespace pfhost::gamescope {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr auto kPollInterval = 50ms;
// The registry is the fallback: gamescope logs its node line as soon as the node exists, so the
// log gets a head start (otherwise the registry would usually win the race for the same node).
constexpr auto kRegistryGrace = 1500ms;
constexpr auto kRegistryInterval = 250ms;
constexpr std::chrono::milliseconds kRegistryConnectTimeout{1000};
constexpr size_t kLogScanBytes = 1 << 20;
constexpr size_t kErrorLogLines = 15;

}  // namespace

std::vector<std::string> gamescope_argv(const std::string &binary, const Settings &settings,
                                        const LaunchRequest &request) {
  std::vector<std::string> argv = {binary,
                                   "--backend",
                                   "headless",
                                   "-W",
                                   std::to_string(request.width),
                                   "-H",
                                   std::to_string(request.height),
                                   "-r",
                                   std::to_string(request.refresh_hz)};
  argv.insert(argv.end(), settings.extra_args.begin(), settings.extra_args.end());
  argv.emplace_back("--");
  argv.insert(argv.end(), request.app.begin(), request.app.end());
  return argv;
}

GamescopeInstance::GamescopeInstance(const Settings &settings, LaunchRequest request, Host host)
    : settings_(settings), request_(std::move(request)), host_(host) {
  const auto binary = os::find_executable(settings_.binary);
  if (!binary)
    throw Error(PFHOST_E_UNAVAILABLE, "gamescope binary '" + settings_.binary +
                                          "' not found (set [plugins.gamescope] binary)");
  os::ChildProcess::Options options;
  options.argv = gamescope_argv(binary->string(), settings_, request_);
  // gamescope must open its own headless output, not nest into the host's session.
  options.environment.unset("DISPLAY").unset("WAYLAND_DISPLAY");
  options.log_path = request_.log_path;
  options.own_process_group = true;  // stop() takes the app with it
  try {
    // From the plugin family's long-lived spawner thread: the child's parent-death signal must not
    // fire when the thread that created this display ends.
    child_ = os::spawn_child(std::move(options));
  } catch (const std::exception &e) {
    throw Error(PFHOST_E_UNAVAILABLE, std::string("cannot start gamescope: ") + e.what());
  }
  try {
    node_id_ = wait_for_node();
  } catch (...) {
    shut_down();
    throw;
  }
}

GamescopeInstance::~GamescopeInstance() {
  shut_down();
}

void GamescopeInstance::shut_down() noexcept {
  // stop() also ends what gamescope started in its process group (its app), even when gamescope
  // itself already died.
  child_.stop(settings_.stop_timeout);
  std::error_code ignored;
  std::filesystem::remove(request_.log_path, ignored);
}

uint32_t GamescopeInstance::wait_for_node() {
  // The fallback needs the default PipeWire daemon; without one only the log can tell.
  std::unique_ptr<pipewire::RegistryWatch> registry;
  try {
    registry = std::make_unique<pipewire::RegistryWatch>(kRegistryConnectTimeout);
  } catch (const std::exception &e) {
    host_.debug(std::string("gamescope: no PipeWire registry fallback: ") + e.what());
  }
  const auto started = Clock::now();
  const auto deadline = started + settings_.node_timeout;
  auto next_registry_look = started + kRegistryGrace;
  for (;;) {
    if (const auto node =
            last_announced_node(os::read_text_file(request_.log_path, kLogScanBytes))) {
      host_.info("gamescope (pid " + std::to_string(child_.pid()) + ") streams on node " +
                 std::to_string(*node));
      return *node;
    }
    if (registry && Clock::now() >= next_registry_look) {
      next_registry_look = Clock::now() + kRegistryInterval;
      const std::set<pid_t> pids = process_tree(child_.pid());
      if (const auto node = registry->with_globals(
              [&](const auto &globals) { return find_gamescope_node(globals, pids); })) {
        host_.info("gamescope (pid " + std::to_string(child_.pid()) +
                   ") logged no node line; found its node " + std::to_string(*node) +
                   " in the PipeWire registry");
        return *node;
      }
    }
    if (!child_.running())
      throw Error(PFHOST_E_UNAVAILABLE, "gamescope (pid " + std::to_string(child_.pid()) + ") " +
                                            exit_text() + " before announcing its PipeWire node; " +
                                            log_excerpt());
    if (Clock::now() >= deadline)
      throw Error(PFHOST_E_TIMEOUT,
                  "gamescope (pid " + std::to_string(child_.pid()) +
                      ") did not announce a PipeWire node within " +
                      std::to_string(settings_.node_timeout.count()) +
                      " ms (no 'stream available on node ID' line in its log" +
                      (registry ? ", no gamescope Video/Source node of its processes in the "
                                  "PipeWire registry"
                                : "") +
                      "); " + log_excerpt());
    std::this_thread::sleep_for(kPollInterval);
  }
}

std::string GamescopeInstance::exit_text() {
  const auto status = child_.wait_status();
  if (!status) return "is running";
  if (WIFEXITED(*status)) return "exited with status " + std::to_string(WEXITSTATUS(*status));
  if (WIFSIGNALED(*status))
    return std::string("was killed by signal ") + std::to_string(WTERMSIG(*status)) + " (" +
           ::strsignal(WTERMSIG(*status)) + ")";
  return "ended";
}

std::string GamescopeInstance::log_excerpt() const {
  const std::string tail = last_lines(child_.log_tail(16384), kErrorLogLines);
  if (tail.empty()) return "its log (" + request_.log_path.string() + ") is empty";
  return "last lines of its log:\n" + tail;
}

std::string GamescopeInstance::death_reason() {
  if (child_.running()) return {};
  return "gamescope (pid " + std::to_string(child_.pid()) + ") " + exit_text();
}

}  // namespace pfhost::gamescope
