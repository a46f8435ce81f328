// The management API's access rules, answered before the host is set up: health without a
// token, the Bearer token, the Host allow-list, JSON errors and 503 while plugins are probed.
// (Displays, sessions and release are driven against a real host by serve_api_test.sh.)
#include "serve/management_api.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace pfhost::core::serve {
namespace {

ApiRequest get(std::string target, std::string authorization = "Bearer sesame",
               std::string host = "127.0.0.1:9780") {
  ApiRequest request;
  request.method = "GET";
  request.target = std::move(target);
  request.host = std::move(host);
  request.authorization = std::move(authorization);
  return request;
}

std::string code_of(const ApiResponse &response) {
  return nlohmann::json::parse(response.body).at("error").at("code").get<std::string>();
}

TEST(ManagementApi, HealthNeedsNoTokenAndSaysStartingUntilAttached) {
  const ManagementApi api(ApiAccess{"sesame", {}});
  const ApiResponse response = api.handle(get("/api/v1/health", ""));
  EXPECT_EQ(response.status, 200u);
  EXPECT_EQ(response.body, R"({"status":"starting"})");
}

TEST(ManagementApi, EverythingElseWaitsForTheHostWith503) {
  const ManagementApi api(ApiAccess{"sesame", {}});
  const ApiResponse response = api.handle(get("/api/v1/displays"));
  EXPECT_EQ(response.status, 503u);
  EXPECT_EQ(code_of(response), "starting");
}

TEST(ManagementApi, TheBearerTokenMustMatch) {
  const ManagementApi api(ApiAccess{"sesame", {}});
  for (const char *authorization :
       {"", "Bearer", "Bearer sesam", "Bearer sesame2", "Basic sesame", "bearer sesame"}) {
    const ApiResponse response = api.handle(get("/api/v1/displays", authorization));
    EXPECT_EQ(response.status, 401u) << "'" << authorization << "'";
    EXPECT_EQ(code_of(response), "unauthorized");
  }
}

TEST(ManagementApi, OnlyLocalOrAllowedHostNames) {
  const ManagementApi api(ApiAccess{"sesame", {"studio.lan"}});
  for (const char *host :
       {"localhost", "LOCALHOST:9780", "127.0.0.1", "[::1]:9780", "studio.lan", "Studio.lan:443"}) {
    EXPECT_EQ(api.handle(get("/api/v1/health", "", host)).status, 200u) << host;
  }
  for (const char *host :
       {"", "evil.example", "127.0.0.1.evil.example", "localhost.evil:80", "studio.lan.evil"}) {
    const ApiResponse response = api.handle(get("/api/v1/health", "", host));
    EXPECT_EQ(response.status, 403u) << host;
    EXPECT_EQ(code_of(response), "host_not_allowed");
  }
}

TEST(ManagementApi, UnknownPathsAreJson404s) {
  const ManagementApi api(ApiAccess{"sesame", {}});
  for (const char *target : {"/api", "/api/v2/health", "/index.php", "/view/x"}) {
    const ApiResponse response = api.handle(get(target));
    EXPECT_EQ(response.status, 404u) << target;
    EXPECT_EQ(code_of(response), "not_found");
  }
}

// Found by api_request_fuzzer: a path or Host that is not UTF-8 made the JSON error throw (a 500
// "internal" instead of the answer the request deserves).
TEST(ManagementApi, BytesThatAreNotUtf8StillGetTheirJsonAnswer) {
  const ManagementApi api(ApiAccess{"sesame", {}});
  const ApiResponse unknown = api.handle(get("/\xe0\x77\x8a\x8a"));
  EXPECT_EQ(unknown.status, 404u);
  EXPECT_EQ(code_of(unknown), "not_found");
  EXPECT_NE(unknown.body.find("\xef\xbf\xbd"), std::string::npos) << unknown.body;  // U+FFFD
  const ApiResponse foreign = api.handle(get("/api/v1/health", "", "\xff.example"));
  EXPECT_EQ(foreign.status, 403u);
  EXPECT_EQ(code_of(foreign), "host_not_allowed");
}

TEST(ManagementApi, ThePagesNeedNoTokenButALocalHost) {
  const ManagementApi api(ApiAccess{"sesame", {}});
  for (const char *target : {"/", "/view?mode=640x480@30&client=x"}) {
    const ApiResponse page = api.handle(get(target, ""));
    EXPECT_EQ(page.status, 200u) << target;
    EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
    EXPECT_TRUE(page.body.starts_with("<!doctype html>")) << target;
    EXPECT_EQ(api.handle(get(target, "", "evil.example")).status, 403u) << target;
  }
  EXPECT_NE(api.handle(get("/view", "")).body.find("new VideoDecoder"), std::string::npos);
}

// A browser passes the token as a WebSocket subprotocol; the Origin must be this host.
TEST(ManagementApi, BrowserStreamsNeedTheTokenProtocolAndALocalOrigin) {
  const ManagementApi api(ApiAccess{"sesame", {}});
  ApiRequest request = get("/api/v1/stream?mode=640x480@30&client=x", "");
  EXPECT_EQ(api.check_stream(request)->status, 401u);
  request.protocols = "pfhost, bearer.wrong";
  EXPECT_EQ(api.check_stream(request)->status, 401u);
  request.protocols = "pfhost, bearer.sesame";
  request.origin = "http://evil.example";
  EXPECT_EQ(code_of(*api.check_stream(request)), "origin_not_allowed");
  request.origin = "http://localhost:9780";
  // Right token and origin: only the host's own state is missing (not attached yet).
  EXPECT_EQ(code_of(*api.check_stream(request)), "starting");
  request.target = "/api/v1/other";
  EXPECT_EQ(api.check_stream(request)->status, 404u);
}

}  // namespace
}  // namespace pfhost::core::serve
