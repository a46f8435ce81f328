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
  return ApiRequest{"GET", std::move(target), std::move(host), std::move(authorization), ""};
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
  for (const char *target : {"/", "/api", "/api/v2/health", "/index.php"}) {
    const ApiResponse response = api.handle(get(target));
    EXPECT_EQ(response.status, 404u) << target;
    EXPECT_EQ(code_of(response), "not_found");
  }
}

}  // namespace
}  // namespace pfhost::core::serve
