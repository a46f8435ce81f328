#include "wlroots_display.hpp"

#include "sway_ipc.hpp"
#include "sway_outputs.hpp"

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>

namespace pfhost::wlroots {

namespace fs = std::filesystem;

namespace {

constexpr auto kProbeIpcTimeout = std::chrono::milliseconds(500);

std::string env_or_empty(const char *name) {
  const char *value = std::getenv(name);
  return value != nullptr ? value : "";
}

// Per compositor (keyed by IPC socket): a mutex so create_output + diff never interleave, and the
// outputs this process released but sway could not remove (sway 1.7), reused by the next create
// instead of adding yet another HEADLESS-N.
struct CompositorState {
  std::mutex mutex;
  std::vector<std::string> spare_outputs;  // guarded by mutex
};

CompositorState &compositor_state(const std::string &ipc_socket) {
  static std::mutex guard;
  static std::map<std::string, std::unique_ptr<CompositorState>> states;
  std::lock_guard lock(guard);
  auto &slot = states[ipc_socket];
  if (!slot) slot = std::make_unique<CompositorState>();
  return *slot;
}

// A spare output of this compositor that sway still lists, or a new one. [state.mutex held]
std::string take_or_create_output(CompositorState &state, SwayIpc &ipc) {
  while (!state.spare_outputs.empty()) {
    const std::string name = state.spare_outputs.back();
    state.spare_outputs.pop_back();
    if (find_output(ipc, name)) return name;
  }
  return create_headless_output(ipc);
}

pfhost_target make_target(const std::string &socket, const std::string &output,
                          const pfhost_mode &mode) {
  auto target = make_struct<pfhost_target>();
  target.kind = PFHOST_TARGET_WAYLAND_OUTPUT;
  target.mode = mode;
  if (socket.size() >= sizeof target.u.wayland.socket_path)
    throw Error(PFHOST_E_INVALID_ARGUMENT, "Wayland socket path too long: " + socket);
  if (output.size() >= sizeof target.u.wayland.output_name)
    throw Error(PFHOST_E_INVALID_ARGUMENT, "output name too long: " + output);
  std::memcpy(target.u.wayland.socket_path, socket.c_str(), socket.size() + 1);
  std::memcpy(target.u.wayland.output_name, output.c_str(), output.size() + 1);
  return target;
}

pfhost_mode checked_mode(const pfhost_mode &requested) {
  pfhost::require_mode_size(requested, "wlroots");
  pfhost_mode mode = requested;
  if (mode.refresh_millihz == 0) mode.refresh_millihz = 60000;
  return mode;
}

// ---- attach ---------------------------------------------------------------------------------

class AttachedDisplay final : public WlrootsDisplay {
 public:
  AttachedDisplay(const AttachEndpoints &endpoints, const WlrootsConfig &config,
                  const pfhost::Host &host, const pfhost_mode &requested)
      : endpoints_(endpoints), config_(config), host_(host) {
    CompositorState &state = compositor_state(endpoints_.ipc_socket);
    std::lock_guard serial(state.mutex);
    SwayIpc ipc(endpoints_.ipc_socket, config_.sway.ipc_timeout);
    output_ = take_or_create_output(state, ipc);
    try {
      mode_ = configure_output(ipc, output_, requested);
    } catch (...) {
      remove_quietly(state, ipc);
      throw;
    }
    host_.info("attached to sway at " + endpoints_.ipc_socket + ": output " + output_ + " " +
               std::to_string(mode_.width) + "x" + std::to_string(mode_.height));
  }

  ~AttachedDisplay() override {
    try {
      CompositorState &state = compositor_state(endpoints_.ipc_socket);
      std::lock_guard serial(state.mutex);
      SwayIpc ipc(endpoints_.ipc_socket, config_.sway.ipc_timeout);
      remove_quietly(state, ipc);
    } catch (const std::exception &e) {
      host_.warn("could not remove sway output " + output_ + ": " + e.what());
    }
  }

  pfhost_status is_alive(std::string *why) override {
    try {
      SwayIpc ipc(endpoints_.ipc_socket, kProbeIpcTimeout);
      const auto output = find_output(ipc, output_);
      if (output && output->active) return PFHOST_OK;
      *why = "sway output " + output_ + " is gone or disabled";
    } catch (const std::exception &e) {
      *why = e.what();
    }
    return PFHOST_E_CLOSED;
  }

  pfhost_target target() const override {
    return make_target(endpoints_.wayland_socket, output_, mode_);
  }

 private:
  // [state.mutex held]
  void remove_quietly(CompositorState &state, SwayIpc &ipc) {
    const Removal removal = remove_output(ipc, output_);
    if (removal == Removal::kUnplugged) return;
    // Kept for reuse: the next display on this sway takes it instead of a new HEADLESS-N.
    state.spare_outputs.push_back(output_);
    static std::atomic<bool> told{false};
    if (!told.exchange(true))
      host_.warn(std::string("this sway cannot remove headless outputs (`output unplug` needs "
                             "sway >= 1.8): released outputs are ") +
                 (removal == Removal::kDisabled ? "disabled"
                                                : "left in place (sway could not "
                                                  "even disable them)") +
                 " and reused by the next display");
  }

