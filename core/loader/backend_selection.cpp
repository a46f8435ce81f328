#include "loader/backend_selection.hpp"

#include <pfhost/plugin.h>

#include <algorithm>

#include "loader/abi_names.hpp"

namespace pfhost::core {
namespace {

using abi_names::join;

constexpr const char *kNotListed = "not in the list";

std::string in_quotes(const std::string &name) {
  return "'" + name + "'";
}

// Why `candidate` cannot follow what was chosen upstream; empty when it fits. `all` is every
// candidate, for rules that depend on what else is installed.
using FitCheck = std::string (*)(const SelectionCandidate &candidate,
                                 const SelectionCandidate *upstream,
                                 const std::vector<SelectionCandidate> &all);

std::string fits_anything(const SelectionCandidate &, const SelectionCandidate *,
                          const std::vector<SelectionCandidate> &) {
  return {};
}

// The capturers the display's own plugin ships for its targets, comma-separated; empty when it
// ships none. Several drivers share a target kind (Windows IDD: pf-vdisplay pushes frames,
// SudoVDA is read by desktop duplication), and only the display's own plugin knows how its
// monitors are read.
std::string own_capturers(const SelectionCandidate &display,
                          const std::vector<SelectionCandidate> &all) {
  std::string names;
  for (const auto &c : all) {
    if (c.kind == PFHOST_BACKEND_CAPTURE && !display.plugin.empty() && c.plugin == display.plugin &&
        (c.target_kinds & display.target_kinds) != 0) {
      names += (names.empty() ? "" : ", ") + in_quotes(c.name);
    }
  }
  return names;
}

std::string capture_fits_display(const SelectionCandidate &capture,
                                 const SelectionCandidate *display,
                                 const std::vector<SelectionCandidate> &all) {
  if (display == nullptr) return {};
  if ((capture.target_kinds & display->target_kinds) == 0) {
    return "accepts targets " + join(abi_names::target_kinds(capture.target_kinds)) +
           " but display " + in_quotes(display->name) + " produces " +
           join(abi_names::target_kinds(display->target_kinds));
  }
  if (capture.plugin != display->plugin) {
    if (const std::string own = own_capturers(*display, all); !own.empty()) {
      return "display " + in_quotes(display->name) + " is captured by its own plugin's " + own;
    }
  }
  return {};
}

std::string encoder_fits_capture(const SelectionCandidate &encoder,
                                 const SelectionCandidate *capture,
                                 const std::vector<SelectionCandidate> &) {
  if (capture == nullptr) return {};
  if (!encoder.caps) return "reported no capabilities";
  if ((encoder.caps->input_memory & capture->memory_kinds) == 0) {
    return "takes " + join(abi_names::memory_kinds(encoder.caps->input_memory)) +
           " memory but capture " + in_quotes(capture->name) + " delivers " +
           join(abi_names::memory_kinds(capture->memory_kinds));
  }
  if ((encoder.caps->input_formats & capture->pixel_formats) == 0) {
    return "takes pixel formats " + join(abi_names::pixel_formats(encoder.caps->input_formats)) +
           " but capture " + in_quotes(capture->name) + " delivers " +
           join(abi_names::pixel_formats(capture->pixel_formats));
  }
  return {};
}

const SelectionCandidate *find(const std::vector<SelectionCandidate> &all,
                               const std::string &name) {
  for (const auto &c : all) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

KindSelection select_kind(const std::vector<SelectionCandidate> &all, uint32_t kind,
                          const BackendPreference &preference, const SelectionCandidate *upstream,
                          FitCheck fits) {
  const std::string kind_name = abi_names::backend_kind(kind);
  KindSelection out;
  out.kind = kind;

  // What to consider, in order. An entry without a candidate carries why it cannot be one, so
  // the reasons read in the list's own order.
  struct Step {
    std::string name;
    const SelectionCandidate *candidate = nullptr;
    std::string not_a_candidate;
  };
  std::vector<Step> order;
  if (preference.automatic) {
    out.rule = "auto (highest rank that probed OK)";
    std::vector<const SelectionCandidate *> of_kind;
    for (const auto &c : all) {
      if (c.kind == kind) of_kind.push_back(&c);
    }
    std::stable_sort(of_kind.begin(), of_kind.end(), [](const auto *a, const auto *b) {
      return a->rank != b->rank ? a->rank > b->rank : a->name < b->name;
    });
    for (const auto *c : of_kind) order.push_back({c->name, c, {}});
  } else {
    out.rule = "list [" + join(preference.order) + "]";
    for (const auto &name : preference.order) {
      const SelectionCandidate *c = find(all, name);
      if (c == nullptr) {
        order.push_back({name, nullptr, "not installed (no plugin provides it)"});
      } else if (c->kind != kind) {
        order.push_back(
            {name, nullptr,
             "is a " + abi_names::backend_kind(c->kind) + " backend, not " + kind_name});
      } else {
        order.push_back({name, c, {}});
      }
    }
  }

  for (const Step &step : order) {
    const SelectionCandidate *c = step.candidate;
    if (c == nullptr) {
      out.passed_over.push_back({step.name, step.not_a_candidate});
    } else if (!c->usable) {
      // Said even after a selection: "unavailable" tells more than "ranked below".
      out.passed_over.push_back({c->name, c->unusable_reason});
    } else if (out.selected) {
      out.passed_over.push_back({c->name, preference.automatic
                                              ? "ranked below " + in_quotes(*out.selected)
                                              : "listed after " + in_quotes(*out.selected)});
    } else if (auto misfit = fits(*c, upstream, all); !misfit.empty()) {
      out.passed_over.push_back({c->name, misfit});
    } else {
      out.selected = c->name;
    }
  }
  if (!preference.automatic) {
    for (const auto &c : all) {
      const bool listed = std::find(preference.order.begin(), preference.order.end(), c.name) !=
                          preference.order.end();
      if (c.kind == kind && !listed) out.passed_over.push_back({c.name, kNotListed});
    }
  }

  if (!out.selected) {
    std::string why;
    for (const auto &p : out.passed_over) {
      if (p.reason == kNotListed) continue;
      if (!why.empty()) why += "; ";
      why += p.backend + ": " + p.reason;
    }
    if (why.empty()) why = "no " + kind_name + " backend is installed";
    out.none_reason = "none available: " + why;
  }
  return out;
}

const SelectionCandidate *selected(const std::vector<SelectionCandidate> &all,
                                   const KindSelection &selection) {
  return selection.selected ? find(all, *selection.selected) : nullptr;
}

}  // namespace

BackendSelection select_backends(const std::vector<SelectionCandidate> &candidates,
                                 const BackendPreference &display, const BackendPreference &capture,
                                 const BackendPreference &encode) {
  BackendSelection out;
  out.display = select_kind(candidates, PFHOST_BACKEND_DISPLAY, display, nullptr, fits_anything);
  out.capture = select_kind(candidates, PFHOST_BACKEND_CAPTURE, capture,
                            selected(candidates, out.display), capture_fits_display);
  out.encode = select_kind(candidates, PFHOST_BACKEND_ENCODE, encode,
                           selected(candidates, out.capture), encoder_fits_capture);
  return out;
}

std::vector<SelectionCandidate> selection_candidates(const std::vector<PluginRecord> &plugins) {
  std::vector<SelectionCandidate> out;
  for (const auto &plugin : plugins) {
    for (const auto &backend : plugin.backends) {
      // Skipped duplicates must not shadow the backend that owns the name.
      if (backend.state == ProbeState::skipped) continue;
      SelectionCandidate c;
      c.name = backend.info.name;
      if (plugin.descriptor) c.plugin = plugin.descriptor->name;
      c.kind = backend.info.kind;
      c.rank = backend.info.rank;
      c.usable = backend.usable;
      if (!c.usable && backend.state == ProbeState::ok) {
        // Its own probe said yes, but the plugin as a whole failed the check.
        c.unusable_reason = "plugin " + plugin.reason;
      } else if (!c.usable) {
        c.unusable_reason = describe_state(to_string(backend.state), backend.reason);
      }
      c.target_kinds = backend.info.target_kinds;
      c.memory_kinds = backend.info.memory_kinds;
      c.pixel_formats = backend.info.pixel_formats;
      c.caps = backend.caps;
      out.push_back(std::move(c));
    }
  }
  return out;
}

}  // namespace pfhost::core
