#include "serve/management_api.hpp"

#include <algorithm>
#include <charconv>
#include <mutex>

#include <pfhost/encode.h>

#include "serve/api_json.hpp"
#include "serve/web_pages.hpp"

namespace pfhost::core::serve {
namespace {

ApiResponse json_response(unsigned status, const nlohmann::json &body) {
  return ApiResponse{status, "application/json", json_text(body)};
}

ApiResponse error(unsigned status, const std::string &code, const std::string &message) {
  return ApiResponse{status, "application/json", error_body(code, message)};
}

std::vector<std::string> split_path(const std::string &target) {
  const std::string path = target.substr(0, target.find('?'));
  std::vector<std::string> parts;
  size_t start = 1;
  while (start <= path.size()) {
    const size_t end = std::min(path.find('/', start), path.size());
    if (end > start) parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

std::optional<uint64_t> parse_id(const std::string &text) {
  uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// "name:port" / "[v6]:port" / "name" -> the name, lowercased.
std::string host_name(const std::string &host) {
  std::string name = host;
  if (!name.empty() && name.front() == '[') {
    name = name.substr(0, name.find(']') + 1);
  } else if (const size_t colon = name.rfind(':'); colon != std::string::npos) {
    name = name.substr(0, colon);
  }
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return name;
}

// "/api/v1/stream?mode=1280x720@30&client=bob" -> the plain streamid "mode=...,client=bob".
std::string query_as_stream_id(const std::string &target) {
  const size_t question = target.find('?');
  if (question == std::string::npos) return {};
  std::string query = target.substr(question + 1);
  std::replace(query.begin(), query.end(), '&', ',');
  return query;
}

// The token a browser sent as a WebSocket subprotocol ("pfhost, bearer.<token>").
std::string token_in_protocols(const std::string &protocols) {
  size_t start = 0;
  while (start < protocols.size()) {
    const size_t end = std::min(protocols.find(',', start), protocols.size());
    std::string item = protocols.substr(start, end - start);
    item.erase(0, item.find_first_not_of(' '));
    if (item.starts_with("bearer.")) return item.substr(7);
    start = end + 1;
  }
  return {};
}

// "http://localhost:9780" -> "localhost:9780"
std::string origin_host(const std::string &origin) {
  const size_t scheme = origin.find("://");
  return scheme == std::string::npos ? origin : origin.substr(scheme + 3);
}

ApiResponse method_not_allowed(const std::string &method, const std::string &allowed) {
  return error(405, "method_not_allowed", method + " is not allowed here; use " + allowed);
}

}  // namespace

ManagementApi::ManagementApi(ApiAccess access) : access_(std::move(access)) {}

void ManagementApi::attach(DisplayRegistry &displays, ClientSessions &sessions,
                           std::string backends_json, BrowserStreamOpener open_browser_stream) {
  std::unique_lock lock(mutex_);
  displays_ = &displays;
  sessions_ = &sessions;
  backends_json_ = std::move(backends_json);
  open_browser_stream_ = std::move(open_browser_stream);
}

void ManagementApi::detach() {
  std::unique_lock lock(mutex_);
  displays_ = nullptr;
  sessions_ = nullptr;
  open_browser_stream_ = nullptr;
}

bool ManagementApi::host_allowed(const std::string &host) const {
  const std::string name = host_name(host);
  if (name == "localhost" || name == "127.0.0.1" || name == "[::1]") return true;
  return std::any_of(access_.allowed_hosts.begin(), access_.allowed_hosts.end(),
                     [&](const std::string &allowed) { return host_name(allowed) == name; });
}

ApiResponse ManagementApi::handle(const ApiRequest &request) const {
  if (!host_allowed(request.host)) {
    return error(403, "host_not_allowed",
                 "Host '" + request.host +
                     "' is not a name of this host; add it to the API's allowed hosts");
  }
  const std::vector<std::string> path = split_path(request.target);
  if (request.method == "GET" && (path.empty() || (path.size() == 1 && path[0] == "view"))) {
    return ApiResponse{200, "text/html; charset=utf-8",
                       std::string(path.empty() ? index_page() : view_page())};
  }
  if (path.size() < 2 || path[0] != "api" || path[1] != "v1") {
    return error(404, "not_found", "no such resource: " + request.target);
  }
  std::shared_lock lock(mutex_);
  if (path.size() == 3 && path[2] == "health") {
    if (request.method != "GET") return method_not_allowed(request.method, "GET");
    return json_response(200, {{"status", displays_ != nullptr ? "ok" : "starting"}});
  }
  const std::string bearer = "Bearer ";
  const bool authorized =
      request.authorization.starts_with(bearer) &&
      equal_in_constant_time(request.authorization.substr(bearer.size()), access_.token);
  if (!authorized) {
    return error(401, "unauthorized",
                 request.authorization.empty()
                     ? "send 'Authorization: Bearer <token>' (the token is in the host's "
                       "api-token file)"
                     : "the bearer token is wrong");
  }
  if (displays_ == nullptr) {
    return error(503, "starting", "the host is still discovering its plugins; try again shortly");
  }
  return route(request, path);
}

ApiResponse ManagementApi::route(const ApiRequest &request,
                                 const std::vector<std::string> &path) const {
  const std::string &method = request.method;
  const std::string &resource = path[2];
  const size_t depth = path.size();
  if (resource == "displays") {
    if (depth == 3) {
      if (method != "GET") return method_not_allowed(method, "GET");
      nlohmann::json list = nlohmann::json::array();
      for (const DisplayInfo &d : displays_->snapshot()) list.push_back(display_json(d));
      return json_response(200, {{"displays", list}});
    }
    if (depth == 4 && path[3] == "release") {
      if (method != "POST") return method_not_allowed(method, "POST");
      const ReleaseResult result = displays_->release();
      return json_response(200, {{"released", result.released}, {"refused", result.refused}});
    }
    if (depth == 5 && path[4] == "release") {
      if (method != "POST") return method_not_allowed(method, "POST");
      return release(path[3]);
    }
    if (depth == 4) {
      if (method != "GET") return method_not_allowed(method, "GET");
      const std::optional<uint64_t> slot = parse_id(path[3]);
      for (const DisplayInfo &d : displays_->snapshot()) {
        if (slot && d.slot == *slot) return json_response(200, display_json(d));
      }
      return error(404, "no_such_display", "there is no display in slot " + path[3]);
    }
  }
  if (resource == "sessions") {
    if (depth == 3) {
      if (method != "GET") return method_not_allowed(method, "GET");
      nlohmann::json list = nlohmann::json::array();
      for (const ClientSessionInfo &s : sessions_->list()) list.push_back(session_json(s));
      return json_response(200, {{"sessions", list}});
    }
    if (depth == 4) {
      if (method != "DELETE") return method_not_allowed(method, "DELETE");
      const std::optional<uint64_t> id = parse_id(path[3]);
      if (!id || !sessions_->stop(*id)) {
        return error(404, "no_such_session", "there is no session " + path[3]);
      }
      return json_response(200, {{"stopped", *id}});
    }
  }
  if (resource == "policy" && depth == 3) {
    if (method == "GET") return json_response(200, policy_json(displays_->policy()));
    if (method != "PUT") return method_not_allowed(method, "GET or PUT");
    try {
      const nlohmann::json changes = nlohmann::json::parse(request.body);
      const DisplayPolicy policy = apply_policy_changes(displays_->policy(), changes);
      displays_->set_policy(policy);
      return json_response(200, policy_json(policy));
    } catch (const nlohmann::json::exception &e) {
      return error(400, "bad_json", std::string("the body is not JSON: ") + e.what());
    } catch (const std::invalid_argument &e) {
      return error(400, "bad_policy", e.what());
    }
  }
  if (resource == "backends" && depth == 3) {
    if (method != "GET") return method_not_allowed(method, "GET");
    return ApiResponse{200, "application/json", backends_json_};
  }
  return error(404, "not_found", "no such resource: " + request.target);
}

std::optional<ApiResponse> ManagementApi::check_stream(const ApiRequest &request) const {
  if (!host_allowed(request.host)) {
    return error(403, "host_not_allowed", "Host '" + request.host + "' is not a name of this host");
  }
  // A page from another site may open WebSockets to loopback; only this host's own pages may.
  if (!request.origin.empty() && !host_allowed(origin_host(request.origin))) {
    return error(403, "origin_not_allowed", "Origin '" + request.origin + "' is not this host");
  }
  if (split_path(request.target) != std::vector<std::string>{"api", "v1", "stream"}) {
    return error(404, "not_found", "no WebSocket at " + request.target);
  }
  if (!equal_in_constant_time(token_in_protocols(request.protocols), access_.token)) {
    return error(401, "unauthorized", "send the token as the subprotocol 'bearer.<token>'");
  }
  std::shared_lock lock(mutex_);
  if (sessions_ == nullptr) {
    return error(503, "starting", "the host is still discovering its plugins; try again shortly");
  }
  try {
    const ClientRequest client = parse_stream_id(query_as_stream_id(request.target));
    if (client.codec != PFHOST_CODEC_H264) {
      return error(400, "bad_request", "browsers decode H.264 only (codec=h264)");
    }
  } catch (const StreamIdError &e) {
    return error(400, "bad_request", e.what());
  }
  if (!sessions_->has_room()) {
    return error(503, "full", "max_sessions reached; try again when a session ends");
  }
  return std::nullopt;
}

std::function<void(const std::string &)> ManagementApi::open_stream(
    const ApiRequest &request, std::shared_ptr<MessageChannel> channel) {
  std::shared_lock lock(mutex_);
  if (!open_browser_stream_) {
    channel->close();
    return nullptr;
  }
  ClientRequest client = parse_stream_id(query_as_stream_id(request.target));
  if (client.client.empty())
    client.client = "browser-" + request.peer.substr(0, request.peer.rfind(':'));
  return open_browser_stream_(client, request.peer, std::move(channel));
}

ApiResponse ManagementApi::release(const std::string &slot_text) const {
  const std::optional<uint64_t> slot = parse_id(slot_text);
  if (!slot) return error(404, "no_such_display", "there is no display in slot " + slot_text);
  const ReleaseResult result = displays_->release(*slot);
  if (!result.released.empty()) return json_response(200, {{"released", result.released}});
  if (!result.refused.empty()) {
    return error(409, "display_active",
                 "display " + slot_text +
                     " has sessions; it is not torn down under them (end them first with "
                     "DELETE /api/v1/sessions/{id})");
  }
  return error(404, "no_such_display", "there is no display in slot " + slot_text);
}

}  // namespace pfhost::core::serve
