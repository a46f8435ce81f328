#include <windows.h>

#include <stdexcept>

#include "os/windows_text.hpp"
#include "pfhost/test/run_program.hpp"
#include "pfhost/test/temp_dir.hpp"

namespace pfhost::test {
namespace {

// The current environment with the changes, as a sorted, double-NUL-terminated block.
std::wstring environment_block(const std::map<std::string, std::optional<std::string>> &env) {
  std::map<std::wstring, std::wstring> vars;  // names are case-insensitive; good enough here
  wchar_t *block = GetEnvironmentStringsW();
  for (const wchar_t *p = block; *p != L'\0'; p += wcslen(p) + 1) {
    const std::wstring entry = p;
    const size_t eq = entry.find(L'=', 1);  // "=C:=C:\..." entries start with '='
    if (eq != std::wstring::npos) vars[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  FreeEnvironmentStringsW(block);
  for (const auto &[key, value] : env) {
    if (value)
      vars[pfhost::core::os::widen(key)] = pfhost::core::os::widen(*value);
    else
      vars.erase(pfhost::core::os::widen(key));
  }
  std::wstring out;
  for (const auto &[key, value] : vars) out += key + L"=" + value + L'\0';
  out += L'\0';
  return out;
}

HANDLE inheritable_file(const std::filesystem::path &path) {
  SECURITY_ATTRIBUTES inherit{sizeof inherit, nullptr, TRUE};
  return CreateFileW(path.c_str(), GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, &inherit,
                     CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
}

}  // namespace

RunResult run_program(const std::filesystem::path &program, const std::vector<std::string> &args,
                      const std::map<std::string, std::optional<std::string>> &env) {
  TempDir io("pfhost-run-");
  const auto out_path = io.path() / "stdout";
  const auto err_path = io.path() / "stderr";
  HANDLE out = inheritable_file(out_path);
  HANDLE err = inheritable_file(err_path);
  SECURITY_ATTRIBUTES inherit{sizeof inherit, nullptr, TRUE};
  HANDLE in = CreateFileW(L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, &inherit,
                          OPEN_EXISTING, 0, nullptr);

  std::wstring line = pfhost::core::os::quote_windows_argument(program.wstring());
  for (const auto &arg : args)
    line += L" " + pfhost::core::os::quote_windows_argument(pfhost::core::os::widen(arg));
  std::wstring environment = environment_block(env);
  STARTUPINFOW startup{};
  startup.cb = sizeof startup;
  startup.dwFlags = STARTF_USESTDHANDLES;
  startup.hStdInput = in;
  startup.hStdOutput = out;
  startup.hStdError = err;
  PROCESS_INFORMATION info{};
  const BOOL ok =
      CreateProcessW(program.c_str(), line.data(), nullptr, nullptr, TRUE,
                     CREATE_UNICODE_ENVIRONMENT, environment.data(), nullptr, &startup, &info);
  const DWORD error = GetLastError();
  CloseHandle(out);
  CloseHandle(err);
  CloseHandle(in);
  if (!ok) {
    throw std::runtime_error("cannot run " + program.string() + ": error " + std::to_string(error));
  }
  WaitForSingleObject(info.hProcess, INFINITE);
  DWORD code = 0;
  GetExitCodeProcess(info.hProcess, &code);
  CloseHandle(info.hThread);
  CloseHandle(info.hProcess);
  RunResult result;
  result.exit_code = static_cast<long>(code);
  result.out = read_binary_file(out_path);
  result.err = read_binary_file(err_path);
  return result;
}

}  // namespace pfhost::test
