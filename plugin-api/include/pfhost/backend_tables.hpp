// pfhost plugin ABI — header-only C++ helper that builds a plugin's C tables from C++ types
// (C++17 or newer).
//
// A plugin written against plugin.hpp alone hand-writes the same C trampolines for every backend:
// null checks, read_struct() of the request, the size-safe copy of the target, the cast of the
// C++ object to the opaque ABI handle, guarded() around each call, delete in destroy/close. This
// header writes them once:
//
//   pfhost::display_table<Display>(target_kinds)              a pfhost_display_vtable
//   pfhost::capture_table<Capture>(targets, memory, formats)  a pfhost_capture_vtable
//   pfhost::encode_table<Encoder>()                            a pfhost_encode_vtable
//   pfhost::display_backend / capture_backend / encode_backend  a pfhost_backend
//   pfhost::plugin_descriptor(name, ..., init, deinit, backends)  the pfhost_plugin_descriptor
//   pfhost::delete_context<T>                                  a deinit that deletes init's T
//   pfhost::guarded_why(reason, check)                         guarded() for "status + why" calls
//   pfhost::write_struct(to, from)                             the size-safe write into a host
//   struct
//
// Every trampoline is noexcept and runs the C++ code inside guarded(), so an exception becomes a
// status and a reason. The C++ object behind a handle is owned by the host between create/open
// and destroy/close, and deleted exactly once by destroy/close. An optional method is set in a
// table only when the type provides it, so the host sees NULL rather than a stub. Nothing here is
// exported from the plugin: everything is inline or a template.
#ifndef PFHOST_BACKEND_TABLES_HPP
#define PFHOST_BACKEND_TABLES_HPP

#include <pfhost/plugin.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

namespace pfhost {

// Writes `from` into a struct the other side allocated and sized (a pfhost_target the host
// zero-filled, caps, a packet): only the bytes both `to->struct_size` and sizeof(T) cover, and
// `to->struct_size` stays what the other side set, so an older host's smaller struct is never
// written past and a newer host's extra fields keep their zeroes. NULL `to` is ignored.
template <class T>
void write_struct(T *to, const T &from) noexcept {
  if (to == nullptr) return;
  const size_t offset = sizeof(uint32_t);  // struct_size itself
  const size_t size = to->struct_size < sizeof(T) ? to->struct_size : sizeof(T);
  if (size > offset)
    std::memcpy(reinterpret_cast<char *>(to) + offset,
                reinterpret_cast<const char *>(&from) + offset, size - offset);
}

// guarded() for a call that answers with a status and says why in a string:
// `check(std::string *why) -> pfhost_status`. When it returns anything but PFHOST_OK, `why`
// becomes the reason; exceptions map as in guarded(). Typical in probe:
//   return pfhost::guarded_why(reason, [](std::string *why) { return probe_daemon(why); });
template <class Check>
pfhost_status guarded_why(pfhost_reason *reason, Check &&check) noexcept {
  return guarded(reason, [&]() -> pfhost_status {
    std::string why;
    const pfhost_status status = check(&why);
    if (status != PFHOST_OK) set_reason(reason, why);
    return status;
  });
}

namespace detail {

template <class T, class = void>
struct has_why_dead : std::false_type {};
template <class T>
struct has_why_dead<T, std::void_t<decltype(std::declval<T &>().why_dead())>> : std::true_type {};

template <class T, class = void>
struct has_try_latest : std::false_type {};
template <class T>
struct has_try_latest<
    T, std::void_t<decltype(std::declval<T &>().try_latest(std::declval<pfhost_frame **>()))>>
    : std::true_type {};

template <class T, class = void>
struct has_set_active : std::false_type {};
template <class T>
struct has_set_active<T, std::void_t<decltype(std::declval<T &>().set_active(true))>>
    : std::true_type {};

template <class T, class = void>
struct has_set_bitrate : std::false_type {};
template <class T>
struct has_set_bitrate<
    T, std::void_t<decltype(std::declval<T &>().set_bitrate(std::declval<uint32_t>()))>>
    : std::true_type {};

template <class T, class = void>
struct has_flush : std::false_type {};
template <class T>
struct has_flush<T, std::void_t<decltype(std::declval<T &>().flush())>> : std::true_type {};

template <class T, class = void>
struct has_request_keyframe : std::false_type {};
template <class T>
struct has_request_keyframe<T, std::void_t<decltype(std::declval<T &>().request_keyframe())>>
    : std::true_type {};

template <class Display>
struct DisplayTrampolines {
  static Display *from(pfhost_display *display) noexcept {
    return reinterpret_cast<Display *>(display);
  }

