#include "test_process.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace pfhost::test {

std::wstring self_hold_command(const std::string &client) {
  wchar_t self[MAX_PATH];
  GetModuleFileNameW(nullptr, self, MAX_PATH);
  return L"\"" + std::wstring(self) + L"\" --hold " + std::wstring(client.begin(), client.end());
}

ChildProcess::ChildProcess(std::wstring command)
    : ChildProcess(std::move(command),
                   std::filesystem::temp_directory_path() /
                       ("pfhost-twin-child-" + std::to_string(GetCurrentProcessId()) + "-" +
                        std::to_string(GetTickCount64()) + ".txt")) {
  remove_output_ = true;
}

ChildProcess::ChildProcess(std::wstring command, std::filesystem::path output)
    : output_(std::move(output)), remove_output_(false) {
  SECURITY_ATTRIBUTES inherit{sizeof inherit, nullptr, TRUE};
  HANDLE file = CreateFileW(output_.wstring().c_str(), GENERIC_WRITE, FILE_SHARE_READ, &inherit,
                            CREATE_ALWAYS, 0, nullptr);
  STARTUPINFOW startup{};
  startup.cb = sizeof startup;
  startup.dwFlags = STARTF_USESTDHANDLES;
  startup.hStdOutput = file;
  startup.hStdError = file;
  startup.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
  const BOOL started = CreateProcessW(nullptr, command.data(), nullptr, nullptr, TRUE, 0, nullptr,
                                      nullptr, &startup, &process_);
  const DWORD error = GetLastError();
  CloseHandle(file);
  if (!started) {
    throw std::runtime_error("cannot start a child process: Windows error " +
                             std::to_string(error));
  }
}

ChildProcess::~ChildProcess() {
  kill();
  WaitForSingleObject(process_.hProcess, 10000);
  CloseHandle(process_.hProcess);
  CloseHandle(process_.hThread);
  if (remove_output_) {
    std::error_code ignored;
    std::filesystem::remove(output_, ignored);
  }
}

bool ChildProcess::wait(std::chrono::milliseconds limit) const {
  return WaitForSingleObject(process_.hProcess, static_cast<DWORD>(limit.count())) == WAIT_OBJECT_0;
}

std::string ChildProcess::text() const {
  std::ifstream in(output_);
  std::stringstream all;
  all << in.rdbuf();
  return all.str();
}

bool ChildProcess::exited(DWORD *code) const {
  return WaitForSingleObject(process_.hProcess, 0) == WAIT_OBJECT_0 &&
         GetExitCodeProcess(process_.hProcess, code);
}

void ChildProcess::suspend() const {
  // NtSuspendProcess: ntdll's, not in the SDK headers; wine implements it.
  using SuspendProcess = LONG(NTAPI *)(HANDLE);
  auto suspend_process = reinterpret_cast<SuspendProcess>(
      reinterpret_cast<void *>(GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "NtSuspendProcess")));
  if (suspend_process == nullptr || suspend_process(process_.hProcess) < 0) {
    throw std::runtime_error("cannot suspend the child process");
  }
}

void ChildProcess::kill() const {
  if (WaitForSingleObject(process_.hProcess, 0) != WAIT_OBJECT_0) {
    TerminateProcess(process_.hProcess, 9);
  }
}

}  // namespace pfhost::test
