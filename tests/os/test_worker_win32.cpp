// A worker for the Windows run_workers tests: argv[1] says what to do, as each kind of probe
// worker might (answer, fail, crash, abort, hang, flood, start a process of its own and hang).
// It hardens itself the way the real probe worker does.
#include <windows.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "os/worker_side.hpp"

int main(int argc, char **argv) {
  using namespace pfhost::core::os;
  harden_worker_process();
  const ParentChannel channel = ParentChannel::claim();
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "echo") {  // stdin back as lines, plus a stray printf that must not reach them
    std::printf("stray printf from a plugin\n");
    std::fflush(stdout);
    channel.send(read_all_stdin());
    exit_worker(0);
  }
  if (mode == "exit") exit_worker(std::atoi(argv[2]));
  if (mode == "crash") {
    channel.send("before the crash\n");
    *static_cast<volatile int *>(nullptr) = 1;
  }
  if (mode == "abort") std::abort();
  if (mode == "hang") Sleep(INFINITE);
  if (mode == "flood") {
    const std::string line(1000, 'x');
    for (;;) channel.send(line + "\n");
  }
  if (mode == "spawn-and-hang") {  // a child of its own, then hang: the kill must take both
    wchar_t self[MAX_PATH];
    GetModuleFileNameW(nullptr, self, MAX_PATH);
    std::wstring line = L"\"" + std::wstring(self) + L"\" hang";
    STARTUPINFOW startup{};
    startup.cb = sizeof startup;
    PROCESS_INFORMATION info{};
    if (!CreateProcessW(self, line.data(), nullptr, nullptr, FALSE, 0, nullptr, nullptr, &startup,
                        &info)) {
      exit_worker(2);
    }
    channel.send("child " + std::to_string(info.dwProcessId) + "\n");
    Sleep(INFINITE);
  }
  return 1;
}
