// The plugin's C ABI surface: the descriptor, the one display backend "gamescope" and thin
// trampolines that turn every C++ exception into a status + reason (pfhost::guarded).
#include "gamescope_instance.hpp"
#include "gamescope_probe.hpp"
#include "gamescope_settings.hpp"

#include <pfhost/backend_tables.hpp>
#include <pfhost/plugin_config.hpp>

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace {

using pfhost::Error;
using pfhost::gamescope::GamescopeInstance;

// What init() keeps for later calls; deinit deletes it.
struct PluginContext {
  pfhost::Host host;
  pfhost::gamescope::Settings settings;
  std::string config_error;  // unknown keys in [plugins.gamescope], reported by the probe
  std::atomic<uint64_t> launches{0};
};

// Where gamescope's log goes while it runs: the user's private runtime dir when there is one.
std::filesystem::path log_path_for(uint64_t launch) {
  const char *runtime = std::getenv("XDG_RUNTIME_DIR");
  const std::filesystem::path dir = runtime != nullptr && *runtime != '\0'
                                        ? std::filesystem::path(runtime)
                                        : std::filesystem::temp_directory_path();
  return dir /
         ("pfhost-gamescope-" + std::to_string(::getpid()) + "-" + std::to_string(launch) + ".log");
}

pfhost_status plugin_init(const pfhost_host_api *host_api, void **plugin_ctx,
                          pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    auto context = std::make_unique<PluginContext>();
    context->host = pfhost::Host(host_api);
    context->settings = pfhost::gamescope::read_settings(context->host, &context->config_error);
    *plugin_ctx = context.release();
  });
}

pfhost_status display_probe(void *plugin_ctx, pfhost_reason *reason) {
  return pfhost::guarded(reason, [&] {
    static const pfhost::gamescope::Settings defaults;
    const auto *context = static_cast<const PluginContext *>(plugin_ctx);
    if (context != nullptr) pfhost::check_config(context->config_error);
    const auto &settings = context != nullptr ? context->settings : defaults;
    const auto verdict = pfhost::gamescope::probe_gamescope(settings);
    if (verdict.status != PFHOST_OK) pfhost::set_reason(reason, verdict.reason);
    return verdict.status;
  });
}

// What the host holds as a pfhost_display (pfhost::display_table): one gamescope and its app.
struct GamescopeDisplay {
  std::unique_ptr<GamescopeInstance> instance;
  pfhost_mode mode{};

  static std::unique_ptr<GamescopeDisplay> create(void *plugin_ctx,
                                                  const pfhost_display_request &request) {
    if (plugin_ctx == nullptr)
      throw Error(PFHOST_E_INVALID_ARGUMENT, "create: init, request, display and target needed");
    auto *context = static_cast<PluginContext *>(plugin_ctx);
    pfhost::require_mode_size(request.mode, "create");

    pfhost::gamescope::LaunchRequest launch;
    launch.width = request.mode.width;
    launch.height = request.mode.height;
    // gamescope takes whole hertz; 59.94 asks for 60.
    launch.refresh_hz =
        request.mode.refresh_millihz == 0 ? 60 : (request.mode.refresh_millihz + 500) / 1000;
    if (request.app_argv != nullptr && request.app_argv[0] != nullptr) {
      for (const char *const *arg = request.app_argv; *arg != nullptr; ++arg)
        launch.app.emplace_back(*arg);
    } else {
      launch.app = context->settings.app;
    }
    launch.log_path = log_path_for(++context->launches);
    auto display = std::make_unique<GamescopeDisplay>();
    display->mode = request.mode;
    display->instance =
        std::make_unique<GamescopeInstance>(context->settings, std::move(launch), context->host);
    return display;
  }

  pfhost_target target() const {
    // gamescope streams on the user's default daemon.
    return pfhost::pipewire_node_target(mode, instance->node_id());
  }

  std::optional<std::string> why_dead() {
    std::string why = instance->death_reason();
    if (why.empty()) return std::nullopt;
    return why;
  }
};

const pfhost_display_vtable kDisplayVtable =
    pfhost::display_table<GamescopeDisplay>(1u << PFHOST_TARGET_PIPEWIRE_NODE);

// Below the desktop compositors: under "auto" only when nothing else is there.
const pfhost_backend kBackend = pfhost::display_backend(
    "gamescope", "gamescope headless (3.12+) running one app, streamed via PipeWire", 30,
    &display_probe, &kDisplayVtable);

const pfhost_backend *const kBackends[] = {&kBackend};

const pfhost_plugin_descriptor kDescriptor =
    pfhost::plugin_descriptor("gamescope", "0.1.0", "pfhost", "gamescope headless displays",
                              &plugin_init, &pfhost::delete_context<PluginContext>, kBackends);

}  // namespace

PFHOST_DEFINE_PLUGIN_ENTRY(kDescriptor)
