#include <chrono>
#include <string>

#include "config/duration.hpp"
#include "config/sections.hpp"

namespace pfhost::core::config {
namespace {

constexpr std::string_view kSharingModes[] = {"separate", "join"};
constexpr std::string_view kKeepAliveHint =
    "accepted: \"off\", \"forever\" or a duration such as \"500ms\", \"10s\", \"2m\", \"1h\"";

void read_keep_alive(const TableReader &table, KeepAlive &out) {
  const std::optional<std::string> text = table.string("keep_alive", kKeepAliveHint);
  if (!text) return;
  if (*text == "off") {
    out = KeepAlive{.kind = KeepAlive::Kind::off, .duration = {}};
    return;
  }
  if (*text == "forever") {
    out = KeepAlive{.kind = KeepAlive::Kind::forever, .duration = {}};
    return;
  }
  const ParsedDuration parsed = parse_duration(*text);
  if (!parsed.value) {
    table.report(*table.find("keep_alive"), table.key_path("keep_alive"), parsed.problem,
                 kKeepAliveHint);
    return;
  }
  // Lingering for no time at all is tearing down at once.
  if (parsed.value->count() == 0) {
    out = KeepAlive{.kind = KeepAlive::Kind::off, .duration = {}};
  } else {
    out = KeepAlive{.kind = KeepAlive::Kind::duration, .duration = *parsed.value};
  }
}

}  // namespace

void read_display_table(const TableReader &table, DisplayPolicy &policy) {
  table.reject_unknown_keys(kDisplayKeys);
  read_keep_alive(table, policy.keep_alive);
  if (auto count = table.integer_in_range("max_displays", 1, 64)) {
    policy.max_displays = static_cast<uint32_t>(*count);
  }
  if (auto mode = table.choice("sharing", kSharingModes, "a sharing mode")) {
    policy.sharing = *mode == 0 ? DisplaySharing::separate : DisplaySharing::join;
  }
}

}  // namespace pfhost::core::config
