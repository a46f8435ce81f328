// A real headless KWin (`kwin_wayland --virtual`) for one test, on the test's private session bus
// and runtime dir (PipeWireEnvironment). /usr/bin/kwin_wayland carries a file capability that a
// container may refuse to exec, so the fixture runs a plain copy of it (a copy carries none). Its
// data, config and cache homes are private, so a test decides which .desktop files KWin sees.
#pragma once

#include <pfhost/test/child_process.hpp>
#include <pfhost/test/pipewire_environment.hpp>
#include <pfhost/test/temp_dir.hpp>

#include <filesystem>
#include <optional>
#include <string>

namespace pfhost::test {

class KwinInstance {
 public:
  struct Options {
    bool no_permission_checks = false;  // KWIN_WAYLAND_NO_PERMISSION_CHECKS=1
    // .desktop files (name -> contents) to put in KWin's $XDG_DATA_HOME/applications.
    std::vector<std::pair<std::string, std::string>> desktop_files;
  };

  // Why it cannot run here (kwin_wayland missing), or nullopt.
  static std::optional<std::string> unavailable_reason();

  // Starts KWin and waits (bounded) until its socket accepts a client. Throws with KWin's log.
  KwinInstance(const PipeWireEnvironment &environment, Options options);
  ~KwinInstance();

  const std::string &socket_name() const noexcept { return socket_name_; }
  std::string log() const { return process_.log_tail(); }

 private:
  TempDir dir_{"pfhost-kwin-"};
  std::string socket_name_;
  ChildProcess process_;
};

// The plugin's .desktop template with Exec= set to `executable`.
std::string desktop_file_for(const std::string &executable);

}  // namespace pfhost::test
