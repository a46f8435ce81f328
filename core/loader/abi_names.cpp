#include "loader/abi_names.hpp"

#include <pfhost/plugin.h>

#include <array>

namespace pfhost::core::abi_names {
namespace {

// Bit i of a mask is named names[i]; bits beyond the table read "bit <i>" so a newer plugin's
// values still show up instead of vanishing.
template <size_t N>
std::vector<std::string> bits(uint64_t mask, const std::array<const char *, N> &names,
                              size_t first) {
  std::vector<std::string> out;
  for (size_t bit = 0; bit < 64; ++bit) {
    if ((mask & (uint64_t{1} << bit)) == 0) continue;
    if (bit >= first && bit - first < N && names[bit - first] != nullptr) {
      out.emplace_back(names[bit - first]);
    } else {
      out.push_back("bit " + std::to_string(bit));
    }
  }
  return out;
}

}  // namespace

std::string backend_kind(uint32_t kind) {
  switch (kind) {
    case PFHOST_BACKEND_DISPLAY:
      return "display";
    case PFHOST_BACKEND_CAPTURE:
      return "capture";
    case PFHOST_BACKEND_ENCODE:
      return "encode";
    default:
      return "kind " + std::to_string(kind);
  }
}

std::optional<uint32_t> parse_backend_kind(std::string_view name) {
  if (name == "display") return PFHOST_BACKEND_DISPLAY;
  if (name == "capture") return PFHOST_BACKEND_CAPTURE;
  if (name == "encode") return PFHOST_BACKEND_ENCODE;
  return std::nullopt;
}

std::vector<std::string> target_kinds(uint32_t mask) {
  static constexpr std::array<const char *, 4> kNames{"none", "pipewire_node", "wayland_output",
                                                      "windows_idd"};
  return bits(mask, kNames, 0);
}

std::vector<std::string> memory_kinds(uint32_t mask) {
  static constexpr std::array<const char *, 4> kNames{"cpu", "dmabuf", "d3d11", "cuda"};
  return bits(mask, kNames, 0);
}

std::vector<std::string> pixel_formats(uint64_t mask) {
  static constexpr std::array<const char *, 11> kNames{"unknown", "bgrx",    "rgbx",   "bgra",
                                                       "rgba",    "rgb",     "bgr",    "nv12",
                                                       "p010",    "x2rgb10", "rgba16f"};
  return bits(mask, kNames, 0);
}

namespace {
constexpr std::array<const char *, 4> kCodecNames{"none", "h264", "hevc", "av1"};
}  // namespace

std::vector<std::string> codecs(uint32_t mask) {
  return bits(mask, kCodecNames, 0);
}

std::string codec(uint32_t codec) {
  if (codec != 0 && codec < kCodecNames.size()) return kCodecNames[codec];
  return "codec " + std::to_string(codec);
}

std::string join(const std::vector<std::string> &names) {
  if (names.empty()) return "none";
  std::string out;
  for (const auto &name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

}  // namespace pfhost::core::abi_names
