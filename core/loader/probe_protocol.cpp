#include "loader/probe_protocol.hpp"

#include <nlohmann/json.hpp>
#include <pfhost/plugin.hpp>
#include <stdexcept>

#include "loader/abi_names.hpp"
#include "loader/descriptor_json.hpp"

namespace pfhost::core {

using nlohmann::json;

namespace {

// Plugin text may be any bytes; invalid UTF-8 is replaced rather than failing the dump.
std::string line(const json &event) {
  return event.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

json value_to_json(const PluginSettingValue &value) {
  return std::visit([](const auto &v) { return json(v); }, value);
}

PluginSettingValue value_from_json(const json &j) {
  if (j.is_boolean()) return j.get<bool>();
  if (j.is_number_integer()) return j.get<int64_t>();
  if (j.is_number_float()) return j.get<double>();
  if (j.is_string()) return j.get<std::string>();
  throw std::runtime_error("unsupported setting value " + j.dump());
}

}  // namespace

std::string encode_worker_settings(const std::map<std::string, PluginSettings> &plugins) {
  json tables = json::object();
  for (const auto &[plugin, settings] : plugins) {
    json table = json::object();
    for (const auto &[key, value] : settings) table[key] = value_to_json(value);
    tables[plugin] = std::move(table);
  }
  return json{{"plugins", std::move(tables)}}.dump();
}

std::map<std::string, PluginSettings> decode_worker_settings(std::string_view text) {
  std::map<std::string, PluginSettings> out;
  try {
    const json doc = json::parse(text);
    for (const auto &[plugin, table] : doc.at("plugins").items()) {
      PluginSettings settings;
      for (const auto &[key, value] : table.items()) settings[key] = value_from_json(value);
      out[plugin] = std::move(settings);
    }
  } catch (const json::exception &e) {
    throw std::runtime_error(std::string("bad worker settings: ") + e.what());
  }
  return out;
}

std::string WorkerPhase::describe() const {
  if (call == "load") return "while loading the library";
  if (call == "entry") return "in pfhost_plugin_entry";
  if (call == "descriptor") return "while reading its descriptor";
  if (call == "init") return "in init";
  if (call == "probe") return "in probe of backend '" + backend + "'";
  if (call == "query_caps") return "in query_caps of backend '" + backend + "'";
  return "in " + call;
}

void apply_worker_line(WorkerReport &report, std::string_view text) {
  if (text.empty()) return;
  json event;
  try {
    event = json::parse(text);
    const std::string kind = event.at("event").get<std::string>();
    if (kind == "begin") {
      report.open_phase =
          WorkerPhase{event.at("call").get<std::string>(), event.value("backend", std::string())};
      return;
    }
    report.open_phase.reset();  // every other event answers the call announced before it
    if (kind == "rejected") {
      report.rejected = event.at("reason").get<std::string>();
      report.rejected_cacheable = event.at("cacheable").get<bool>();
    } else if (kind == "descriptor") {
      report.descriptor = descriptor_info_from_json(event.at("descriptor"));
    } else if (kind == "init_failed") {
      const auto reason = event.at("reason").get<std::string>();
      report.init_failure =
          std::string(pfhost::status_name(event.at("status").get<pfhost_status>())) +
          (reason.empty() ? std::string() : ": " + reason);
    } else if (kind == "probe") {
      auto &probe = report.probes[event.at("backend").get<std::string>()];
      probe.status = event.at("status").get<pfhost_status>();
      probe.reason = event.at("reason").get<std::string>();
      report.probe_events.emplace_back(text);
    } else if (kind == "caps") {
      auto &probe = report.probes[event.at("backend").get<std::string>()];
      probe.caps_status = event.at("status").get<pfhost_status>();
      probe.caps_reason = event.at("reason").get<std::string>();
      if (event.contains("caps")) probe.caps = encoder_caps_from_json(event.at("caps"));
      report.probe_events.emplace_back(text);
    } else if (kind == "done") {
      report.done = true;
    }
  } catch (const json::exception &e) {
    if (report.protocol_error.empty()) {
      report.protocol_error = "unreadable worker output (" + std::string(e.what()) + ")";
    }
  }
}

namespace worker_events {

std::string begin(std::string_view call, std::string_view backend) {
  json event = {{"event", "begin"}, {"call", call}};
  if (!backend.empty()) event["backend"] = backend;
  return line(event);
}

std::string rejected(std::string_view reason, bool cacheable) {
  return line({{"event", "rejected"}, {"reason", reason}, {"cacheable", cacheable}});
}

std::string descriptor(const DescriptorInfo &descriptor) {
  return line({{"event", "descriptor"}, {"descriptor", to_json(descriptor)}});
}

std::string init_failed(pfhost_status status, std::string_view reason) {
  return line({{"event", "init_failed"}, {"status", status}, {"reason", reason}});
}

std::string probe(std::string_view backend, pfhost_status status, std::string_view reason) {
  return line({{"event", "probe"}, {"backend", backend}, {"status", status}, {"reason", reason}});
}

std::string caps(std::string_view backend, pfhost_status status, std::string_view reason,
                 const std::optional<EncoderCaps> &caps) {
  json event = {{"event", "caps"}, {"backend", backend}, {"status", status}, {"reason", reason}};
  if (caps) event["caps"] = to_json(*caps);
  return line(event);
}

std::string done() {
  return line({{"event", "done"}});
}

}  // namespace worker_events
}  // namespace pfhost::core
