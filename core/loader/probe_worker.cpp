#include "loader/probe_worker.hpp"

#include <array>
#include <cerrno>
#include <pfhost/plugin.hpp>
#include <stdexcept>
#include <string>

#include "backends/reason_buffer.hpp"
#include "loader/descriptor_validation.hpp"
#include "loader/host_services.hpp"
#include "loader/plugin_library.hpp"
#include "loader/probe_protocol.hpp"
#include "logging/log.hpp"
#include "os/plugin_file.hpp"
#include "os/worker_side.hpp"

namespace pfhost::core {
namespace {

using EventChannel = os::ParentChannel;

EncoderCaps copy_caps(const pfhost_encoder_caps &c) {
  EncoderCaps out;
  out.codecs = c.codecs;
  out.bit_depths = c.bit_depths;
  out.chroma = c.chroma;
  out.max_width = c.max_width;
  out.max_height = c.max_height;
  out.input_memory = c.input_memory;
  out.flags = c.flags;
  out.input_formats = c.input_formats;
  return out;
}

void probe_backends(const ValidatedDescriptor &plugin, void *plugin_ctx,
                    const EventChannel &events) {
  ReasonBuffer reason;
  for (const auto &backend : plugin.backends) {
    if (!backend.info.problem.empty()) continue;
    const std::string &name = backend.info.name;
    events.send(worker_events::begin("probe", name));
    const pfhost_status status = backend.backend.probe(plugin_ctx, reason.get());
    // Also on success: a probe may say what it found ("encoders: libx264 ...").
    events.send(worker_events::probe(name, status, reason.text()));
    if (status != PFHOST_OK || backend.info.kind != PFHOST_BACKEND_ENCODE) continue;

    events.send(worker_events::begin("query_caps", name));
    auto caps = make_struct<pfhost_encoder_caps>();
    const pfhost_status caps_status = backend.encode.query_caps(plugin_ctx, &caps, reason.get());
    std::optional<EncoderCaps> copied;
    if (caps_status == PFHOST_OK) copied = copy_caps(caps);
    events.send(worker_events::caps(name, caps_status,
                                    caps_status == PFHOST_OK ? "" : reason.text(), copied));
  }
}

}  // namespace

int run_probe_worker(const std::filesystem::path &plugin_path) {
  os::harden_worker_process();
  const EventChannel events = EventChannel::claim();
  if (!events.valid()) return 3;

  std::map<std::string, PluginSettings> settings;
  try {
    settings = decode_worker_settings(os::read_all_stdin());
  } catch (const std::exception &e) {
    log::warn(std::string("probe worker: ") + e.what() + "; probing with empty plugin settings");
  }

  events.send(worker_events::begin("load"));
  if (auto problem = os::check_plugin_file(plugin_path)) {
    events.send(worker_events::rejected(*problem, true));
    return 0;
  }
  const auto loaded = PluginLibrary::load(plugin_path);
  if (loaded.library == nullptr) {
    // A missing dependency can be installed without touching the plugin: not cacheable.
    events.send(worker_events::rejected("cannot load: " + loaded.error, false));
    return 0;
  }

  const pfhost_plugin_entry_fn entry = loaded.library->entry();
  if (entry == nullptr) {
    events.send(worker_events::rejected(call_entry(nullptr).error, true));
    return 0;
  }
  events.send(worker_events::begin("entry"));
  const pfhost_plugin_descriptor *raw = entry(PFHOST_ABI_MAJOR, PFHOST_ABI_MINOR);
  // Reading the descriptor follows pointers the plugin made up; a crash there is its own step.
  events.send(worker_events::begin("descriptor"));
  const DescriptorCheck check = validate_descriptor(raw);
  if (!check.descriptor) {
    events.send(worker_events::rejected(check.error, true));
    return 0;
  }
  const ValidatedDescriptor &plugin = *check.descriptor;
  events.send(worker_events::descriptor(plugin.info));

  void *plugin_ctx = nullptr;
  if (plugin.descriptor.init != nullptr) {
    events.send(worker_events::begin("init"));
    auto it = settings.find(plugin.info.name);
    const pfhost_host_api *host = make_host_services(
        plugin.info.name, it == settings.end() ? PluginSettings{} : std::move(it->second));
    ReasonBuffer reason;
    const pfhost_status status = plugin.descriptor.init(host, &plugin_ctx, reason.get());
    if (status != PFHOST_OK) {
      events.send(worker_events::init_failed(status, reason.text()));
      return 0;
    }
  }

  probe_backends(plugin, plugin_ctx, events);
  events.send(worker_events::done());
  return 0;
}

}  // namespace pfhost::core
