#include "sudovda_driver.hpp"

#include <pfhost/plugin.hpp>

#include <chrono>
#include <cstring>

#include "pfhost/windows/device_interface.hpp"

namespace pfhost::sudovda {
namespace {

constexpr const char *kDriverName = "SudoVDA";

std::string failure(const char *what, DWORD error) {
  return std::string("SudoVDA ") + what + " failed: " + windows::win32_error_text(error);
}

std::vector<uint8_t> query(HANDLE handle, uint32_t function, size_t size, const char *what) {
  std::vector<uint8_t> reply(size);
  DWORD returned = 0;
  if (DWORD error = windows::device_ioctl(handle, windows::buffered_ioctl(function), nullptr, 0,
                                          reply.data(), static_cast<DWORD>(size), &returned)) {
    throw Error(PFHOST_E_UNAVAILABLE, failure(what, error));
  }
  reply.resize(returned);
  return reply;
}

// The version gate (major equal, minor at least ours) and the watchdog, for probe and open.
std::pair<Version, uint32_t> checked_driver(HANDLE handle) {
  auto version = decode_version(query(handle, kGetProtocolVersion, 4, "GET_PROTOCOL_VERSION"));
  if (!version) throw Error(PFHOST_E_UNAVAILABLE, "SudoVDA GET_PROTOCOL_VERSION answered short");
  if (version->major != kMajor || version->minor < kMinor) {
    throw Error(PFHOST_E_UNSUPPORTED,
                "SudoVDA driver protocol " + version->text() + " is not compatible: host needs " +
                    std::to_string(kMajor) + "." + std::to_string(kMinor) +
                    ".x or a newer minor (install a matching SudoVDA driver)");
  }
  auto watchdog = decode_watchdog_s(query(handle, kGetWatchdog, 8, "GET_WATCHDOG"));
  if (!watchdog) throw Error(PFHOST_E_UNAVAILABLE, "SudoVDA GET_WATCHDOG answered short");
  return {*version, *watchdog};
}

}  // namespace

std::string probe_driver() {
  auto opened = windows::open_first_device(kInterfaceGuid, kDriverName);
  if (opened.handle == INVALID_HANDLE_VALUE) throw Error(PFHOST_E_UNAVAILABLE, opened.error);
  try {
    auto [version, watchdog] = checked_driver(opened.handle);
    CloseHandle(opened.handle);
    return "SudoVDA driver protocol " + version.text() + ", watchdog " + std::to_string(watchdog) +
           " s";
  } catch (...) {
    CloseHandle(opened.handle);
    throw;
  }
}

std::string Driver::monitor_identity(const Monitor &monitor) {
  GUID guid;
  static_assert(sizeof guid == std::tuple_size_v<MonitorGuid>);
  std::memcpy(&guid, monitor.guid.data(), sizeof guid);
  return windows::guid_text(guid);
}

Driver::Driver(windows::IddSettings settings)
    : settings_(std::move(settings)),
      device_(kInterfaceGuid, kDriverName, [this](HANDLE handle, bool) { on_open(handle); }),
      pinger_([this] { device_.call(kPing, nullptr, 0, nullptr, 0); }) {}

Driver::~Driver() = default;

void Driver::on_open(HANDLE handle) {
  watchdog_s_ = checked_driver(handle).second;
  if (settings_.render_adapter) {
    const uint32_t luid[2] = {settings_.render_adapter->low,
                              static_cast<uint32_t>(settings_.render_adapter->high)};
    if (DWORD error = windows::device_ioctl(handle, windows::buffered_ioctl(kSetRenderAdapter),
                                            luid, sizeof luid, nullptr, 0, nullptr)) {
      throw Error(PFHOST_E_UNAVAILABLE, failure("SET_RENDER_ADAPTER", error) +
                                            " (check [plugins.sudovda] render_adapter)");
    }
  }
}

DWORD Driver::try_add(const std::vector<uint8_t> &request, Monitor &monitor) {
  std::vector<uint8_t> reply(kAddReplySize);
  DWORD returned = 0;
  DWORD error = device_.call(kAdd, request.data(), static_cast<DWORD>(request.size()), reply.data(),
                             kAddReplySize, &returned);
  if (error != 0) return error;
  reply.resize(returned);
  auto decoded = decode_add(reply);
  if (!decoded) {
    remove(monitor);  // the driver made it; a reply we cannot read must not leak it
    throw Error(PFHOST_E_IO, "SudoVDA ADD answered " + std::to_string(returned) +
                                 " bytes, expected 12; the monitor was removed again");
  }
  monitor.reply = *decoded;
  monitor.device_generation = device_.generation();
  return 0;
}

void Driver::reap_leaked() {
  std::set<MonitorGuid> leaked;
  {
    std::lock_guard lock(leaked_mutex_);
    leaked.swap(leaked_);
  }
  for (const auto &guid : leaked) remove(Monitor{guid, {}, {}, 0});
}

Monitor Driver::add(const pfhost_mode &mode, const std::string &client_id) {
  {
    std::lock_guard lock(guard_mutex_);  // before the first open: never share the driver
    if (!guard_) guard_ = std::make_unique<windows::InstanceGuard>("sudovda");
  }
  // A REMOVE that failed earlier gets its retry first: SudoVDA answers an ADD of a GUID it still
  // has with that old monitor, and the slots are few.
  reap_leaked();
  Monitor monitor;
  monitor.mode = mode;
  monitor.guid = claim_guid(client_id);
  try {
    add_claimed(monitor);
  } catch (...) {
    release_guid(monitor.guid);
    throw;
  }
  const uint32_t watchdog = watchdog_s_.load();
  pinger_.monitor_added(std::chrono::milliseconds(watchdog > 0 ? watchdog * 1000 / 3 : 1000));
  return monitor;
}

MonitorGuid Driver::claim_guid(const std::string &client_id) {
  std::lock_guard lock(leaked_mutex_);
  MonitorGuid guid = monitor_guid(client_id);
  // The client already has a monitor here (a kept one at another mode): SudoVDA would answer
  // with that one, so this one gets a GUID of its own.
  if (guids_in_use_.count(guid) != 0) guid = monitor_guid("");
  guids_in_use_.insert(guid);
  return guid;
}

void Driver::release_guid(const MonitorGuid &guid) {
  std::lock_guard lock(leaked_mutex_);
  guids_in_use_.erase(guid);
}

void Driver::add_claimed(Monitor &monitor) {
  const auto request = encode_add(monitor.mode, monitor.guid);
  DWORD error = try_add(request, monitor);
  if (error == ERROR_TOO_MANY_NAMES) {  // all ten slots taken: reap what we leaked, once more
    reap_leaked();
    error = try_add(request, monitor);
  }
  if (error == ERROR_TOO_MANY_NAMES) {
    throw Error(PFHOST_E_BUSY,
                "SudoVDA has no free monitor slot (10 in use); release a kept "
                "display or stop what holds them");
  }
  if (error != 0) {
    throw Error(windows::ControlDevice::means_gone(error) ? PFHOST_E_UNAVAILABLE : PFHOST_E_IO,
                failure("ADD", error));
  }
}

void Driver::remove(const Monitor &monitor) {
  DWORD error = 0;
  try {
    error = device_.call(kRemove, monitor.guid.data(), 16, nullptr, 0);
  } catch (const Error &) {
    error = ERROR_DEV_NOT_EXIST;  // no device: nothing left to remove
  }
  if (error != 0 && error != ERROR_NOT_FOUND && !windows::ControlDevice::means_gone(error)) {
    {
      std::lock_guard lock(leaked_mutex_);
      leaked_.insert(monitor.guid);
    }
    settings_.warn(failure("REMOVE", error) + " for monitor " + monitor_identity(monitor) +
                   windows::kRemoveRetryNote);
  } else {
    release_guid(monitor.guid);  // the driver has no such monitor any more
  }
  if (monitor.device_generation != 0) pinger_.monitor_removed();
}

std::optional<std::string> Driver::why_dead(const Monitor &monitor) {
  return device_.why_unusable(monitor.device_generation, kPing);
}

}  // namespace pfhost::sudovda
