#include "loader/descriptor_json.hpp"

#include <nlohmann/json.hpp>

#include "loader/abi_names.hpp"

namespace pfhost::core {

using nlohmann::json;

json to_json(const BackendInfo &b) {
  json out = {{"kind", abi_names::backend_kind(b.kind)},
              {"kind_value", b.kind},
              {"name", b.name},
              {"description", b.description},
              {"rank", b.rank},
              {"target_kinds", b.target_kinds},
              {"memory_kinds", b.memory_kinds},
              {"pixel_formats", b.pixel_formats}};
  if (!b.problem.empty()) out["problem"] = b.problem;
  return out;
}

json to_json(const DescriptorInfo &d) {
  json backends = json::array();
  for (const auto &b : d.backends) backends.push_back(to_json(b));
  return {{"name", d.name},           {"version", d.version},
          {"vendor", d.vendor},       {"description", d.description},
          {"abi_major", d.abi_major}, {"abi_minor", d.abi_minor},
          {"backends", backends}};
}

json to_json(const EncoderCaps &c) {
  return {{"codecs", c.codecs},         {"bit_depths", c.bit_depths},
          {"chroma", c.chroma},         {"max_width", c.max_width},
          {"max_height", c.max_height}, {"input_memory", c.input_memory},
          {"flags", c.flags},           {"input_formats", c.input_formats}};
}

BackendInfo backend_info_from_json(const json &j) {
  BackendInfo b;
  b.kind = j.at("kind_value").get<uint32_t>();
  b.name = j.at("name").get<std::string>();
  b.description = j.at("description").get<std::string>();
  b.rank = j.at("rank").get<int32_t>();
  b.target_kinds = j.at("target_kinds").get<uint32_t>();
  b.memory_kinds = j.at("memory_kinds").get<uint32_t>();
  b.pixel_formats = j.at("pixel_formats").get<uint64_t>();
  b.problem = j.value("problem", std::string());
  return b;
}

DescriptorInfo descriptor_info_from_json(const json &j) {
  DescriptorInfo d;
  d.name = j.at("name").get<std::string>();
  d.version = j.at("version").get<std::string>();
  d.vendor = j.at("vendor").get<std::string>();
  d.description = j.at("description").get<std::string>();
  d.abi_major = j.at("abi_major").get<uint32_t>();
  d.abi_minor = j.at("abi_minor").get<uint32_t>();
  for (const auto &b : j.at("backends")) d.backends.push_back(backend_info_from_json(b));
  return d;
}

EncoderCaps encoder_caps_from_json(const json &j) {
  EncoderCaps c;
  c.codecs = j.at("codecs").get<uint32_t>();
  c.bit_depths = j.at("bit_depths").get<uint32_t>();
  c.chroma = j.at("chroma").get<uint32_t>();
  c.max_width = j.at("max_width").get<uint32_t>();
  c.max_height = j.at("max_height").get<uint32_t>();
  c.input_memory = j.at("input_memory").get<uint32_t>();
  c.flags = j.at("flags").get<uint32_t>();
  c.input_formats = j.at("input_formats").get<uint64_t>();
  return c;
}

}  // namespace pfhost::core
