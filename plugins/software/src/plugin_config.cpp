#include "plugin_config.hpp"

#include <pfhost/plugin_config.hpp>

namespace pfhost::software {
namespace {

constexpr int kMaxThreads = 256;

EncoderConfig read_encoder_config(ConfigReader &reader, const std::string &table) {
  EncoderConfig config;
  config.preset = reader.get_string(table + ".preset");
  config.params = reader.get_string(table + ".params", "");
  return config;
}

}  // namespace

const EncoderConfig &PluginConfig::encoder(EncoderFamily family) const noexcept {
  switch (family) {
    case EncoderFamily::x264:
      return x264;
    case EncoderFamily::x265:
      return x265;
    case EncoderFamily::svtav1:
      break;
  }
  return svtav1;
}

PluginConfig read_plugin_config(const Host &host, std::string *config_error) {
  ConfigReader reader(host, "software");
  PluginConfig config;
  config.preset = reader.get_string("preset");
  config.threads = static_cast<int>(reader.get_int("threads", config.threads, 0, kMaxThreads));
  config.x264 = read_encoder_config(reader, "x264");
  config.x265 = read_encoder_config(reader, "x265");
  config.svtav1 = read_encoder_config(reader, "svtav1");
  if (config_error != nullptr) *config_error = reader.unknown_key_error();
  return config;
}

}  // namespace pfhost::software
