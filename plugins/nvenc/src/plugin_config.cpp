#include "plugin_config.hpp"

#include <pfhost/plugin_config.hpp>

namespace pfhost::nvenc {
namespace {

constexpr int kMaxGpu = 63;
constexpr int kMaxVbvFrames = 60;

struct Tuning {
  const char *name;
  NV_ENC_TUNING_INFO value;
};
constexpr Tuning kTunings[] = {{"ultra_low_latency", NV_ENC_TUNING_INFO_ULTRA_LOW_LATENCY},
                               {"low_latency", NV_ENC_TUNING_INFO_LOW_LATENCY},
                               {"high_quality", NV_ENC_TUNING_INFO_HIGH_QUALITY}};

}  // namespace

std::optional<GUID> preset_guid(const std::string &name) {
  const GUID presets[] = {NV_ENC_PRESET_P1_GUID, NV_ENC_PRESET_P2_GUID, NV_ENC_PRESET_P3_GUID,
                          NV_ENC_PRESET_P4_GUID, NV_ENC_PRESET_P5_GUID, NV_ENC_PRESET_P6_GUID,
                          NV_ENC_PRESET_P7_GUID};
  if (name.size() == 2 && name[0] == 'p' && name[1] >= '1' && name[1] <= '7')
    return presets[name[1] - '1'];
  return std::nullopt;
}

std::string unknown_preset_text(const std::string &name) {
  return "preset '" + name + "' is not an NVENC preset (p1 fastest .. p7)";
}

PluginConfig read_plugin_config(const Host &host, std::string *config_error) {
  ConfigReader reader(host, "nvenc");
  PluginConfig config;
  config.gpu = static_cast<int>(reader.get_int("gpu", config.gpu, 0, kMaxGpu));
  config.preset_name = reader.get_string("preset", config.preset_name);
  const std::optional<GUID> preset = preset_guid(config.preset_name);
  if (!preset)
    throw Error(PFHOST_E_INVALID_ARGUMENT,
                "[plugins.nvenc] " + unknown_preset_text(config.preset_name));
  config.preset = *preset;
  config.tuning_name = reader.get_string("tuning", config.tuning_name);
  bool known = false;
  for (const Tuning &tuning : kTunings) {
    if (config.tuning_name != tuning.name) continue;
    config.tuning = tuning.value;
    known = true;
  }
  if (!known)
    throw Error(PFHOST_E_INVALID_ARGUMENT,
                "[plugins.nvenc] tuning '" + config.tuning_name +
                    "' is not one of ultra_low_latency, low_latency, high_quality");
  config.vbv_frames =
      static_cast<int>(reader.get_int("vbv_frames", config.vbv_frames, 1, kMaxVbvFrames));
  config.intra_refresh = reader.get_bool("intra_refresh", config.intra_refresh);
  if (config_error != nullptr) *config_error = reader.unknown_key_error();
  return config;
}

}  // namespace pfhost::nvenc
