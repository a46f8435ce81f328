#include "kwin_instance.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace pfhost::test {
namespace {

using namespace std::chrono_literals;

bool accepts_connections(const std::filesystem::path &socket) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, socket.c_str(), sizeof address.sun_path - 1);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0;
  ::close(fd);
  return ok;
}

void write_file(const std::filesystem::path &path, const std::string &text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

}  // namespace

std::optional<std::string> KwinInstance::unavailable_reason() {
  if (!std::filesystem::exists("/usr/bin/kwin_wayland"))
    return "kwin_wayland is not installed (Debian: kwin-wayland)";
  return std::nullopt;
}

std::string desktop_file_for(const std::string &executable) {
  std::ifstream in(PFHOST_KWIN_DESKTOP_TEMPLATE);
  std::stringstream text;
  text << in.rdbuf();
  std::string contents = text.str();
  const std::string placeholder = "@PFHOST_EXECUTABLE@";
  const auto at = contents.find(placeholder);
  if (at == std::string::npos)
    throw std::runtime_error(std::string("no Exec placeholder in ") + PFHOST_KWIN_DESKTOP_TEMPLATE);
  contents.replace(at, placeholder.size(), executable);
  return contents;
}

KwinInstance::KwinInstance(const PipeWireEnvironment &environment, Options options) {
  const auto binary = dir_.path() / "kwin_wayland";
  // A plain copy drops the file capability (security.capability xattr) the sandbox refuses.
  std::filesystem::copy_file("/usr/bin/kwin_wayland", binary);
  for (const auto &[name, contents] : options.desktop_files)
    write_file(dir_.path() / "data" / "applications" / name, contents);
  for (const char *sub : {"config", "cache", "data"})
    std::filesystem::create_directories(dir_.path() / sub);

  socket_name_ =
      "kwin-test-" + std::to_string(::getpid()) + "-" +
      std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 100000);
  ChildProcess::Options child;
  child.argv = {binary.string(),   "--virtual",
                "--width",         "800",
                "--height",        "600",
                "--socket",        socket_name_,
                "--no-lockscreen", "--no-global-shortcuts",
                "--no-kactivities"};
  child.environment = environment.child_environment();
  child.environment.unset("WAYLAND_DISPLAY").unset("DISPLAY");
  child.environment.set("XDG_DATA_HOME", (dir_.path() / "data").string())
      .set("XDG_CONFIG_HOME", (dir_.path() / "config").string())
      .set("XDG_CACHE_HOME", (dir_.path() / "cache").string());
  if (options.no_permission_checks) child.environment.set("KWIN_WAYLAND_NO_PERMISSION_CHECKS", "1");
  child.log_path = dir_.path() / "kwin.log";
  process_ = ChildProcess(std::move(child));

  const auto socket = environment.runtime_dir() / socket_name_;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!accepts_connections(socket)) {
    if (!process_.running())
      throw std::runtime_error("kwin_wayland exited during start-up:\n" + process_.log_tail());
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("kwin_wayland's socket " + socket.string() +
                               " did not accept connections within 10 s:\n" + process_.log_tail());
    std::this_thread::sleep_for(20ms);
  }
}

KwinInstance::~KwinInstance() {
  process_.stop();
}

}  // namespace pfhost::test
