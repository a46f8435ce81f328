// The management API's JSON shapes: displays, sessions, the display policy, errors. One place, so
// the API, `pfhost ctl` and the docs agree on field names.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "config/host_config.hpp"
#include "display/display_info.hpp"
#include "serve/client_sessions.hpp"

namespace pfhost::core::serve {

nlohmann::json display_json(const DisplayInfo &display);
nlohmann::json session_json(const ClientSessionInfo &session);
nlohmann::json policy_json(const DisplayPolicy &policy);
// Applies the fields present in `changes` to `policy`. Throws std::invalid_argument naming the
// field and what is allowed.
DisplayPolicy apply_policy_changes(DisplayPolicy policy, const nlohmann::json &changes);
// {"error": {"code": CODE, "message": MESSAGE}}
std::string error_body(const std::string &code, const std::string &message);
// `value` as JSON text. Strings that came from a client (a path, a Host header, a policy value)
// may hold bytes that are not UTF-8: those become U+FFFD instead of an exception (a 500).
std::string json_text(const nlohmann::json &value);

}  // namespace pfhost::core::serve
