// worker_side on Windows.
#include "os/worker_side.hpp"

#include <fcntl.h>
#include <io.h>
#include <windows.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>

namespace pfhost::core::os {
namespace {

// How a worker reports a crash: the exception code as its exit code, at once, on every thread
// (no error-reporting dialog, no debugger; wine would otherwise start winedbg).
LONG WINAPI end_with_exception_code(EXCEPTION_POINTERS *info) {
  TerminateProcess(GetCurrentProcess(), info->ExceptionRecord->ExceptionCode);
  return EXCEPTION_EXECUTE_HANDLER;
}

// abort() in the C runtime raises SIGABRT and then exits with code 3, which cannot be told from a
// plugin's exit(3); STATUS_FATAL_APP_EXIT is what Windows itself reports for an abort.
extern "C" void end_with_fatal_app_exit(int) {
  std::fflush(nullptr);
  TerminateProcess(GetCurrentProcess(), 0x40000015);  // STATUS_FATAL_APP_EXIT
}

}  // namespace

ParentChannel ParentChannel::claim() {
  HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
  HANDLE channel = nullptr;
  if (out == nullptr || out == INVALID_HANDLE_VALUE ||
      !DuplicateHandle(GetCurrentProcess(), out, GetCurrentProcess(), &channel, 0, FALSE,
                       DUPLICATE_SAME_ACCESS)) {
    return ParentChannel(-1);
  }
  // From now on stdout (Win32 handle and C runtime descriptor 1) is stderr, so a plugin's stray
  // printf cannot corrupt the protocol; the original pipe is reachable only through the channel.
  SetStdHandle(STD_OUTPUT_HANDLE, GetStdHandle(STD_ERROR_HANDLE));
  std::fflush(stdout);
  _dup2(_fileno(stderr), _fileno(stdout));  // also closes the runtime's copy of the pipe
  return ParentChannel(reinterpret_cast<std::intptr_t>(channel));
}

void ParentChannel::send(std::string_view text) const {
  if (channel_ == -1) return;
  HANDLE channel = reinterpret_cast<HANDLE>(channel_);
  const char *data = text.data();
  size_t left = text.size();
  while (left > 0) {
    DWORD n = 0;
    if (!WriteFile(channel, data, static_cast<DWORD>(left), &n, nullptr) || n == 0) return;
    data += n;
    left -= n;
  }
}

std::string read_all_stdin() {
  std::string text;
  HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
  char chunk[4096];
  for (;;) {
    DWORD n = 0;
    if (!ReadFile(in, chunk, sizeof chunk, &n, nullptr) || n == 0) break;
    text.append(chunk, n);
  }
  return text;
}

void harden_worker_process() {
  // No "the program can't start because X.dll is missing" or crash dialogs waiting for a click.
  SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX);
  SetUnhandledExceptionFilter(end_with_exception_code);
  std::signal(SIGABRT, end_with_fatal_app_exit);
  // A worker whose parent died does not linger: the parent's job object is killed with it.
}

void exit_worker(int code) {
  std::fflush(nullptr);
  // Not exit(): that would run static destructors and every DLL's DllMain(DETACH), and a
  // plugin's half-torn-down state must not turn a clean answer into a crash.
  TerminateProcess(GetCurrentProcess(), static_cast<UINT>(code));
  std::_Exit(code);
}

}  // namespace pfhost::core::os
