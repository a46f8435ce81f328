#include "pf_vdisplay_driver.hpp"

#include <pfhost/plugin.hpp>

#include <chrono>

#include "pfhost/windows/device_interface.hpp"

namespace pfhost::pf_vdisplay {
namespace {

constexpr const char *kDriverName = "pf-vdisplay";

std::string failure(const char *what, DWORD error) {
  return std::string("pf-vdisplay ") + what + " failed: " + windows::win32_error_text(error);
}

// GET_INFO on a fresh handle and the protocol gate; the same check for probe and open.
DriverInfo checked_info(HANDLE handle) {
  std::vector<uint8_t> reply(8);
  DWORD returned = 0;
  DWORD error = windows::device_ioctl(handle, windows::buffered_ioctl(kGetInfo), nullptr, 0,
                                      reply.data(), 8, &returned);
  reply.resize(error == 0 ? returned : 0);
  auto info = decode_info(reply);
  if (error != 0 || !info) {
    throw Error(PFHOST_E_UNAVAILABLE, error != 0 ? failure("GET_INFO", error)
                                                 : "pf-vdisplay GET_INFO answered " +
                                                       std::to_string(reply.size()) +
                                                       " bytes, expected 8");
  }
  if (info->protocol_version < kMinProtocol || info->protocol_version > kMaxProtocol) {
    const std::string versions = "driver protocol " + std::to_string(info->protocol_version) +
                                 ", host needs " + std::to_string(kMinProtocol) + ".." +
                                 std::to_string(kMaxProtocol);
    throw Error(PFHOST_E_UNSUPPORTED,
                info->protocol_version < kMinProtocol
                    ? "driver outdated: " + versions + " (install a newer pf-vdisplay driver)"
                    : "driver newer than this host: " + versions + " (update pfhost)");
  }
  return *info;
}

}  // namespace

std::string probe_driver() {
  auto opened = windows::open_first_device(kInterfaceGuid, kDriverName);
  if (opened.handle == INVALID_HANDLE_VALUE) throw Error(PFHOST_E_UNAVAILABLE, opened.error);
  try {
    DriverInfo info = checked_info(opened.handle);
    CloseHandle(opened.handle);
    return "pf-vdisplay driver protocol " + std::to_string(info.protocol_version) + ", watchdog " +
           std::to_string(info.watchdog_s) + " s";
  } catch (...) {
    CloseHandle(opened.handle);
    throw;
  }
}

Driver::Driver(windows::IddSettings settings)
    : settings_(std::move(settings)),
      device_(kInterfaceGuid, kDriverName,
              [this](HANDLE handle, bool first) { on_open(handle, first); }),
      pinger_([this] { device_.call(kPing, nullptr, 0, nullptr, 0); }),
      identities_(settings_.state_dir / "pf-vdisplay-monitors.txt", kMaxMonitorId) {}

Driver::~Driver() = default;

void Driver::claim_guard() {
  std::lock_guard lock(guard_mutex_);
  if (!guard_) guard_ = std::make_unique<windows::InstanceGuard>(kDriverName);
}

void Driver::on_open(HANDLE handle, bool first_of_process) {
  DriverInfo info = checked_info(handle);
  watchdog_s_ = info.watchdog_s;
  auto call = [handle](uint32_t function, const std::vector<uint8_t> &in) {
    return windows::device_ioctl(handle, windows::buffered_ioctl(function), in.data(),
                                 static_cast<DWORD>(in.size()), nullptr, 0, nullptr);
  };
  // Monitors left by a host of ours that died: only now, never on a reopen (live sessions).
  if (first_of_process) call(kClearAll, {});
  if (settings_.render_adapter) {
    if (DWORD error = call(kSetRenderAdapter, encode_luid(*settings_.render_adapter))) {
      throw Error(PFHOST_E_UNAVAILABLE, failure("SET_RENDER_ADAPTER", error) +
                                            " (check [plugins.pf-vdisplay] render_adapter)");
    }
  }
}

DWORD Driver::try_add(const AddRequest &request, Monitor &monitor) {
  std::vector<uint8_t> reply(kAddReplySize);
  auto in = encode_add(request);
  DWORD returned = 0;
  DWORD error = device_.call(kAdd, in.data(), static_cast<DWORD>(in.size()), reply.data(),
                             kAddReplySize, &returned);
  if (error == ERROR_INSUFFICIENT_BUFFER || (error == 0 && returned < kAddReplyMinimum)) {
    // The driver keeps a monitor whose reply did not fit: take it away again.
    remove(Monitor{request.session_id, request.mode, {}});
    throw Error(PFHOST_E_IO, "pf-vdisplay ADD answered " + std::to_string(returned) +
                                 " bytes, expected " + std::to_string(kAddReplySize) +
                                 "; the monitor was removed again");
  }
  if (error != 0) return error;
  reply.resize(returned);
  monitor.reply = *decode_add(reply);
  monitor.device_generation = device_.generation();
  return 0;
}

void Driver::reap_leaked() {
  std::set<uint64_t> leaked;
  {
    std::lock_guard lock(leaked_mutex_);
    leaked.swap(leaked_);
  }
  for (uint64_t session : leaked) remove(Monitor{session, {}, {}});
}

Monitor Driver::add(const pfhost_mode &mode, const std::string &client_id) {
  claim_guard();  // before the first open: a second host must not clear our monitors
  Monitor monitor;
  monitor.mode = mode;
  AddRequest request;
  request.session_id = next_session_++;
  request.mode = mode;
  request.preferred_monitor_id = identities_.id_for(client_id);
  monitor.session_id = request.session_id;
  reap_leaked();  // a REMOVE that failed earlier gets its retry before the driver fills up
  DWORD error = try_add(request, monitor);
  if (error == ERROR_NOT_FOUND) {  // every monitor slot taken: reap what we leaked, once
    reap_leaked();
    error = try_add(request, monitor);
  }
  if (error == ERROR_NOT_FOUND) {
    throw Error(PFHOST_E_BUSY,
                "pf-vdisplay has no free monitor slot (15 in use); release a "
                "kept display or stop the host that holds them");
  }
  if (error != 0) {
    throw Error(
        windows::ControlDevice::means_gone(error) ? PFHOST_E_UNAVAILABLE : PFHOST_E_IO,
        failure("ADD", error) + (windows::ControlDevice::means_gone(error)
                                     ? " (the device went away; the next display reopens it)"
                                     : ""));
  }
  uint32_t watchdog = watchdog_s_.load();
  pinger_.monitor_added(std::chrono::milliseconds(watchdog > 0 ? watchdog * 1000 / 3 : 1000));
  return monitor;
}

void Driver::remove(const Monitor &monitor) {
  auto in = encode_session(monitor.session_id);
  DWORD error = 0;
  try {
    error = device_.call(kRemove, in.data(), static_cast<DWORD>(in.size()), nullptr, 0);
  } catch (const Error &) {
    error = ERROR_DEV_NOT_EXIST;  // no device: nothing left to remove
  }
  if (error != 0 && error != ERROR_NOT_FOUND && !windows::ControlDevice::means_gone(error)) {
    {
      std::lock_guard lock(leaked_mutex_);
      leaked_.insert(monitor.session_id);
    }
    settings_.warn(failure("REMOVE", error) + " for session " + std::to_string(monitor.session_id) +
                   windows::kRemoveRetryNote);
  }
  if (monitor.reply.driver_pid != 0) pinger_.monitor_removed();
}

void Driver::update_mode(Monitor &monitor, const pfhost_mode &mode) {
  auto in = encode_update_modes(monitor.session_id, mode);
  if (DWORD error =
          device_.call(kUpdateModes, in.data(), static_cast<DWORD>(in.size()), nullptr, 0)) {
    throw Error(PFHOST_E_IO, failure("UPDATE_MODES", error));
  }
  monitor.mode = mode;
}

std::optional<std::string> Driver::why_dead(const Monitor &monitor) {
  HANDLE process = OpenProcess(SYNCHRONIZE, FALSE, monitor.reply.driver_pid);
  if (!process) {
    return "the pf-vdisplay driver process " + std::to_string(monitor.reply.driver_pid) +
           " is gone";
  }
  const bool exited = WaitForSingleObject(process, 0) == WAIT_OBJECT_0;
  CloseHandle(process);
  if (exited) return std::string("the pf-vdisplay driver process exited");
  return device_.why_unusable(monitor.device_generation, kPing);
}

}  // namespace pfhost::pf_vdisplay
