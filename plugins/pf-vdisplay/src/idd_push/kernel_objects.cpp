#include "idd_push/kernel_objects.hpp"

#include <sddl.h>

#include <pfhost/plugin.hpp>

#include <utility>

namespace pfhost::pf_vdisplay {

OwnedHandle &OwnedHandle::operator=(OwnedHandle &&other) noexcept {
  if (this != &other) {
    reset();
    handle_ = std::exchange(other.handle_, nullptr);
  }
  return *this;
}

void OwnedHandle::reset() {
  if (*this) CloseHandle(handle_);
  handle_ = nullptr;
}

std::string win32_error_text(DWORD error) {
  char text[256] = {};
  DWORD length = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr,
                                error, 0, text, sizeof text, nullptr);
  while (length > 0 && (text[length - 1] == '\n' || text[length - 1] == '\r' ||
                        text[length - 1] == ' ' || text[length - 1] == '.')) {
    text[--length] = '\0';
  }
  std::string out = "error " + std::to_string(error);
  return length > 0 ? out + ": " + text : out;
}

PermissiveSecurity::PermissiveSecurity() {
  if (!ConvertStringSecurityDescriptorToSecurityDescriptorA("D:(A;;GA;;;WD)", SDDL_REVISION_1,
                                                            &descriptor_, nullptr)) {
    throw Error(PFHOST_E_INTERNAL, "cannot build the IDD-push security descriptor (" +
                                       win32_error_text(GetLastError()) + ")");
  }
  attributes_.nLength = sizeof attributes_;
  attributes_.lpSecurityDescriptor = descriptor_;
  attributes_.bInheritHandle = FALSE;
}

PermissiveSecurity::~PermissiveSecurity() {
  if (descriptor_) LocalFree(descriptor_);
}

MappedSection MappedSection::create(const std::string &name, size_t size) {
  PermissiveSecurity security;
  MappedSection out;
  out.section_ = OwnedHandle(CreateFileMappingA(INVALID_HANDLE_VALUE, security.get(),
                                                PAGE_READWRITE, static_cast<DWORD>(size >> 32),
                                                static_cast<DWORD>(size), name.c_str()));
  if (!out.section_) {
    throw Error(PFHOST_E_UNAVAILABLE,
                "cannot create section " + name + " (" + win32_error_text(GetLastError()) + ")");
  }
  out.view_ = MapViewOfFile(out.section_.get(), FILE_MAP_ALL_ACCESS, 0, 0, size);
  if (!out.view_) {
    throw Error(PFHOST_E_UNAVAILABLE,
                "cannot map section " + name + " (" + win32_error_text(GetLastError()) + ")");
  }
  out.size_ = size;
  return out;
}

MappedSection MappedSection::open(const std::string &name, size_t size) {
  MappedSection out;
  out.section_ = OwnedHandle(OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, name.c_str()));
  if (!out.section_) return out;
  out.view_ = MapViewOfFile(out.section_.get(), FILE_MAP_ALL_ACCESS, 0, 0, size);
  if (out.view_) out.size_ = size;
  return out;
}

MappedSection::~MappedSection() {
  if (view_) UnmapViewOfFile(view_);
}

MappedSection::MappedSection(MappedSection &&other) noexcept
    : section_(std::move(other.section_)),
      view_(std::exchange(other.view_, nullptr)),
      size_(std::exchange(other.size_, 0)) {}

MappedSection &MappedSection::operator=(MappedSection &&other) noexcept {
  if (this != &other) {
    if (view_) UnmapViewOfFile(view_);
    view_ = std::exchange(other.view_, nullptr);
    size_ = std::exchange(other.size_, 0);
    section_ = std::move(other.section_);
  }
  return *this;
}

OwnedHandle create_frame_event(const std::string &name) {
  PermissiveSecurity security;
  OwnedHandle event(CreateEventA(security.get(), FALSE, FALSE, name.c_str()));
  if (!event) {
    throw Error(PFHOST_E_UNAVAILABLE,
                "cannot create event " + name + " (" + win32_error_text(GetLastError()) + ")");
  }
  return event;
}

OwnedHandle open_frame_event(const std::string &name) {
  return OwnedHandle(OpenEventA(EVENT_MODIFY_STATE | SYNCHRONIZE, FALSE, name.c_str()));
}

}  // namespace pfhost::pf_vdisplay