  AttachEndpoints endpoints_;
  WlrootsConfig config_;
  pfhost::Host host_;
  std::string output_;
  pfhost_mode mode_{};
};

// ---- managed --------------------------------------------------------------------------------

class ManagedDisplay final : public WlrootsDisplay {
 public:
  ManagedDisplay(const WlrootsConfig &config, const pfhost::Host &host,
                 const pfhost_mode &requested, const std::vector<std::string> &app)
      : host_(host) {
    sway_ = std::make_unique<ManagedSway>(config.sway, host);
    {
      // The headless backend starts with one output (HEADLESS-1): give it the requested mode.
      SwayIpc ipc(sway_->ipc_socket(), config.sway.ipc_timeout);
      const auto outputs = parse_outputs(ipc.outputs());
      if (outputs.empty())
        throw Error(PFHOST_E_UNAVAILABLE, "the managed sway started without any output");
      output_ = outputs.front().name;
      mode_ = configure_output(ipc, output_, requested);
    }
    if (!app.empty()) {
      app_ = sway_->start_app(app);
      host_.info("started " + app.front() + " inside the managed sway (" + app_->describe() + ")");
    }
  }

  ~ManagedDisplay() override {
    // The app first: it would otherwise see its compositor vanish and may complain loudly.
    if (app_) app_->stop(std::chrono::milliseconds(1000));
    sway_.reset();
  }

  pfhost_status is_alive(std::string *why) override {
    if (sway_->running()) return PFHOST_OK;
    *why = "the managed sway exited; its log ends with:\n" + sway_->log_tail();
    return PFHOST_E_CLOSED;
  }

  pfhost_target target() const override {
    return make_target(sway_->wayland_socket(), output_, mode_);
  }

 private:
  pfhost::Host host_;
  std::unique_ptr<ManagedSway> sway_;
  std::optional<os::ChildProcess> app_;
  std::string output_;
  pfhost_mode mode_{};
};

}  // namespace

std::optional<AttachEndpoints> attach_endpoints(const WlrootsConfig &config) {
  AttachEndpoints endpoints;
  endpoints.ipc_socket =
      !config.sway_socket.empty() ? config.sway_socket : env_or_empty("SWAYSOCK");
  if (endpoints.ipc_socket.empty()) return std::nullopt;
  std::string wayland =
      !config.wayland_socket.empty() ? config.wayland_socket : env_or_empty("WAYLAND_DISPLAY");
  if (!wayland.empty() && wayland.front() != '/') {
    const std::string runtime = env_or_empty("XDG_RUNTIME_DIR");
    if (!runtime.empty()) wayland = (fs::path(runtime) / wayland).string();
  }
  if (wayland.empty()) {
    // sway puts its IPC socket in its runtime dir, beside its Wayland socket: take the one there.
    std::error_code ec;
    for (const auto &entry :
         fs::directory_iterator(fs::path(endpoints.ipc_socket).parent_path(), ec))
      if (entry.path().filename().string().rfind("wayland-", 0) == 0 && entry.is_socket(ec)) {
        wayland = entry.path().string();
        break;
      }
  }
  endpoints.wayland_socket = wayland;
  return endpoints;
}

namespace {

// The sway to attach to, or nullopt for managed mode. Throws like resolve_mode().
std::optional<AttachEndpoints> resolve_attach(const WlrootsConfig &config) {
  if (config.mode == DisplayMode::kAttach) {
    auto endpoints = attach_endpoints(config);
    if (!endpoints)
      throw Error(PFHOST_E_UNAVAILABLE,
                  "mode = \"attach\" but no sway IPC socket: set $SWAYSOCK "
                  "or [plugins.wlroots] sway_socket");
    if (!sway_ipc_answers(endpoints->ipc_socket, kProbeIpcTimeout))
      throw Error(PFHOST_E_UNAVAILABLE, "no sway answers on " + endpoints->ipc_socket);
    return endpoints;
  }
  if (config.mode == DisplayMode::kAuto) {
    if (auto endpoints = attach_endpoints(config);
        endpoints && sway_ipc_answers(endpoints->ipc_socket, kProbeIpcTimeout))
      return endpoints;
  }
  require_sway(config.sway.sway_binary);
  return std::nullopt;
}

}  // namespace

DisplayMode resolve_mode(const WlrootsConfig &config) {
  return resolve_attach(config) ? DisplayMode::kAttach : DisplayMode::kManaged;
}

std::unique_ptr<WlrootsDisplay> create_display(const WlrootsConfig &config,
                                               const pfhost::Host &host,
                                               const pfhost_display_request &request) {
  const pfhost_mode mode = checked_mode(request.mode);
  if (const auto endpoints = resolve_attach(config)) {
    if (endpoints->wayland_socket.empty())
      throw Error(PFHOST_E_UNAVAILABLE,
                  "attached to sway at " + endpoints->ipc_socket +
                      " but its Wayland socket is "
                      "unknown: set $WAYLAND_DISPLAY or [plugins.wlroots] wayland_socket");
    if (request.app_argv != nullptr && request.app_argv[0] != nullptr)
      host.warn("an app to launch is ignored in attach mode (start it in your sway yourself)");
    return std::make_unique<AttachedDisplay>(*endpoints, config, host, mode);
  }
  std::vector<std::string> app;
  if (request.app_argv != nullptr)
    for (auto argv = request.app_argv; *argv != nullptr; ++argv) app.emplace_back(*argv);
  if (app.empty()) app = config.app;
  return std::make_unique<ManagedDisplay>(config, host, mode, app);
}

}  // namespace pfhost::wlroots
