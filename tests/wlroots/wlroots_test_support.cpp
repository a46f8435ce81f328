#include "wlroots_test_support.hpp"

#include "backends/capture_backend.hpp"
#include "backends/encode_backend.hpp"
#include "output/media_output.hpp"

#include <pfhost/os/child_process.hpp>
#include <pfhost/plugin.hpp>

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace pfhost::test {
using namespace pfhost::core;  // the host's own types

namespace fs = std::filesystem;

std::optional<std::string> sway_unavailable_reason() {
  if (!os::find_executable("sway")) return "sway is not installed (apt-get install sway)";
  return std::nullopt;
}

IsolatedSession::IsolatedSession() {
  env_.set("XDG_RUNTIME_DIR", dir_.path().string())
      .unset("SWAYSOCK")
      .unset("WAYLAND_DISPLAY")
      .unset("WAYLAND_SOCKET")
      .unset("DISPLAY");
}

namespace {
std::string reason_text(const char *buffer) {
  return buffer[0] != '\0' ? buffer : "(no reason)";
}
}  // namespace

PluginDisplay::PluginDisplay(const TestPlugin &plugin, pfhost_mode mode,
                             const std::vector<std::string> &app, const char *backend)
    : table_(plugin.display_table(backend)) {
  auto request = make_struct<pfhost_display_request>();
  request.mode = mode;
  std::vector<const char *> argv;
  for (const auto &arg : app) argv.push_back(arg.c_str());
  argv.push_back(nullptr);
  if (!app.empty()) request.app_argv = argv.data();
  target_ = make_struct<pfhost_target>();
  char text[1024] = {};
  pfhost_reason reason{sizeof(pfhost_reason), sizeof text, text};
  const pfhost_status status = table_->create(plugin.ctx(), &request, &display_, &target_, &reason);
  if (status != PFHOST_OK)
    throw std::runtime_error(std::string("create failed (") + status_name(status) +
                             "): " + reason_text(text));
}

PluginDisplay::~PluginDisplay() {
  if (display_ != nullptr) table_->destroy(display_);
}

pfhost_status PluginDisplay::is_alive(std::string *why) const {
  char text[1024] = {};
  pfhost_reason reason{sizeof(pfhost_reason), sizeof text, text};
  const pfhost_status status = table_->is_alive(display_, &reason);
  if (why != nullptr) *why = text;
  return status;
}

PluginCapture::PluginCapture(const TestPlugin &plugin, const pfhost_target &target)
    : table_(plugin.capture_table("wlr-screencopy")) {
  auto params = make_struct<pfhost_capture_params>();
  params.target = &target;
  params.mode = target.mode;
  params.accepted_memory = 1u << PFHOST_MEMORY_CPU;
  params.accepted_formats = ~0ull;
  char text[1024] = {};
  pfhost_reason reason{sizeof(pfhost_reason), sizeof text, text};
  const pfhost_status status = table_->open(plugin.ctx(), &params, &capture_, &reason);
  if (status != PFHOST_OK)
    throw std::runtime_error(std::string("open failed (") + status_name(status) +
                             "): " + reason_text(text));
}

PluginCapture::~PluginCapture() {
  if (capture_ != nullptr) table_->close(capture_);
}

pfhost_status PluginCapture::next(uint32_t timeout_ms, pfhost_frame **frame, std::string *why) {
  char text[1024] = {};
  pfhost_reason reason{sizeof(pfhost_reason), sizeof text, text};
  const pfhost_status status = table_->next_frame(capture_, timeout_ms, frame, &reason);
  if (why != nullptr) *why = text;
  return status;
}

std::chrono::milliseconds thread_cpu_time(const std::string &name) {
  const long ticks_per_second = ::sysconf(_SC_CLK_TCK);
  long long ticks = 0;
  std::error_code ec;
  for (const auto &task : fs::directory_iterator("/proc/self/task", ec)) {
    std::string comm;
    std::getline(std::ifstream(task.path() / "comm"), comm);
    if (comm != name) continue;
    std::string stat;
    std::getline(std::ifstream(task.path() / "stat"), stat);
    // Fields after the ")" that ends comm: state is field 3; utime, stime are fields 14, 15.
    std::istringstream rest(stat.substr(stat.rfind(')') + 2));
    std::string field;
    for (int i = 3; i <= 13; ++i) rest >> field;
    long long utime = 0, stime = 0;
    rest >> utime >> stime;
    ticks += utime + stime;
  }
  return std::chrono::milliseconds(ticks * 1000 / ticks_per_second);
}

FileSession stream_to_file(const TestPlugin &wlroots, const pfhost_target &target,
                           Keepalive keepalive, const fs::path &file,
                           std::chrono::milliseconds duration, uint32_t rate_hz) {
  static const TestPlugin software(PFHOST_SOFTWARE_PLUGIN);
  const CaptureBackend capture = wlroots.capture("wlr-screencopy");
  const EncodeBackend encoder = software.encode("software");
  const pfhost_mode mode{target.mode.width, target.mode.height, rate_hz * 1000};
  const pfhost_capture_params params = capture_params_for(target, mode, encoder.caps());
  FileSession out;
  SessionOptions options;
  options.rate = Framerate::from_millihz(mode.refresh_millihz);
  options.duration = duration;
  options.encoder.bitrate_kbps = 4000;
  options.on_progress = [&out](const SessionStats &) {
    out.capture_thread_cpu = std::max(out.capture_thread_cpu, thread_cpu_time("pfh-screencopy"));
  };
  Session session(std::move(keepalive), capture.open(params), encoder,
                  std::make_unique<MediaOutput>(file.string()), std::move(options));
  out.result = session.run();
  return out;
}

std::optional<std::string> pattern_client_path() {
#ifdef PFHOST_PATTERN_CLIENT
  if (fs::exists(PFHOST_PATTERN_CLIENT)) return std::string(PFHOST_PATTERN_CLIENT);
#endif
  return std::nullopt;
}

std::string toml_string(const std::string &text) {
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace pfhost::test
