#include "app/list_backends_report.hpp"

#include <pfhost/plugin.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/text_table.hpp"
#include "loader/abi_names.hpp"
#include "output/open_output.hpp"

namespace pfhost::core::app {

using nlohmann::json;

namespace {

std::string abi_text(uint32_t major, uint32_t minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

// A section's table, or `when_empty` in its place.
void print_or(std::ostream &out, const TextTable &table, const char *when_empty) {
  if (table.empty()) {
    out << "  " << when_empty << '\n';
  } else {
    table.print(out);
  }
}

json caps_json(const EncoderCaps &c) {
  return {{"codecs", abi_names::codecs(c.codecs)},
          {"bit_depths", c.bit_depths},
          {"chroma", c.chroma},
          {"max_width", c.max_width},
          {"max_height", c.max_height},
          {"input_memory", abi_names::memory_kinds(c.input_memory)},
          {"input_formats", abi_names::pixel_formats(c.input_formats)},
          {"flags", c.flags}};
}

json backend_json(const BackendRecord &b) {
  json out = {{"kind", abi_names::backend_kind(b.info.kind)},
              {"name", b.info.name},
              {"rank", b.info.rank},
              {"description", b.info.description},
              {"status", to_string(b.state)},
              {"reason", b.reason},
              {"usable", b.usable}};
  if (b.info.kind == PFHOST_BACKEND_DISPLAY || b.info.kind == PFHOST_BACKEND_CAPTURE) {
    out["target_kinds"] = abi_names::target_kinds(b.info.target_kinds);
  }
  if (b.info.kind == PFHOST_BACKEND_CAPTURE) {
    out["memory_kinds"] = abi_names::memory_kinds(b.info.memory_kinds);
    out["pixel_formats"] = abi_names::pixel_formats(b.info.pixel_formats);
  }
  if (b.caps) out["caps"] = caps_json(*b.caps);
  return out;
}

json plugin_json(const PluginRecord &p) {
  json out = {{"path", p.path.string()},
              {"origin", to_string(p.origin)},
              {"status", to_string(p.state)},
              {"reason", p.reason},
              {"cache", to_string(p.cache)},
              // Probe answers from a worker this run, reused from the cache (and how old),
              // or none (the file was not probed).
              {"probes", p.probe_age          ? "cached"
                         : p.probed_by_worker ? "worker"
                                              : "none"}};
  if (p.probe_age) out["probe_age_ms"] = p.probe_age->count();
  if (p.descriptor) {
    out["plugin"] = {{"name", p.descriptor->name},
                     {"version", p.descriptor->version},
                     {"vendor", p.descriptor->vendor},
                     {"description", p.descriptor->description},
                     {"abi", abi_text(p.descriptor->abi_major, p.descriptor->abi_minor)}};
  } else {
    out["plugin"] = nullptr;
  }
  json backends = json::array();
  for (const auto &b : p.backends) backends.push_back(backend_json(b));
  out["backends"] = std::move(backends);
  return out;
}

json selection_json(const KindSelection &s) {
  json passed = json::array();
  for (const auto &p : s.passed_over)
    passed.push_back({{"backend", p.backend}, {"reason", p.reason}});
  return {{"selected", s.selected ? json(*s.selected) : json(nullptr)},
          {"rule", s.rule},
          {"reason", s.selected ? json(nullptr) : json(s.none_reason)},
          {"passed_over", std::move(passed)}};
}

std::string or_dash(const std::string &text) {
  return text.empty() ? "-" : text;
}

std::string backend_status(const PluginRecord &plugin, const BackendRecord &b) {
  if (b.state == ProbeState::ok && !b.usable) {
    return "ok, but unusable: plugin " + describe_state(to_string(plugin.state), plugin.reason);
  }
  return describe_state(to_string(b.state), b.reason);
}

void print_selection(std::ostream &out, const char *kind, const KindSelection &s) {
  out << "  " << kind << std::string(9 - std::string(kind).size(), ' ');
  // Without a selection the passed-over lines below are the explanation (JSON also has it as
  // one "none available: ..." sentence).
  out << (s.selected ? *s.selected : std::string("none available")) << "  (" << s.rule << ")\n";
  for (const auto &p : s.passed_over) {
    out << "           not " << p.backend << ": " << p.reason << '\n';
  }
}

// The age of the oldest probe answers this listing reused, if it reused any.
std::optional<std::chrono::milliseconds> oldest_reused_probe(const PluginInventory &inventory) {
  std::optional<std::chrono::milliseconds> oldest;
  for (const auto &p : inventory.plugins) {
    if (p.probe_age && (!oldest || *p.probe_age > *oldest)) oldest = p.probe_age;
  }
  return oldest;
}

}  // namespace

json list_backends_json(const PluginInventory &inventory, const HostConfig &config) {
  json sources = json::array();
  for (const auto &s : inventory.sources) {
    sources.push_back({{"spec", s.spec},
                       {"path", s.path.string()},
                       {"origin", to_string(s.origin)},
                       {"kind", s.is_directory ? "directory" : "file"},
                       {"status", s.found ? "ok" : "missing"},
                       {"reason", s.problem},
                       {"plugin_files", s.plugin_files}});
  }
  json plugins = json::array();
  for (const auto &p : inventory.plugins) plugins.push_back(plugin_json(p));
  return {
      {"pfhost",
       {{"version", PFHOST_VERSION}, {"abi", abi_text(PFHOST_ABI_MAJOR, PFHOST_ABI_MINOR)}}},
      {"config", config.source.empty() ? json(nullptr) : json(config.source.string())},
      {"probe_timeout_ms", inventory.probe_timeout.count()},
      {"cache",
       {{"enabled", inventory.cache_enabled},
        {"file", inventory.cache_enabled ? json(inventory.cache_file.string()) : json(nullptr)}}},
      {"outputs",
       {{"ffmpeg", outputs_have_ffmpeg()},
        {"note", output_support_note().empty() ? json(nullptr) : json(output_support_note())}}},
      {"sources", std::move(sources)},
      {"plugins", std::move(plugins)},
      {"selection",
       {{"display", selection_json(inventory.selection.display)},
        {"capture", selection_json(inventory.selection.capture)},
        {"encode", selection_json(inventory.selection.encode)}}}};
}

void print_list_backends(std::ostream &out, const PluginInventory &inventory,
                         const HostConfig &config) {
  out << "pfhost " << PFHOST_VERSION << ", plugin ABI "
      << abi_text(PFHOST_ABI_MAJOR, PFHOST_ABI_MINOR)
      << "; config: " << (config.source.empty() ? "built-in default" : config.source.string())
      << "; probe timeout " << inventory.probe_timeout.count()
      << " ms; cache: " << (inventory.cache_enabled ? inventory.cache_file.string() : "off")
      << "\n";
  if (const std::string note = output_support_note(); !note.empty())
    out << "Outputs: " << note << "\n";
  if (const auto oldest = oldest_reused_probe(inventory)) {
    out << "Probe results: reused from the cache, up to " << (oldest->count() + 500) / 1000
        << " s old (the environment is unchanged; --no-cache probes afresh)\n";
  }
  out << "\n";

  out << "Plugin sources\n";
  TextTable sources({"ORIGIN", "PATH", "FOUND"});
  for (const auto &s : inventory.sources) {
    sources.add({to_string(s.origin), s.path.string(),
                 s.found
                     ? std::to_string(s.plugin_files) + (s.is_directory ? " plugin files" : " file")
                     : "missing: " + s.problem});
  }
  print_or(out, sources, "(none configured)");

  out << "\nPlugins\n";
  TextTable plugins({"FILE", "PLUGIN", "VERSION", "VENDOR", "ABI", "STATUS"});
  for (const auto &p : inventory.plugins) {
    const DescriptorInfo *d = p.descriptor ? &*p.descriptor : nullptr;
    plugins.add({p.path.string(), d ? d->name : "-", d ? or_dash(d->version) : "-",
                 d ? or_dash(d->vendor) : "-", d ? abi_text(d->abi_major, d->abi_minor) : "-",
                 describe_state(to_string(p.state), p.reason)});
  }
  print_or(out, plugins, "(no plugin files found)");

  out << "\nBackends\n";
  TextTable backends({"KIND", "NAME", "RANK", "PLUGIN", "DESCRIPTION", "PROBE"});
  for (const auto &p : inventory.plugins) {
    for (const auto &b : p.backends) {
      backends.add({abi_names::backend_kind(b.info.kind), b.info.name, std::to_string(b.info.rank),
                    p.descriptor ? p.descriptor->name : "-", or_dash(b.info.description),
                    backend_status(p, b)});
    }
  }
  print_or(out, backends, "(no backends)");

  out << "\nSelection\n";
  print_selection(out, "display", inventory.selection.display);
  print_selection(out, "capture", inventory.selection.capture);
  print_selection(out, "encode", inventory.selection.encode);
}

}  // namespace pfhost::core::app
