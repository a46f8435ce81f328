// libFuzzer target: a parsed HTTP request (any method, target, Host, Authorization, Origin,
// subprotocols and body) -> the management API's Host check, token check and routing
// (ManagementApi::handle and check_stream), without sockets, attached to a real display
// registry and session table with no plugins. It must never crash or throw; every answer is a
// known status; nothing but health and the pages answers 2xx without the right token or to a
// foreign Host; every JSON answer parses; a request never changes anything it was refused.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "config/host_config.hpp"
#include "display/display_registry.hpp"
#include "loader/plugin_catalog.hpp"
#include "loader/plugin_discovery.hpp"
#include "pipeline/pipeline.hpp"
#include "serve/client_sessions.hpp"
#include "serve/management_api.hpp"

using namespace pfhost::core;
using namespace pfhost::core::serve;

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

constexpr const char *kToken = "0123456789abcdef";

// One host for every input: building it is the slow part, and requests must not leave state
// behind that the next input depends on (policy changes do, and are allowed: any policy is valid).
struct Host {
  HostConfig config = builtin_host_config();
  PluginInventory inventory;
  PluginCatalog catalog{inventory, config};
  DisplayRegistry displays{config.display_policy};
  Pipeline pipeline{config, inventory, catalog, displays};
  ClientSessions sessions{pipeline, 4};
  ManagementApi api{ApiAccess{kToken, {"studio.lan"}}};
  Host() {
    api.attach(displays, sessions, R"({"plugins":[]})",
               [](const ClientRequest &, const std::string &, std::shared_ptr<MessageChannel>) {
                 return std::function<void(const std::string &)>();
               });
  }
};

std::string pick(FuzzedDataProvider &input, std::initializer_list<const char *> known) {
  // Mostly well-formed values, so the fuzzer reaches the routes behind the checks.
  if (input.ConsumeBool()) return input.ConsumeRandomLengthString(64);
  const size_t index = input.ConsumeIntegralInRange<size_t>(0, known.size() - 1);
  return *(known.begin() + index);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static Host host;
  FuzzedDataProvider input(data, size);
  ApiRequest request;
  request.method = pick(input, {"GET", "POST", "PUT", "DELETE", "PATCH"});
  const std::string path =
      pick(input, {"/", "/view", "/api/v1/health", "/api/v1/displays", "/api/v1/displays/1",
                   "/api/v1/displays/1/release", "/api/v1/displays/release", "/api/v1/sessions",
                   "/api/v1/sessions/1", "/api/v1/policy", "/api/v1/backends", "/api/v1/stream"});
  request.target = path + input.ConsumeRandomLengthString(32);
  request.host = pick(input, {"localhost", "127.0.0.1:9780", "[::1]:1", "studio.lan", "evil.com"});
  const std::string authorization =
      pick(input, {"", "Bearer 0123456789abcdef", "Bearer wrong", "Basic x"});
  request.authorization = authorization;
  request.origin = pick(input, {"", "http://localhost:9780", "https://evil.com"});
  request.protocols = pick(input, {"", "pfhost, bearer.0123456789abcdef", "bearer.x"});
  request.body = input.ConsumeRemainingBytesAsString();

  const ApiResponse response = host.api.handle(request);
  static const std::set<unsigned> kStatuses{200, 400, 401, 403, 404, 405, 409, 413, 503};
  require(kStatuses.count(response.status) == 1);
  const bool authorized = request.authorization == std::string("Bearer ") + kToken;
  if (response.status / 100 == 2 && !authorized) {
    // Only the pages and health answer without the token.
    require(response.content_type.rfind("text/html", 0) == 0 ||
            response.body == R"({"status":"ok"})");
  }
  if (response.content_type == "application/json") {
    require(nlohmann::json::accept(response.body));
  }
  if (!request.protocols.empty()) {
    const std::optional<ApiResponse> refusal = host.api.check_stream(request);
    if (refusal) {
      require(kStatuses.count(refusal->status) == 1);
    } else {
      require(request.protocols.find(std::string("bearer.") + kToken) != std::string::npos);
    }
  }
  return 0;
}
