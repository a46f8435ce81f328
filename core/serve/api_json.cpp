#include "serve/api_json.hpp"

#include <ctime>
#include <stdexcept>

#include "backends/display_text.hpp"
#include "config/duration.hpp"
#include "loader/abi_names.hpp"

namespace pfhost::core::serve {
namespace {

std::string utc_text(std::chrono::system_clock::time_point when) {
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32] = {};
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

std::string keep_alive_text(const KeepAlive &keep_alive) {
  switch (keep_alive.kind) {
    case KeepAlive::Kind::off:
      return "off";
    case KeepAlive::Kind::forever:
      return "forever";
    case KeepAlive::Kind::duration:
      break;
  }
  const auto ms = keep_alive.duration.count();
  return ms % 1000 == 0 ? std::to_string(ms / 1000) + "s" : std::to_string(ms) + "ms";
}

KeepAlive parse_keep_alive(const std::string &text) {
  KeepAlive out;
  if (text == "off") {
    out.kind = KeepAlive::Kind::off;
    return out;
  }
  if (text == "forever") {
    out.kind = KeepAlive::Kind::forever;
    return out;
  }
  const config::ParsedDuration parsed = config::parse_duration(text);
  if (!parsed.value) {
    throw std::invalid_argument("keep_alive '" + text + "': " + parsed.problem +
                                "; expected \"off\", \"forever\" or a duration like \"30s\"");
  }
  out.kind = parsed.value->count() == 0 ? KeepAlive::Kind::off : KeepAlive::Kind::duration;
  out.duration = *parsed.value;
  return out;
}

}  // namespace

nlohmann::json display_json(const DisplayInfo &display) {
  return {{"slot", display.slot},
          {"backend", display.backend},
          {"mode", mode_text(display.mode)},
          {"state", display.state},
          {"expires_in_ms", display.expires_in_ms ? nlohmann::json(*display.expires_in_ms)
                                                  : nlohmann::json(nullptr)},
          {"sessions", display.sessions},
          {"client", display.client}};
}

nlohmann::json session_json(const ClientSessionInfo &session) {
  return {{"id", session.id},
          {"client", session.label.client},
          {"transport", session.label.transport},
          {"peer", session.label.peer},
          {"slot", session.slot ? nlohmann::json(*session.slot) : nlohmann::json(nullptr)},
          {"mode", mode_text(session.mode)},
          {"codec", abi_names::codec(session.codec)},
          {"state", session.state},
          {"started", utc_text(session.started)},
          {"bytes", session.stats.bytes},
          {"fps", session.stats.fps},
          {"latency_p50_ms", session.stats.latency_p50_ms},
          {"latency_p99_ms", session.stats.latency_p99_ms}};
}

nlohmann::json policy_json(const DisplayPolicy &policy) {
  return {{"keep_alive", keep_alive_text(policy.keep_alive)},
          {"max_displays", policy.max_displays},
          {"sharing", policy.sharing == DisplaySharing::join ? "join" : "separate"}};
}

DisplayPolicy apply_policy_changes(DisplayPolicy policy, const nlohmann::json &changes) {
  if (!changes.is_object()) {
    throw std::invalid_argument("expected a JSON object with keep_alive, max_displays or sharing");
  }
  for (const auto &[key, value] : changes.items()) {
    if (key == "keep_alive") {
      if (!value.is_string()) throw std::invalid_argument("keep_alive: expected a string");
      policy.keep_alive = parse_keep_alive(value.get<std::string>());
    } else if (key == "max_displays") {
      if (!value.is_number_unsigned() || value.get<uint64_t>() < 1 || value.get<uint64_t>() > 64) {
        throw std::invalid_argument("max_displays: expected a whole number 1..64");
      }
      policy.max_displays = value.get<uint32_t>();
    } else if (key == "sharing") {
      const std::string text = value.is_string() ? value.get<std::string>() : "";
      if (text != "separate" && text != "join") {
        throw std::invalid_argument("sharing: expected \"separate\" or \"join\"");
      }
      policy.sharing = text == "join" ? DisplaySharing::join : DisplaySharing::separate;
    } else {
      throw std::invalid_argument("'" + key +
                                  "' is not a policy field (keep_alive, max_displays, sharing)");
    }
  }
  return policy;
}

std::string json_text(const nlohmann::json &value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string error_body(const std::string &code, const std::string &message) {
  return json_text(nlohmann::json{{"error", {{"code", code}, {"message", message}}}});
}

}  // namespace pfhost::core::serve
