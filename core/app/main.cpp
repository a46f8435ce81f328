// pfhost's command line: parses it and hands over to one command. Each command lives in its own
// file (<name>_command.{h,cpp}) with an add_*_options() and a run_*(); a subcommand (`pfhost
// stream ...`) registers itself with app.add_subcommand() the same way and reuses
// add_host_options() for the shared --config/--plugin-dir/--no-cache/--log-level.
//
// This file is compiled twice where the streaming module exists (Linux with FFmpeg, see
// app/CMakeLists.txt): into the pfhost executable with PFHOST_STREAMING_IN_MODULE, where `stream`,
// `serve` and `ctl` are placeholders that hand the whole command line to the module, and into the
// module, where they are the real commands. So `pfhost --version` and `--list-backends` never
// load FFmpeg, libsrt or OpenSSL (ctl's https client).
#include <pfhost/abi.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "app/display_command.hpp"
#include "app/host_options.hpp"
#include "app/list_backends_command.hpp"
#include "app/print_default_config_command.hpp"
#include "app/probe_worker_command.hpp"
#include "app/run_pfhost.hpp"
#include "loader/plugin_catalog.hpp"
#include "loader/probe_runner.hpp"
#ifdef PFHOST_STREAMING_IN_MODULE
#include "app/command_summaries.hpp"
#include "app/streaming_module.hpp"
#else
#include "app/stream_command.hpp"
#ifdef PFHOST_HAVE_SERVE  // not in the Windows build yet (core/CMakeLists.txt)
#include "app/ctl_command.hpp"
#include "app/serve_command.hpp"
#endif
#endif

namespace {

std::string version_text() {
  return std::string("pfhost ") + PFHOST_VERSION + " (plugin ABI " +
         std::to_string(PFHOST_ABI_MAJOR) + "." + std::to_string(PFHOST_ABI_MINOR) + ")";
}

#ifdef PFHOST_STREAMING_IN_MODULE
// A placeholder for a command the streaming module runs: it shows in `pfhost --help` and takes
// everything after its name unparsed (its own --help included), because the module parses the
// whole command line again with the real options.
CLI::App *add_module_command(CLI::App &app, const char *name, const char *summary) {
  CLI::App *cmd = app.add_subcommand(name, summary);
  cmd->prefix_command();
  cmd->allow_extras();
  cmd->set_help_flag();
  return cmd;
}
#endif

}  // namespace

namespace pfhost::core::app {

int run_pfhost(int argc, char **argv) {
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
#ifdef PFHOST_STREAMING_IN_MODULE
  CLI::App *stream_command = add_module_command(app, "stream", kStreamSummary);
  CLI::App *serve_command = add_module_command(app, "serve", kServeSummary);
  CLI::App *ctl_command = add_module_command(app, "ctl", kCtlSummary);
#else
  StreamOptions stream;
  CLI::App *stream_command = add_stream_command(app, host, stream);
#ifdef PFHOST_HAVE_SERVE
  ServeOptions serve;
  CLI::App *serve_command = add_serve_command(app, host, serve);
  CtlOptions ctl;
  CLI::App *ctl_command = add_ctl_command(app, ctl);
#endif
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
#ifdef PFHOST_STREAMING_IN_MODULE
    if (stream_command->parsed() || serve_command->parsed() || ctl_command->parsed())
      return run_in_streaming_module(argc, argv);
#else
    if (stream_command->parsed()) return run_stream(host, stream);
#ifdef PFHOST_HAVE_SERVE
    if (serve_command->parsed()) return run_serve(host, serve);
    if (ctl_command->parsed()) return run_ctl(ctl);
#endif
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

}  // namespace pfhost::core::app
