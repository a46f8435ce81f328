// JSON forms of the plugin records, shared by the worker protocol and the descriptor cache so a
// descriptor reads back exactly as it was written. Masks stay numbers here (exact, compact); the
// --list-backends report spells them out separately.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "loader/plugin_records.hpp"

namespace pfhost::core {

nlohmann::json to_json(const BackendInfo &backend);
nlohmann::json to_json(const DescriptorInfo &descriptor);
nlohmann::json to_json(const EncoderCaps &caps);

// Throw nlohmann::json::exception on a malformed document (callers treat it as "no data").
BackendInfo backend_info_from_json(const nlohmann::json &json);
DescriptorInfo descriptor_info_from_json(const nlohmann::json &json);
EncoderCaps encoder_caps_from_json(const nlohmann::json &json);

}  // namespace pfhost::core
