#include "loader/host_services.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace pfhost::core {
namespace {

TEST(HostServices, TypedLookupsOverThePluginTable) {
  PluginSettings settings{{"preset", std::string("fast")},
                          {"bitrate", int64_t{8000}},
                          {"gain", 1.5},
                          {"enabled", true},
                          {"modes[0]", std::string("1080p")}};
  const pfhost_host_api *api = make_host_services("plug", settings);
  ASSERT_EQ(api->abi_major, static_cast<uint32_t>(PFHOST_ABI_MAJOR));
  void *ctx = api->host_ctx;

  const char *text = nullptr;
  EXPECT_EQ(api->config_get_string(ctx, "preset", &text), PFHOST_OK);
  EXPECT_STREQ(text, "fast");
  EXPECT_EQ(api->config_get_string(ctx, "modes[0]", &text), PFHOST_OK);
  EXPECT_EQ(api->config_get_string(ctx, "bitrate", &text), PFHOST_E_INVALID_ARGUMENT);
  EXPECT_EQ(api->config_get_string(ctx, "absent", &text), PFHOST_E_NOT_FOUND);

  int64_t number = 0;
  EXPECT_EQ(api->config_get_int(ctx, "bitrate", &number), PFHOST_OK);
  EXPECT_EQ(number, 8000);
  EXPECT_EQ(api->config_get_int(ctx, "gain", &number), PFHOST_E_INVALID_ARGUMENT);
  double real = 0;
  EXPECT_EQ(api->config_get_double(ctx, "gain", &real), PFHOST_OK);
  EXPECT_EQ(real, 1.5);
  EXPECT_EQ(api->config_get_double(ctx, "bitrate", &real), PFHOST_OK);  // integers convert
  EXPECT_EQ(real, 8000.0);
  int32_t flag = 0;
  EXPECT_EQ(api->config_get_bool(ctx, "enabled", &flag), PFHOST_OK);
  EXPECT_EQ(flag, 1);

  std::set<std::string> keys;
  for (uint32_t i = 0; const char *key = api->config_key_at(ctx, i); ++i) keys.insert(key);
  EXPECT_EQ(keys.size(), settings.size());
  EXPECT_EQ(api->config_key_at(ctx, 99), nullptr);

  const uint64_t a = api->now_ns(ctx);
  const uint64_t b = api->now_ns(ctx);
  EXPECT_LE(a, b);
  api->log(ctx, PFHOST_LOG_INFO, "a plugin log line");  // must not crash, also with odd input
  api->log(ctx, 99, nullptr);
}

TEST(HostServices, EveryPluginGetsItsOwnTable) {
  const pfhost_host_api *a = make_host_services("a", {{"k", std::string("from a")}});
  const pfhost_host_api *b = make_host_services("b", {});
  const char *text = nullptr;
  EXPECT_EQ(a->config_get_string(a->host_ctx, "k", &text), PFHOST_OK);
  EXPECT_EQ(b->config_get_string(b->host_ctx, "k", &text), PFHOST_E_NOT_FOUND);
}

}  // namespace
}  // namespace pfhost::core
