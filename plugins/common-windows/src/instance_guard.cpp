#include "pfhost/windows/instance_guard.hpp"

#include <pfhost/plugin.hpp>

#include <cstring>

namespace pfhost::windows {
namespace {

struct OwnerRecord {
  DWORD pid;
  char command_line[500];
};

std::string owner_text(const std::string &section_name) {
  HANDLE section = OpenFileMappingA(FILE_MAP_READ, FALSE, section_name.c_str());
  if (!section) return "another process";
  std::string text = "another process";
  if (auto *record = static_cast<const OwnerRecord *>(
          MapViewOfFile(section, FILE_MAP_READ, 0, 0, sizeof(OwnerRecord)))) {
    text = "process " + std::to_string(record->pid) + " (" +
           std::string(record->command_line,
                       strnlen(record->command_line, sizeof record->command_line)) +
           ")";
    UnmapViewOfFile(record);
  }
  CloseHandle(section);
  return text;
}

}  // namespace

InstanceGuard::InstanceGuard(const std::string &driver_name) {
  const std::string mutex_name = "Global\\pfhost-" + driver_name;
  const std::string section_name = mutex_name + "-owner";
  mutex_ = CreateMutexA(nullptr, FALSE, mutex_name.c_str());
  if (!mutex_) {
    throw Error(PFHOST_E_UNAVAILABLE, "cannot create the " + driver_name +
                                          " single-instance mutex (error " +
                                          std::to_string(GetLastError()) + ")");
  }
  DWORD waited = WaitForSingleObject(mutex_, 0);
  if (waited != WAIT_OBJECT_0 && waited != WAIT_ABANDONED) {
    CloseHandle(mutex_);
    mutex_ = nullptr;
    throw Error(PFHOST_E_BUSY,
                driver_name +
                    " is in use by another pfhost on this machine: " + owner_text(section_name) +
                    " holds its monitors; stop that process (Ctrl-C, or end it in Task "
                    "Manager) before starting another host for this driver");
  }
  // An abandoned mutex means the previous owner died: its monitors are orphans, ours to clear.
  owner_section_ = CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0,
                                      sizeof(OwnerRecord), section_name.c_str());
  if (owner_section_) {
    if (auto *record = static_cast<OwnerRecord *>(
            MapViewOfFile(owner_section_, FILE_MAP_WRITE, 0, 0, sizeof(OwnerRecord)))) {
      record->pid = GetCurrentProcessId();
      std::strncpy(record->command_line, GetCommandLineA(), sizeof record->command_line - 1);
      record->command_line[sizeof record->command_line - 1] = '\0';
      UnmapViewOfFile(record);
    }
  }
}

InstanceGuard::~InstanceGuard() {
  if (owner_section_) CloseHandle(owner_section_);
  if (mutex_) {
    ReleaseMutex(mutex_);
    CloseHandle(mutex_);
  }
}

}  // namespace pfhost::windows
