// The named kernel objects of IDD push (header section, frame-ready event, shared-memory slots):
// owned handles, mapped views, and the permissive security descriptor the host creates them
// with, so the driver's restricted WUDFHost process can open what the host made.
#pragma once

#include <windows.h>

#include <cstddef>
#include <string>

namespace pfhost::pf_vdisplay {

// A HANDLE closed on destruction (nullptr and INVALID_HANDLE_VALUE mean none).
class OwnedHandle {
 public:
  OwnedHandle() = default;
  explicit OwnedHandle(HANDLE handle) : handle_(handle) {}
  ~OwnedHandle() { reset(); }
  OwnedHandle(OwnedHandle &&other) noexcept : handle_(other.handle_) { other.handle_ = nullptr; }
  OwnedHandle &operator=(OwnedHandle &&other) noexcept;
  OwnedHandle(const OwnedHandle &) = delete;
  OwnedHandle &operator=(const OwnedHandle &) = delete;

  HANDLE get() const { return handle_; }
  explicit operator bool() const { return handle_ != nullptr && handle_ != INVALID_HANDLE_VALUE; }
  void reset();

 private:
  HANDLE handle_ = nullptr;
};

// A named section and its mapped view (unmapped before the section closes).
class MappedSection {
 public:
  // Creates (or, when it still exists, opens) `name` of `size` bytes with the permissive
  // descriptor. Throws pfhost::Error naming the object and the Win32 error.
  static MappedSection create(const std::string &name, size_t size);
  // Opens an existing section; an empty (false) section when it does not exist (yet).
  static MappedSection open(const std::string &name, size_t size);

  MappedSection() = default;
  ~MappedSection();
  MappedSection(MappedSection &&other) noexcept;
  MappedSection &operator=(MappedSection &&other) noexcept;

  explicit operator bool() const { return view_ != nullptr; }
  void *data() const { return view_; }
  size_t size() const { return size_; }

 private:
  OwnedHandle section_;
  void *view_ = nullptr;
  size_t size_ = 0;
};

// Everyone: generic all ("D:(A;;GA;;;WD)"): WUDFHost runs with a restricted token and could not
// open objects with the host's default descriptor.
class PermissiveSecurity {
 public:
  PermissiveSecurity();  // throws pfhost::Error when the SDDL cannot be converted
  ~PermissiveSecurity();
  PermissiveSecurity(const PermissiveSecurity &) = delete;
  PermissiveSecurity &operator=(const PermissiveSecurity &) = delete;
  SECURITY_ATTRIBUTES *get() { return &attributes_; }

 private:
  PSECURITY_DESCRIPTOR descriptor_ = nullptr;
  SECURITY_ATTRIBUTES attributes_{};
};

// An auto-reset event the driver sets after each publish, created with the permissive descriptor.
OwnedHandle create_frame_event(const std::string &name);
// Opens it from the driver side (EVENT_MODIFY_STATE | SYNCHRONIZE); empty when it does not exist.
OwnedHandle open_frame_event(const std::string &name);

// "error N" with the system's text, for messages.
std::string win32_error_text(DWORD error);

}  // namespace pfhost::pf_vdisplay
