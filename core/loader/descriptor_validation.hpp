// Checks what a plugin's entry point returned before the host trusts any of it: ABI major, struct
// sizes (too small for the 1.0 layout, or absurd), names, tables and their required functions,
// duplicate backend names inside the plugin. Everything the host keeps is a host-sized copy made
// with read_struct(), so a newer-minor plugin with bigger structs loads and an older one reads its
// missing tail as zero.
#pragma once

#include <pfhost/plugin.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loader/plugin_records.hpp"

namespace pfhost::core {

// Largest struct_size the host believes; anything bigger is a lie (or garbage memory).
inline constexpr uint32_t kMaxStructSize = 64 * 1024;

struct ValidatedBackend {
  BackendInfo info;  // info.problem non-empty: skipped, never probed or handed out
  pfhost_backend backend{};
  // Host-sized copies; only the one matching info.kind is filled.
  pfhost_display_vtable display{};
  pfhost_capture_vtable capture{};
  pfhost_encode_vtable encode{};
};

struct ValidatedDescriptor {
  DescriptorInfo info;
  pfhost_plugin_descriptor descriptor{};  // host-sized copy (init, counts)
  std::vector<ValidatedBackend> backends;
};

struct DescriptorCheck {
  std::optional<ValidatedDescriptor> descriptor;
  std::string error;  // set when the whole plugin is rejected
};

// [a-z0-9_-]{1,64}: plugin names double as [plugins.<name>] keys, backend names as config values.
bool is_valid_name(std::string_view name);

// Validates a descriptor pointer (NULL allowed: that is "entry returned NULL").
DescriptorCheck validate_descriptor(const pfhost_plugin_descriptor *raw);

// Calls the entry with this host's ABI version and validates what it returns.
DescriptorCheck call_entry(pfhost_plugin_entry_fn entry);

}  // namespace pfhost::core
