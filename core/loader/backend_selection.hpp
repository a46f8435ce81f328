// Which display, capture and encode backend the config selects. Per kind, walk the preference
// list (or, for "auto", every backend of the kind by rank, highest first, ties by name) and take
// the first that probed OK and fits what was chosen upstream: a capturer must accept a target
// kind the chosen display produces; an encoder must take a memory kind and a pixel format the
// chosen capturer delivers (from its query_caps). Every backend not taken gets its reason.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/host_config.hpp"
#include "loader/plugin_records.hpp"

namespace pfhost::core {

// A backend as selection sees it. Built from the discovery records, or by hand in tests.
struct SelectionCandidate {
  std::string name;
  std::string plugin;  // the plugin that provides it (its descriptor name)
  uint32_t kind = 0;   // pfhost_backend_kind
  int32_t rank = 0;
  bool usable = false;              // probed OK in a healthy plugin
  std::string unusable_reason;      // when !usable: "unavailable: Mutter is not running", ...
  uint32_t target_kinds = 0;        // display: produces; capture: accepts
  uint32_t memory_kinds = 0;        // capture: delivers
  uint64_t pixel_formats = 0;       // capture: delivers
  std::optional<EncoderCaps> caps;  // encode
};

struct PassedOver {
  std::string backend;
  std::string reason;
};

struct KindSelection {
  uint32_t kind = 0;
  std::optional<std::string> selected;
  std::string rule;                     // "auto (highest rank that probed OK)" or "list [a, b]"
  std::string none_reason;              // when nothing was selected: "none available: ..."
  std::vector<PassedOver> passed_over;  // in the order they were considered
};

struct BackendSelection {
  KindSelection display;
  KindSelection capture;
  KindSelection encode;
};

BackendSelection select_backends(const std::vector<SelectionCandidate> &candidates,
                                 const BackendPreference &display, const BackendPreference &capture,
                                 const BackendPreference &encode);

// The candidates of every record, in record order.
std::vector<SelectionCandidate> selection_candidates(const std::vector<PluginRecord> &plugins);

}  // namespace pfhost::core