  static pfhost_status create(void *plugin_ctx, const pfhost_display_request *request,
                              pfhost_display **out_display, pfhost_target *target,
                              pfhost_reason *reason) noexcept {
    return guarded(reason, [&] {
      if (request == nullptr || out_display == nullptr || target == nullptr)
        throw Error(PFHOST_E_INVALID_ARGUMENT,
                    "create: request, out_display and target are required");
      std::unique_ptr<Display> display = Display::create(plugin_ctx, read_struct(request));
      if (!display) throw Error(PFHOST_E_INTERNAL, "create: the plugin returned no display");
      const pfhost_target made = display->target();
      write_struct(target, made);
      *out_display = reinterpret_cast<pfhost_display *>(display.release());
    });
  }

  static void destroy(pfhost_display *display) noexcept {
    guarded(nullptr, [&] { delete from(display); });
  }

  static pfhost_status is_alive(pfhost_display *display, pfhost_reason *reason) noexcept {
    return guarded(reason, [&] {
      if (display == nullptr) throw Error(PFHOST_E_INVALID_ARGUMENT, "is_alive: no display");
      const std::optional<std::string> why = from(display)->why_dead();
      if (!why) return PFHOST_OK;
      set_reason(reason, *why);
      return PFHOST_E_CLOSED;
    });
  }
};

template <class Capture>
struct CaptureTrampolines {
  static Capture *from(pfhost_capture *capture) noexcept {
    return reinterpret_cast<Capture *>(capture);
  }

  static pfhost_status open(void *plugin_ctx, const pfhost_capture_params *params_in,
                            pfhost_capture **out_capture, pfhost_reason *reason) noexcept {
    return guarded(reason, [&] {
      if (params_in == nullptr || out_capture == nullptr)
        throw Error(PFHOST_E_INVALID_ARGUMENT, "open: params and out_capture are required");
      const pfhost_capture_params params = read_struct(params_in);
      const pfhost_target target = read_struct(params.target);
      std::unique_ptr<Capture> capture = Capture::open(plugin_ctx, params, target);
      if (!capture) throw Error(PFHOST_E_INTERNAL, "open: the plugin returned no capture");
      *out_capture = reinterpret_cast<pfhost_capture *>(capture.release());
    });
  }

  static pfhost_status next_frame(pfhost_capture *capture, uint32_t timeout_ms,
                                  pfhost_frame **out_frame, pfhost_reason *reason) noexcept {
    if (capture == nullptr || out_frame == nullptr) {
      set_reason(reason, "next_frame: capture and out_frame needed");
      return PFHOST_E_INVALID_ARGUMENT;
    }
    return guarded_why(reason, [&](std::string *why) -> pfhost_status {
      return from(capture)->next_frame(timeout_ms, out_frame, why);
    });
  }

  static pfhost_status try_latest(pfhost_capture *capture, pfhost_frame **out_frame) noexcept {
    return guarded(nullptr, [&]() -> pfhost_status {
      if (capture == nullptr || out_frame == nullptr) return PFHOST_E_INVALID_ARGUMENT;
      return from(capture)->try_latest(out_frame);
    });
  }

  static pfhost_status set_active(pfhost_capture *capture, int32_t active) noexcept {
    return guarded(nullptr, [&]() -> pfhost_status {
      if (capture == nullptr) return PFHOST_E_INVALID_ARGUMENT;
      from(capture)->set_active(active != 0);
      return PFHOST_OK;
    });
  }

  static void close(pfhost_capture *capture) noexcept {
    guarded(nullptr, [&] { delete from(capture); });
  }
};

template <class Encoder>
struct EncodeTrampolines {
  static Encoder *from(pfhost_encoder *encoder) noexcept {
    return reinterpret_cast<Encoder *>(encoder);
  }

  static pfhost_status query_caps(void *plugin_ctx, pfhost_encoder_caps *caps,
                                  pfhost_reason *reason) noexcept {
    return guarded(reason, [&] {
      if (caps == nullptr) throw Error(PFHOST_E_INVALID_ARGUMENT, "query_caps: caps is required");
      const pfhost_encoder_caps made = Encoder::query_caps(plugin_ctx);
      write_struct(caps, made);
    });
  }

