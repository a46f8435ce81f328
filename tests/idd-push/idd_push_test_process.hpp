// Another program the IDD-push tests start (pfhost.exe, the driver-side twin): output to a file,
// killed when the test ends if it is still running.
#pragma once

#include <windows.h>

#include <chrono>
#include <filesystem>
#include <string>

namespace pfhost::test {

// wine's drive Z: is the Linux root, where the build tree lies.
inline std::string wine_path(const std::string &unix_path) {
  return "Z:" + unix_path;
}

class ChildProcess {
 public:
  ChildProcess(std::string command, const std::filesystem::path &output) {
    SECURITY_ATTRIBUTES inherit{sizeof inherit, nullptr, TRUE};
    HANDLE file = CreateFileW(output.wstring().c_str(), GENERIC_WRITE, FILE_SHARE_READ, &inherit,
                              CREATE_ALWAYS, 0, nullptr);
    STARTUPINFOA startup{};
    startup.cb = sizeof startup;
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdOutput = file;
    startup.hStdError = file;
    startup.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    started_ = CreateProcessA(nullptr, command.data(), nullptr, nullptr, TRUE, 0, nullptr, nullptr,
                              &startup, &process_);
    if (file != INVALID_HANDLE_VALUE) CloseHandle(file);
    if (!started_) throw std::runtime_error("cannot start " + command);
  }
  ~ChildProcess() {
    if (!started_) return;
    TerminateProcess(process_.hProcess, 9);
    WaitForSingleObject(process_.hProcess, 10000);
    CloseHandle(process_.hProcess);
    CloseHandle(process_.hThread);
  }
  ChildProcess(const ChildProcess &) = delete;
  ChildProcess &operator=(const ChildProcess &) = delete;

  bool exited() const { return WaitForSingleObject(process_.hProcess, 0) == WAIT_OBJECT_0; }
  bool wait(std::chrono::milliseconds limit) const {
    return WaitForSingleObject(process_.hProcess, static_cast<DWORD>(limit.count())) ==
           WAIT_OBJECT_0;
  }
  DWORD exit_code() const {
    DWORD code = 0;
    GetExitCodeProcess(process_.hProcess, &code);
    return code;
  }

 private:
  PROCESS_INFORMATION process_{};
  bool started_ = false;
};

}  // namespace pfhost::test
