#include "loader/descriptor_validation.hpp"

#include <pfhost/plugin.hpp>

#include <cstddef>
#include <cstring>
#include <map>

namespace pfhost::core {
namespace {

// The 1.0 layout of each struct ends with its last 1.0 field. Written this way (not sizeof) so
// the minimum stays the 1.0 size when later minors grow the structs.
constexpr uint32_t kDescriptorSize10 = static_cast<uint32_t>(
    offsetof(pfhost_plugin_descriptor, backends) + sizeof(pfhost_plugin_descriptor::backends));
constexpr uint32_t kBackendSize10 =
    static_cast<uint32_t>(offsetof(pfhost_backend, encode) + sizeof(pfhost_backend::encode));
constexpr uint32_t kDisplaySize10 = static_cast<uint32_t>(
    offsetof(pfhost_display_vtable, reconfigure) + sizeof(pfhost_display_vtable::reconfigure));
constexpr uint32_t kCaptureSize10 = static_cast<uint32_t>(offsetof(pfhost_capture_vtable, close) +
                                                          sizeof(pfhost_capture_vtable::close));
constexpr uint32_t kEncodeSize10 = static_cast<uint32_t>(offsetof(pfhost_encode_vtable, close) +
                                                         sizeof(pfhost_encode_vtable::close));
// struct_size, abi_major, abi_minor: what must be readable to even talk about versions.
constexpr uint32_t kVersionPrefix = 3 * sizeof(uint32_t);
constexpr size_t kMaxStringBytes = 4096;
constexpr uint32_t kMaxBackends = 1024;

// A size check's complaint, or empty.
std::string size_problem(const char *what, uint32_t size, uint32_t min) {
  if (size >= min && size <= kMaxStructSize) return {};
  return std::string(what) + " lies about its size (struct_size " + std::to_string(size) +
         "; the ABI 1.0 layout needs " + std::to_string(min) + ", at most " +
         std::to_string(kMaxStructSize) + " is believed)";
}

// Reads a plugin string: NULL reads as empty; a string without a NUL in the first 4 KiB is refused.
bool read_string(const char *text, std::string &out) {
  if (text == nullptr) {
    out.clear();
    return true;
  }
  const size_t n = strnlen(text, kMaxStringBytes);
  if (n == kMaxStringBytes) return false;
  out.assign(text, n);
  return true;
}

std::string in_quotes(std::string_view name) {
  return "'" + std::string(name) + "'";
}

// Fills the kind-specific part of `out`; returns a problem or empty.
std::string check_tables(const pfhost_backend &b, ValidatedBackend &out) {
  const std::string kind = b.kind == PFHOST_BACKEND_DISPLAY   ? "display"
                           : b.kind == PFHOST_BACKEND_CAPTURE ? "capture"
                                                              : "encode";
  const int tables = (b.display != nullptr) + (b.capture != nullptr) + (b.encode != nullptr);
  if (tables != 1) {
    return "a " + kind + " backend must set exactly its " + kind + " table (it sets " +
           std::to_string(tables) + " tables)";
  }
  auto missing = [&](const char *fn) { return kind + " table lacks " + fn + "()"; };
  switch (b.kind) {
    case PFHOST_BACKEND_DISPLAY: {
      if (b.display == nullptr) return "display backend without a display table";
      if (auto p = size_problem("display table", b.display->struct_size, kDisplaySize10);
          !p.empty())
        return p;
      out.display = read_struct(b.display);
      if (out.display.create == nullptr) return missing("create");
      if (out.display.destroy == nullptr) return missing("destroy");
      out.info.target_kinds = out.display.target_kinds;
      return {};
    }
    case PFHOST_BACKEND_CAPTURE: {
      if (b.capture == nullptr) return "capture backend without a capture table";
      if (auto p = size_problem("capture table", b.capture->struct_size, kCaptureSize10);
          !p.empty())
        return p;
      out.capture = read_struct(b.capture);
      if (out.capture.open == nullptr) return missing("open");
      if (out.capture.next_frame == nullptr) return missing("next_frame");
      if (out.capture.close == nullptr) return missing("close");
      out.info.target_kinds = out.capture.target_kinds;
      out.info.memory_kinds = out.capture.memory_kinds;
      out.info.pixel_formats = out.capture.pixel_formats;
      return {};
    }
    default: {
      if (b.encode == nullptr) return "encode backend without an encode table";
      if (auto p = size_problem("encode table", b.encode->struct_size, kEncodeSize10); !p.empty())
        return p;
      out.encode = read_struct(b.encode);
      if (out.encode.query_caps == nullptr) return missing("query_caps");
      if (out.encode.open == nullptr) return missing("open");
      if (out.encode.submit == nullptr) return missing("submit");
      if (out.encode.receive == nullptr) return missing("receive");
      if (out.encode.close == nullptr) return missing("close");
      return {};
    }
  }
}

ValidatedBackend check_backend(const pfhost_backend *raw, uint32_t index) {
  ValidatedBackend out;
  out.info.name = "#" + std::to_string(index);  // until a real name is known
  if (raw == nullptr) {
    out.info.problem = "backend #" + std::to_string(index) + " is NULL";
    return out;
  }
  if (auto p = size_problem("backend struct", raw->struct_size, kBackendSize10); !p.empty()) {
    out.info.problem = "backend #" + std::to_string(index) + ": " + p;
    return out;
  }
  out.backend = read_struct(raw);
  const pfhost_backend &b = out.backend;
  out.info.kind = b.kind;
  out.info.rank = b.rank;
  std::string name;
  if (!read_string(b.name, name) || !is_valid_name(name)) {
    out.info.problem = "backend #" + std::to_string(index) + " has an invalid name" +
                       (name.empty() ? std::string() : " " + in_quotes(name)) +
                       " (1-64 characters of a-z 0-9 _ -)";
    return out;
  }
  out.info.name = name;
  if (!read_string(b.description, out.info.description)) {
    out.info.problem = "description is not a NUL-terminated string under 4 KiB";
    return out;
  }
  if (b.kind != PFHOST_BACKEND_DISPLAY && b.kind != PFHOST_BACKEND_CAPTURE &&
      b.kind != PFHOST_BACKEND_ENCODE) {
    out.info.problem = "unknown backend kind " + std::to_string(b.kind) + " (needs a newer host)";
    return out;
  }
  if (b.probe == nullptr) {
    out.info.problem = "backend has no probe()";
    return out;
  }
  out.info.problem = check_tables(b, out);
  return out;
}

}  // namespace

bool is_valid_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

DescriptorCheck validate_descriptor(const pfhost_plugin_descriptor *raw) {
  DescriptorCheck check;
  const std::string host_abi =
      std::to_string(PFHOST_ABI_MAJOR) + "." + std::to_string(PFHOST_ABI_MINOR);
  if (raw == nullptr) {
    check.error =
        "pfhost_plugin_entry returned NULL (the plugin cannot serve host ABI " + host_abi + ")";
    return check;
  }
  // The version fields sit at the same place in every major, so a plugin for another major is
  // named as such even if the rest of its layout differs.
  if (raw->struct_size >= kVersionPrefix && raw->abi_major != PFHOST_ABI_MAJOR) {
    check.error = "built for ABI " + std::to_string(raw->abi_major) + ".x, host speaks " +
                  std::to_string(PFHOST_ABI_MAJOR) + ".x";
    return check;
  }
  if (auto p = size_problem("descriptor", raw->struct_size, kDescriptorSize10); !p.empty()) {
    check.error = p;
    return check;
  }
  const pfhost_plugin_descriptor d = read_struct(raw);
  ValidatedDescriptor out;
  out.descriptor = d;
  out.info.abi_major = d.abi_major;
  out.info.abi_minor = d.abi_minor;
  std::string name;
  if (!read_string(d.name, name) || !is_valid_name(name)) {
    check.error = "invalid plugin name" + (name.empty() ? std::string() : " " + in_quotes(name)) +
                  " (1-64 characters of a-z 0-9 _ -)";
    return check;
  }
  out.info.name = name;
  if (!read_string(d.version, out.info.version) || !read_string(d.vendor, out.info.vendor) ||
      !read_string(d.description, out.info.description)) {
    check.error = "descriptor strings are not NUL-terminated under 4 KiB";
    return check;
  }
  if (d.backend_count > kMaxBackends) {
    check.error = "descriptor claims " + std::to_string(d.backend_count) + " backends (at most " +
                  std::to_string(kMaxBackends) + " are believed)";
    return check;
  }
  if (d.backend_count > 0 && d.backends == nullptr) {
    check.error = "descriptor has backend_count " + std::to_string(d.backend_count) +
                  " but no backends array";
    return check;
  }

  std::map<std::string, uint32_t> first_index;  // name -> first backend with it
  for (uint32_t i = 0; i < d.backend_count; ++i) {
    ValidatedBackend backend = check_backend(d.backends[i], i);
    if (backend.info.problem.empty()) {
      auto [it, inserted] = first_index.emplace(backend.info.name, i);
      if (!inserted) {
        backend.info.problem = "duplicate backend name " + in_quotes(backend.info.name) +
                               ": already backend #" + std::to_string(it->second) +
                               " of this plugin; skipped";
      }
    }
    out.info.backends.push_back(backend.info);
    out.backends.push_back(std::move(backend));
  }
  check.descriptor = std::move(out);
  return check;
}

DescriptorCheck call_entry(pfhost_plugin_entry_fn entry) {
  if (entry == nullptr) {
    DescriptorCheck check;
    check.error = "no entry symbol (pfhost_plugin_entry is not exported; not a pfhost plugin?)";
    return check;
  }
  return validate_descriptor(entry(PFHOST_ABI_MAJOR, PFHOST_ABI_MINOR));
}

}  // namespace pfhost::core
