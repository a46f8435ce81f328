// pfhost plugin ABI — header-only C++ helper for plugin authors (C++17 or newer).
//
// The ABI is pure C; this header makes writing a plugin in C++ safe and short:
//  - pfhost::guarded() runs a body and turns every C++ exception into a status code and a reason,
//    so no exception ever crosses the C boundary (which would be undefined behaviour);
//  - pfhost::Error carries a specific status ("unavailable", "timeout"...) with its message;
//  - pfhost::Host wraps the host services (logging, the plugin's config table, the clock);
//  - pfhost::make_struct<T>() gives a zero-filled ABI struct with struct_size set;
//  - pfhost::read_struct<T>() copies a struct from the other side the size-safe way;
//  - pfhost::pipewire_node_target() fills the target of a display streamed as a PipeWire node;
//  - pfhost::status_name() names a status code for messages.
// Nothing here is exported from the plugin: everything is inline.
#ifndef PFHOST_PLUGIN_HPP
#define PFHOST_PLUGIN_HPP

#include <pfhost/plugin.h>

#include <cstddef>
#include <cstring>
#include <exception>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace pfhost {

// An error with a specific ABI status. Throw it from inside guarded().
class Error : public std::runtime_error {
 public:
  Error(pfhost_status status, const std::string &message)
      : std::runtime_error(message), status_(status) {}
  pfhost_status status() const noexcept { return status_; }

 private:
  pfhost_status status_;
};

// [any thread] Throws Error(PFHOST_E_INVALID_ARGUMENT) unless the mode's width and height are
// 1..max_side, e.g. "create: width and height must be 1..16384, got 0x720". A display backend
// calls it before asking its compositor for an output.
inline void require_mode_size(const pfhost_mode &mode, std::string_view what,
                              uint32_t max_side = 16384) {
  if (mode.width == 0 || mode.height == 0 || mode.width > max_side || mode.height > max_side)
    throw Error(PFHOST_E_INVALID_ARGUMENT,
                std::string(what) + ": width and height must be 1.." + std::to_string(max_side) +
                    ", got " + std::to_string(mode.width) + "x" + std::to_string(mode.height));
}

// Writes `text` into the host-owned reason buffer, truncating; a NULL reason is ignored.
inline void set_reason(pfhost_reason *reason, std::string_view text) noexcept {
  if (reason == nullptr || reason->text == nullptr || reason->capacity == 0) return;
  const size_t n = text.size() < reason->capacity - 1 ? text.size() : reason->capacity - 1;
  std::memcpy(reason->text, text.data(), n);
  reason->text[n] = '\0';
}

// Runs `body` (returning pfhost_status or void) and maps exceptions to statuses at the boundary.
template <class Body>
pfhost_status guarded(pfhost_reason *reason, Body &&body) noexcept {
  try {
    if constexpr (std::is_void_v<decltype(body())>) {
      body();
      return PFHOST_OK;
    } else {
      return body();
    }
  } catch (const Error &e) {
    set_reason(reason, e.what());
    return e.status();
  } catch (const std::bad_alloc &) {
    set_reason(reason, "out of memory");
    return PFHOST_E_NO_MEMORY;
  } catch (const std::exception &e) {
    set_reason(reason, e.what());
    return PFHOST_E_INTERNAL;
  } catch (...) {
    set_reason(reason, "unknown C++ exception in plugin");
    return PFHOST_E_INTERNAL;
  }
}

// A status code's name for messages ("unavailable", "timeout"). An unknown code reads as an
// internal error, as the ABI asks of codes a side does not know.
inline const char *status_name(pfhost_status status) noexcept {
  switch (status) {
    case PFHOST_OK:
      return "ok";
    case PFHOST_E_UNSUPPORTED:
      return "unsupported";
    case PFHOST_E_UNAVAILABLE:
      return "unavailable";
    case PFHOST_E_TIMEOUT:
      return "timeout";
    case PFHOST_E_INVALID_ARGUMENT:
      return "invalid argument";
    case PFHOST_E_BUSY:
      return "busy";
    case PFHOST_E_IO:
      return "i/o error";
    case PFHOST_E_INTERNAL:
      return "internal error";
    case PFHOST_E_NO_MEMORY:
      return "out of memory";
    case PFHOST_E_CLOSED:
      return "closed";
    case PFHOST_E_AGAIN:
      return "try again";
    case PFHOST_E_NOT_FOUND:
      return "not found";
    default:
      return "internal error (unknown status)";
  }
}

// Zero-filled ABI struct with struct_size set, for structs this side fills or hands over.
template <class T>
T make_struct() noexcept {
  T value;
  std::memset(&value, 0, sizeof value);
  value.struct_size = static_cast<uint32_t>(sizeof(T));
  return value;
}