  static pfhost_status open(void *plugin_ctx, const pfhost_encoder_params *params,
                            pfhost_encoder **out_encoder, pfhost_reason *reason) noexcept {
    return guarded(reason, [&] {
      if (params == nullptr || out_encoder == nullptr)
        throw Error(PFHOST_E_INVALID_ARGUMENT, "open: params and out_encoder are required");
      std::unique_ptr<Encoder> encoder = Encoder::open(plugin_ctx, read_struct(params));
      if (!encoder) throw Error(PFHOST_E_INTERNAL, "open: the plugin returned no encoder");
      *out_encoder = reinterpret_cast<pfhost_encoder *>(encoder.release());
    });
  }

  static pfhost_status submit(pfhost_encoder *encoder, const pfhost_frame *frame, uint32_t flags,
                              pfhost_reason *reason) noexcept {
    return guarded(reason, [&] {
      if (encoder == nullptr || frame == nullptr)
        throw Error(PFHOST_E_INVALID_ARGUMENT, "submit: encoder and frame are required");
      return from(encoder)->submit(read_struct(frame), flags);
    });
  }

  static pfhost_status receive(pfhost_encoder *encoder, pfhost_packet *packet,
                               pfhost_reason *reason) noexcept {
    return guarded(reason, [&]() -> pfhost_status {
      if (encoder == nullptr || packet == nullptr)
        throw Error(PFHOST_E_INVALID_ARGUMENT, "receive: encoder and packet are required");
      // The plugin fills a zeroed packet of this SDK's size; the host's packet is written only on
      // success, and never past its struct_size.
      pfhost_packet made = make_struct<pfhost_packet>();
      const pfhost_status status = from(encoder)->receive(made);
      if (status == PFHOST_OK) write_struct(packet, made);
      return status;
    });
  }

  static pfhost_status set_bitrate(pfhost_encoder *encoder, uint32_t bitrate_kbps) noexcept {
    return guarded(nullptr, [&]() -> pfhost_status {
      if (encoder == nullptr) return PFHOST_E_INVALID_ARGUMENT;
      return from(encoder)->set_bitrate(bitrate_kbps);
    });
  }

  static pfhost_status flush(pfhost_encoder *encoder, pfhost_reason *reason) noexcept {
    return guarded(reason, [&] {
      if (encoder == nullptr) throw Error(PFHOST_E_INVALID_ARGUMENT, "flush: no encoder");
      return from(encoder)->flush();
    });
  }

