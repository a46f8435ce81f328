// Human names for the ABI's numbers (kinds, statuses, bit masks), shared by the worker protocol,
// the cache, the selection reasons and the --list-backends report so they all spell them alike.
#pragma once

#include <pfhost/abi.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pfhost::core::abi_names {

// "display" | "capture" | "encode" | "kind <n>".
std::string backend_kind(uint32_t kind);
// Inverse of backend_kind() for the three known kinds.
std::optional<uint32_t> parse_backend_kind(std::string_view name);

// Names of the bits set in a mask, e.g. target_kinds(0b110) = {"pipewire_node", "wayland_output"}.
std::vector<std::string> target_kinds(uint32_t mask);
std::vector<std::string> memory_kinds(uint32_t mask);
std::vector<std::string> pixel_formats(uint64_t mask);
std::vector<std::string> codecs(uint32_t mask);
// One pfhost_codec's name as options and host.toml spell it ("h264", "hevc", "av1"), or
// "codec <n>" for a value this host does not know.
std::string codec(uint32_t codec);

// "a, b, c" or "none".
std::string join(const std::vector<std::string> &names);

}  // namespace pfhost::core::abi_names
