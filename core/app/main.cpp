// pfhost's entry point: parses the command line and hands over to one command. Each command
// lives in its own file (<name>_command.{h,cpp}) with an add_*_options() and a run_*(); a
// subcommand (`pfhost stream ...`) registers itself with app.add_subcommand() the same way and
// reuses add_host_options() for the shared --config/--plugin-dir/--no-cache/--log-level.
#include <pfhost/abi.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "app/display_command.hpp"
#include "app/host_options.hpp"
#include "app/list_backends_command.hpp"
#include "app/print_default_config_command.hpp"
#include "app/probe_worker_command.hpp"
#include "app/stream_command.hpp"
#include "loader/plugin_catalog.hpp"
#include "loader/probe_runner.hpp"
#ifdef PFHOST_HAVE_SERVE  // not in the Windows build yet (core/CMakeLists.txt)
#include "app/ctl_command.hpp"
#include "app/serve_command.hpp"
#endif

namespace {

std::string version_text() {
  return std::string("pfhost ") + PFHOST_VERSION + " (plugin ABI " +
         std::to_string(PFHOST_ABI_MAJOR) + "." + std::to_string(PFHOST_ABI_MINOR) + ")";
}

}  // namespace

int main(int argc, char **argv) {
  using namespace pfhost::core::app;
  // Declared first, so it runs last on every way out of main: the commands have destroyed their
  // sessions and displays by then, so each plugin's deinit finds nothing of it in use. (The probe
  // worker never gets here: it leaves with _exit.)
  struct PluginShutdown {
    ~PluginShutdown() { pfhost::core::shutdown_plugins(); }
  } const plugin_shutdown;
  CLI::App app{"pfhost: virtual-display streaming host", "pfhost"};
  app.set_version_flag("--version", version_text());

  HostOptions host;
  add_host_options(app, host);
  ListBackendsOptions list;
  add_list_backends_options(app, list);
  bool print_default_config = false;
  add_print_default_config_option(app, print_default_config);
  StreamOptions stream;
  CLI::App *stream_command = add_stream_command(app, host, stream);
#ifdef PFHOST_HAVE_SERVE
  ServeOptions serve;
  CLI::App *serve_command = add_serve_command(app, host, serve);
  CtlOptions ctl;
  CLI::App *ctl_command = add_ctl_command(app, ctl);
#endif
  DisplayOptions display;
  CLI::App *display_command = add_display_command(app, host, display);
  // Hidden: the host re-executes itself with this to probe one plugin in a child process.
  std::string probe_worker;
  app.add_option(pfhost::core::kProbeWorkerOption, probe_worker)->group("");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    return app.exit(e);
  }

  try {
    if (!probe_worker.empty()) run_probe_worker_command(probe_worker, host.log_level.value_or(""));
    if (stream_command->parsed()) return run_stream(host, stream);
#ifdef PFHOST_HAVE_SERVE
    if (serve_command->parsed()) return run_serve(host, serve);
    if (ctl_command->parsed()) return run_ctl(ctl);
#endif
    if (display_command->parsed()) return run_display(host, display);
    if (list.requested) return run_list_backends(host, list);
    if (print_default_config) return run_print_default_config();
  } catch (const std::exception &e) {
    std::cerr << "pfhost: error: " << e.what() << '\n';
    return 1;
  }
  std::cerr << app.help() << "\nNothing to do: try --list-backends, stream, display or serve.\n";
  return 2;
}