  static void close(pfhost_encoder *encoder) noexcept {
    guarded(nullptr, [&] { delete from(encoder); });
  }
};

}  // namespace detail

// The display vtable of a C++ type. `Display` provides:
//
//   static std::unique_ptr<Display> create(void *plugin_ctx,
//                                          const pfhost_display_request &request);
//       [any thread, possibly concurrently with other creates/destroys] Makes the display; throw
//       pfhost::Error for a specific status. plugin_ctx is what init() stored (NULL when the host
//       never called init). The request is a size-safe copy; its pointers are borrowed for the
//       call only.
//   pfhost_target target() const;
//       Called once, right after create(), for the target descriptor. The helper copies it into
//       the host's struct, no further than the host's struct_size.
//   std::optional<std::string> why_dead();                                   (optional)
//       [any thread, never with the destructor, quick] std::nullopt while the display can be
//       captured; the reason otherwise (is_alive then answers PFHOST_E_CLOSED with it). Without
//       it, is_alive is NULL in the table.
//   ~Display();
//       [any thread, exactly once] = destroy: releases everything and returns only when it is
//       gone. Exceptions never escape it (a destructor is noexcept).
//
// Null arguments answer PFHOST_E_INVALID_ARGUMENT; reconfigure stays NULL.
template <class Display>
constexpr pfhost_display_vtable display_table(uint32_t target_kinds) noexcept {
  using T = detail::DisplayTrampolines<Display>;
  pfhost_display_vtable v{};
  v.struct_size = static_cast<uint32_t>(sizeof(pfhost_display_vtable));
  v.target_kinds = target_kinds;
  v.create = &T::create;
  v.destroy = &T::destroy;
  if constexpr (detail::has_why_dead<Display>::value) {
    static_assert(std::is_convertible_v<decltype(std::declval<Display &>().why_dead()),
                                        std::optional<std::string>>,
                  "why_dead() must return std::optional<std::string>");
    v.is_alive = &T::is_alive;
  }
  return v;
}

// The capture vtable of a C++ type. `Capture` provides:
//
//   static std::unique_ptr<Capture> open(void *plugin_ctx, const pfhost_capture_params &params,
//                                        const pfhost_target &target);
//       [any thread] Opens the capture. `params` and `target` (*params.target) are size-safe
//       copies; target is all zero (kind PFHOST_TARGET_NONE) when params.target is NULL. Check
//       target.kind yourself and throw pfhost::Error(PFHOST_E_INVALID_ARGUMENT, ...) for a kind
//       you do not open. The pointers in `params` are borrowed for the call only.
//   pfhost_status next_frame(uint32_t timeout_ms, pfhost_frame **out_frame, std::string *why);
//       [one session thread at a time] As in capture.h; when it returns anything but PFHOST_OK,
//       *why becomes the reason (throwing pfhost::Error works too).
//   pfhost_status try_latest(pfhost_frame **out_frame);                      (optional)
//   void set_active(bool active);                                           (optional)
//       [one session thread at a time] Without them, the table's pointers are NULL.
//   ~Capture();
//       [any thread, exactly once] = close: stops the capture and joins its threads.
template <class Capture>
constexpr pfhost_capture_vtable capture_table(uint32_t target_kinds, uint32_t memory_kinds,
                                              uint64_t pixel_formats) noexcept {
  using T = detail::CaptureTrampolines<Capture>;
  pfhost_capture_vtable v{};
  v.struct_size = static_cast<uint32_t>(sizeof(pfhost_capture_vtable));
  v.target_kinds = target_kinds;
  v.memory_kinds = memory_kinds;
  v.pixel_formats = pixel_formats;
  v.open = &T::open;
  v.next_frame = &T::next_frame;
  if constexpr (detail::has_try_latest<Capture>::value) v.try_latest = &T::try_latest;
  if constexpr (detail::has_set_active<Capture>::value) v.set_active = &T::set_active;
  v.close = &T::close;
  return v;
}

// The encode vtable of a C++ type. `Encoder` provides:
//
//   static pfhost_encoder_caps query_caps(void *plugin_ctx);
//       [any thread] What the encoder can do here (start from make_struct<pfhost_encoder_caps>()).
//       The helper copies it into the host's struct, no further than the host's struct_size.
//   static std::unique_ptr<Encoder> open(void *plugin_ctx, const pfhost_encoder_params &params);
//       [any thread] Opens the encoder; throw pfhost::Error for a specific status. `params` is a
//       size-safe copy; its strings (preset) are borrowed for the call only.
//   void submit(const pfhost_frame &frame, uint32_t flags);
//       [one session thread at a time] Encodes one frame (a size-safe copy of the header; the
//       pixels are borrowed for the call). PFHOST_SUBMIT_FORCE_KEYFRAME in `flags` is the only
//       way a keyframe is asked for: honour it on this very frame. Returning a pfhost_status
//       instead of void works too.
//   pfhost_status receive(pfhost_packet &packet);
//       [one session thread at a time] Fills a zeroed packet and answers PFHOST_OK, or
//       PFHOST_E_AGAIN when none is ready. Only on PFHOST_OK is the packet copied into the host's,
//       no further than its struct_size. packet.data stays valid until the next call.
//   pfhost_status set_bitrate(uint32_t bitrate_kbps);                      (optional)
//   void flush();                                                          (optional)
//       [one session thread at a time] Without them, the table's pointers are NULL. flush may
//       return a pfhost_status instead of void.
//   ~Encoder();
//       [any thread, exactly once] = close: frees the encoder.
//
// request_keyframe stays NULL: since ABI 1.1 the host never calls it (see encode.h), so a type
// that declares request_keyframe() is refused at compile time rather than silently ignored.
// Exceptions become a status and a reason; null arguments answer PFHOST_E_INVALID_ARGUMENT.
template <class Encoder>
constexpr pfhost_encode_vtable encode_table() noexcept {
  static_assert(!detail::has_request_keyframe<Encoder>::value,
                "request_keyframe() is never called: honour PFHOST_SUBMIT_FORCE_KEYFRAME in "
                "submit() instead");
  using T = detail::EncodeTrampolines<Encoder>;
  pfhost_encode_vtable v{};
  v.struct_size = static_cast<uint32_t>(sizeof(pfhost_encode_vtable));
  v.query_caps = &T::query_caps;
  v.open = &T::open;
  v.submit = &T::submit;
  v.receive = &T::receive;
  if constexpr (detail::has_set_bitrate<Encoder>::value) {
    static_assert(
        std::is_same_v<decltype(std::declval<Encoder &>().set_bitrate(uint32_t{})), pfhost_status>,
        "set_bitrate() must return pfhost_status");
    v.set_bitrate = &T::set_bitrate;
  }
  if constexpr (detail::has_flush<Encoder>::value) v.flush = &T::flush;
  v.close = &T::close;
  return v;
}

// The probe of a backend: see pfhost_backend.probe. NULL is allowed by the builders but the host
// skips a backend without one.
using probe_fn = pfhost_status (*)(void *plugin_ctx, pfhost_reason *reason);
// A plugin's init: see pfhost_plugin_descriptor.init (NULL when the plugin needs none).
using init_fn = pfhost_status (*)(const pfhost_host_api *host, void **plugin_ctx,
                                  pfhost_reason *reason);
// A plugin's deinit (ABI 1.1): see pfhost_plugin_descriptor.deinit (NULL when it needs none).
using deinit_fn = void (*)(void *plugin_ctx);

// The usual deinit: deletes the `Context` that init stored with `new` (or unique_ptr::release).
// Its destructor must not throw; if it does anyway, the exception stops here (deinit is void).
template <class Context>
void delete_context(void *plugin_ctx) noexcept {
  guarded(nullptr, [&] { delete static_cast<Context *>(plugin_ctx); });
}

namespace detail {
// A backend entry with exactly the table of its kind set (the kind follows from the table type).
template <class Table>
constexpr pfhost_backend backend(const char *name, const char *description, int32_t rank,
                                 probe_fn probe, const Table *table) noexcept {
  pfhost_backend b{};
  b.struct_size = static_cast<uint32_t>(sizeof(pfhost_backend));
  b.name = name;
  b.description = description;
  b.rank = rank;
  b.probe = probe;
  if constexpr (std::is_same_v<Table, pfhost_display_vtable>) {
    b.kind = PFHOST_BACKEND_DISPLAY;
    b.display = table;
  } else if constexpr (std::is_same_v<Table, pfhost_capture_vtable>) {
    b.kind = PFHOST_BACKEND_CAPTURE;
    b.capture = table;
  } else {
    static_assert(std::is_same_v<Table, pfhost_encode_vtable>, "not a backend table");
    b.kind = PFHOST_BACKEND_ENCODE;
    b.encode = table;
  }
  return b;
}
}  // namespace detail

// The backend entries: exactly the table of their kind is set. The strings and the table must
// have static storage (string literals, namespace-scope tables): the host keeps pointers to them
// for the life of the library. constexpr, so a constexpr table gives a constant backend.
constexpr pfhost_backend display_backend(const char *name, const char *description, int32_t rank,
                                         probe_fn probe,
                                         const pfhost_display_vtable *table) noexcept {
  return detail::backend(name, description, rank, probe, table);
}
constexpr pfhost_backend capture_backend(const char *name, const char *description, int32_t rank,
                                         probe_fn probe,
                                         const pfhost_capture_vtable *table) noexcept {
  return detail::backend(name, description, rank, probe, table);
}
constexpr pfhost_backend encode_backend(const char *name, const char *description, int32_t rank,
                                        probe_fn probe,
                                        const pfhost_encode_vtable *table) noexcept {
  return detail::backend(name, description, rank, probe, table);
}

// The plugin descriptor for this SDK's ABI version, listing `backends` (a namespace-scope array
// of pointers; its length is the backend count). `deinit` is init's pair: it gets the plugin_ctx
// init stored, once at host exit (pfhost::delete_context<T> deletes a T). Hand the result to
// PFHOST_DEFINE_PLUGIN_ENTRY.
template <size_t N>
constexpr pfhost_plugin_descriptor plugin_descriptor(
    const char *name, const char *version, const char *vendor, const char *description,
    init_fn init, deinit_fn deinit, const pfhost_backend *const (&backends)[N]) noexcept {
  pfhost_plugin_descriptor d{};
  d.struct_size = static_cast<uint32_t>(sizeof(pfhost_plugin_descriptor));
  d.abi_major = PFHOST_ABI_MAJOR;
  d.abi_minor = PFHOST_ABI_MINOR;
  d.name = name;
  d.version = version;
  d.vendor = vendor;
  d.description = description;
  d.init = init;
  d.backend_count = static_cast<uint32_t>(N);
  d.backends = backends;
  d.deinit = deinit;
  return d;
}

// The same without a deinit, for a plugin whose init allocates nothing.
template <size_t N>
constexpr pfhost_plugin_descriptor plugin_descriptor(
    const char *name, const char *version, const char *vendor, const char *description,
    init_fn init, const pfhost_backend *const (&backends)[N]) noexcept {
  return plugin_descriptor(name, version, vendor, description, init, nullptr, backends);
}

}  // namespace pfhost

#endif  // PFHOST_BACKEND_TABLES_HPP
