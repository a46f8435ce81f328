// wlr-screencopy at 1920x1080: our capturer (ScreencopyCapture, shm, copy_with_damage) against
// `grim` taking the same number of frames of the same output in the same run.
//
// A private headless sway shows pfhost-test-pattern-client, which redraws every frame, so every
// copy has damage and both sides copy real frames. Reported per side: frames per second and CPU
// milliseconds per frame (the capturing process, and sway's own share, since the compositor does
// the copy). The ratio line compares ours with grim's.
//
// Usage: screencopy_bench [--frames N] [--hz RATE] [--pattern-client PATH] [--json FILE]
#include "managed_sway.hpp"
#include "screencopy_capture.hpp"
#include "sway_ipc.hpp"
#include "sway_outputs.hpp"

#include <pfhost/os/child_process.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using pfhost::wlroots::ManagedSway;

double cpu_ms(const rusage &r) {
  return static_cast<double>(r.ru_utime.tv_sec + r.ru_stime.tv_sec) * 1e3 +
         static_cast<double>(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e3;
}

double process_cpu_ms(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  std::getline(in, stat);
  if (stat.empty()) return 0;
  std::istringstream rest(stat.substr(stat.rfind(')') + 2));
  std::string field;
  for (int i = 3; i <= 13; ++i) rest >> field;
  long long utime = 0, stime = 0;
  rest >> utime >> stime;
  return static_cast<double>(utime + stime) * 1e3 / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

struct Figures {
  int frames = 0;
  double seconds = 0;
  double cpu_ms = 0;   // the capturing side
  double sway_ms = 0;  // the compositor during the same span
  double fps() const { return frames / seconds; }
  double cpu_per_frame() const { return cpu_ms / frames; }
  double sway_per_frame() const { return sway_ms / frames; }
};

Figures bench_ours(const ManagedSway &sway, int frames) {
  pfhost::wlroots::ScreencopyOptions options;
  options.socket_path = sway.wayland_socket();
  options.output_name = "HEADLESS-1";
  pfhost::wlroots::ScreencopyCapture capture(options, pfhost::Host{});
  std::string why;
  pfhost_frame *frame = nullptr;
  // Warm-up: first frame (buffer setup, first copy).
  if (capture.next_frame(5000, &frame, &why) != PFHOST_OK) throw std::runtime_error(why);
  frame->release(frame);
  rusage before{}, after{};
  ::getrusage(RUSAGE_SELF, &before);
  const double sway_before = process_cpu_ms(const_cast<ManagedSway &>(sway).pid());
  const auto start = Clock::now();
  Figures f;
  while (f.frames < frames) {
    if (capture.next_frame(5000, &frame, &why) != PFHOST_OK) throw std::runtime_error(why);
    frame->release(frame);
    ++f.frames;
  }
  f.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  ::getrusage(RUSAGE_SELF, &after);
  f.cpu_ms = cpu_ms(after) - cpu_ms(before);
  f.sway_ms = process_cpu_ms(const_cast<ManagedSway &>(sway).pid()) - sway_before;
  return f;
}

Figures bench_grim(const ManagedSway &sway, int frames) {
  auto env = pfhost::os::ProcessEnvironment::current();
  env.set("WAYLAND_DISPLAY", sway.wayland_socket());
  rusage before{}, after{};
  ::getrusage(RUSAGE_CHILDREN, &before);
  const double sway_before = process_cpu_ms(const_cast<ManagedSway &>(sway).pid());
  const auto start = Clock::now();
  Figures f;
  // PPM: no PNG compression, so grim's cost is the capture, not the encoding.
  for (; f.frames < frames; ++f.frames) {
    const auto result =
        pfhost::os::run_command({"grim", "-o", "HEADLESS-1", "-t", "ppm", "/dev/null"}, env, 10s);
    if (result.exit_code != 0) throw std::runtime_error("grim failed: " + result.output);
  }
  f.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  ::getrusage(RUSAGE_CHILDREN, &after);
  f.cpu_ms = cpu_ms(after) - cpu_ms(before);
  f.sway_ms = process_cpu_ms(const_cast<ManagedSway &>(sway).pid()) - sway_before;
  return f;
}

std::optional<std::string> default_pattern_client(const char *argv0) {
  const auto beside = std::filesystem::path(argv0).parent_path() / "pfhost-test-pattern-client";
  if (std::filesystem::exists(beside)) return beside.string();
  if (auto found = pfhost::os::find_executable("pfhost-test-pattern-client"))
    return found->string();
  return std::nullopt;
}

}  // namespace

int main(int argc, char **argv) {
  int frames = 120;
  uint32_t hz = 120;  // above the usual 60 so the output's refresh is not what limits pfhost
  std::optional<std::string> client = default_pattern_client(argv[0]);
  std::string json;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--frames") == 0) frames = std::max(1, std::atoi(argv[i + 1]));
    if (std::strcmp(argv[i], "--pattern-client") == 0) client = argv[i + 1];
    if (std::strcmp(argv[i], "--json") == 0) json = argv[i + 1];
    if (std::strcmp(argv[i], "--hz") == 0)
      hz = static_cast<uint32_t>(std::max(1, std::atoi(argv[i + 1])));
  }
  if (!pfhost::os::find_executable("sway") || !pfhost::os::find_executable("grim")) {
    std::fprintf(stderr, "screencopy_bench: needs sway and grim (apt-get install sway grim)\n");
    return 77;
  }
  if (!client) {
    std::fprintf(stderr,
                 "screencopy_bench: pfhost-test-pattern-client not found (--pattern-client)\n");
    return 77;
  }
  try {
    ManagedSway sway(pfhost::wlroots::ManagedSwayOptions{}, pfhost::Host{});
    {
      pfhost::wlroots::SwayIpc ipc(sway.ipc_socket(), 5s);
      pfhost::wlroots::configure_output(ipc, "HEADLESS-1", {1920, 1080, hz * 1000});
    }
    auto app = sway.start_app({*client, "--output", "HEADLESS-1"});
    std::this_thread::sleep_for(500ms);  // the client's first frames
    const Figures ours = bench_ours(sway, frames);
    const Figures grim = bench_grim(sway, frames);
    app.stop();
    std::printf("screencopy 1920x1080@%u, %d frames each, pattern client redrawing every frame\n",
                hz, frames);
    std::printf("%-16s %8s %14s %16s\n", "capturer", "fps", "CPU ms/frame", "sway ms/frame");
    std::printf("%-16s %8.1f %14.2f %16.2f\n", "pfhost", ours.fps(), ours.cpu_per_frame(),
                ours.sway_per_frame());
    std::printf("%-16s %8.1f %14.2f %16.2f\n", "grim (ppm)", grim.fps(), grim.cpu_per_frame(),
                grim.sway_per_frame());
    std::printf("ratio pfhost/grim: fps x%.2f, CPU per frame x%.3f\n", ours.fps() / grim.fps(),
                ours.cpu_per_frame() / grim.cpu_per_frame());
    if (!json.empty()) {
      std::ofstream out(json);
      out << "{\"frames\": " << frames << ", \"hz\": " << hz
          << ", \"pfhost\": {\"fps\": " << ours.fps()
          << ", \"cpu_ms_per_frame\": " << ours.cpu_per_frame()
          << ", \"sway_ms_per_frame\": " << ours.sway_per_frame()
          << "}, \"grim\": {\"fps\": " << grim.fps()
          << ", \"cpu_ms_per_frame\": " << grim.cpu_per_frame()
          << ", \"sway_ms_per_frame\": " << grim.sway_per_frame() << "}}\n";
    }
  } catch (const std::exception &e) {
    std::fprintf(stderr, "screencopy_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