// Copies a struct that came from the other side: only the bytes both sides know, the rest zero.
// Returns a zero struct for NULL or a struct_size too small to hold struct_size itself.
template <class T>
T read_struct(const T *from) noexcept {
  T value;
  std::memset(&value, 0, sizeof value);
  if (from == nullptr || from->struct_size < sizeof(uint32_t)) return value;
  const size_t n = from->struct_size < sizeof(T) ? from->struct_size : sizeof(T);
  std::memcpy(&value, from, n);
  value.struct_size = static_cast<uint32_t>(sizeof(T));
  return value;
}

// The target of a display that streams as a PipeWire node, for its target(): node `node_id` on
// the user's default daemon (remote_fd < 0), or on the daemon behind remote_fd (a ScreenCast
// portal's remote), which stays the display's (capturers dup() it). `mode` is the mode the
// display really has.
inline pfhost_target pipewire_node_target(const pfhost_mode &mode, uint32_t node_id,
                                          int32_t remote_fd = -1) noexcept {
  auto target = make_struct<pfhost_target>();
  target.kind = PFHOST_TARGET_PIPEWIRE_NODE;
  target.mode = mode;
  target.u.pipewire.node_id = node_id;
  target.u.pipewire.remote_fd = remote_fd;
  return target;
}

// True when an optional member (function pointer) of a table lies inside the table's struct_size.
#define PFHOST_HAS_MEMBER(table_ptr, member)                                                 \
  ((table_ptr) != nullptr &&                                                                 \
   (table_ptr)->struct_size >=                                                               \
       offsetof(std::remove_cv_t<std::remove_reference_t<decltype(*(table_ptr))>>, member) + \
           sizeof((table_ptr)->member) &&                                                    \
   (table_ptr)->member != nullptr)

// The host services, wrapped. Cheap to copy; valid for the life of the process.
class Host {
 public:
  Host() = default;
  explicit Host(const pfhost_host_api *api) : api_(read_struct(api)) {}

  void log(pfhost_log_level level, std::string_view message) const noexcept {
    if (api_.log == nullptr) return;
    try {
      api_.log(api_.host_ctx, level, std::string(message).c_str());
    } catch (...) {  // a failed allocation must not escape a logging call
    }
  }
  void debug(std::string_view m) const noexcept { log(PFHOST_LOG_DEBUG, m); }
  void info(std::string_view m) const noexcept { log(PFHOST_LOG_INFO, m); }
  void warn(std::string_view m) const noexcept { log(PFHOST_LOG_WARN, m); }
  void error(std::string_view m) const noexcept { log(PFHOST_LOG_ERROR, m); }

  // Config lookups: std::nullopt when the key is absent; pfhost::Error(INVALID_ARGUMENT) naming
  // the key when it has another type.
  std::optional<std::string> config_string(const char *key) const {
    const char *out = nullptr;
    if (!check(api_.config_get_string ? api_.config_get_string(api_.host_ctx, key, &out)
                                      : PFHOST_E_NOT_FOUND,
               key, "a string"))
      return std::nullopt;
    return std::string(out ? out : "");
  }
  std::optional<int64_t> config_int(const char *key) const {
    int64_t out = 0;
    if (!check(api_.config_get_int ? api_.config_get_int(api_.host_ctx, key, &out)
                                   : PFHOST_E_NOT_FOUND,
               key, "an integer"))
      return std::nullopt;
    return out;
  }
  std::optional<double> config_double(const char *key) const {
    double out = 0;
    if (!check(api_.config_get_double ? api_.config_get_double(api_.host_ctx, key, &out)
                                      : PFHOST_E_NOT_FOUND,
               key, "a number"))
      return std::nullopt;
    return out;
  }
  std::optional<bool> config_bool(const char *key) const {
    int32_t out = 0;
    if (!check(api_.config_get_bool ? api_.config_get_bool(api_.host_ctx, key, &out)
                                    : PFHOST_E_NOT_FOUND,
               key, "a boolean"))
      return std::nullopt;
    return out != 0;
  }

  uint64_t now_ns() const noexcept { return api_.now_ns ? api_.now_ns(api_.host_ctx) : 0; }
  const pfhost_host_api &api() const noexcept { return api_; }

 private:
  static bool check(pfhost_status status, const char *key, const char *expected) {
    if (status == PFHOST_OK) return true;
    if (status == PFHOST_E_NOT_FOUND) return false;
    throw Error(PFHOST_E_INVALID_ARGUMENT,
                std::string("config key '") + key + "' must be " + expected);
  }
  pfhost_host_api api_{};
};

}  // namespace pfhost

// Defines the plugin's one exported symbol returning `descriptor` (a pfhost_plugin_descriptor
// with static storage). Use once per plugin, at namespace scope.
#define PFHOST_DEFINE_PLUGIN_ENTRY(descriptor)                                  \
  extern "C" PFHOST_EXPORT const pfhost_plugin_descriptor *pfhost_plugin_entry( \
      uint32_t host_abi_major, uint32_t host_abi_minor) {                       \
    (void)host_abi_minor;                                                       \
    return host_abi_major == PFHOST_ABI_MAJOR ? &(descriptor) : nullptr;        \
  }

#endif  // PFHOST_PLUGIN_HPP
