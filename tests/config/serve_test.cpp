// The [serve] table: every key read, relative token_file anchored at the file, ranges and
// passphrase length checked with the key named.
#include "test_support.hpp"

namespace pfhost::test {
namespace {

TEST(ServeTable, EveryKeyIsRead) {
  const HostConfig config = parse_host_config(R"toml(
[serve]
srt_listen = "0.0.0.0:9000"
api_listen = "127.0.0.1:0"
srt_latency_ms = 40
srt_passphrase = "0123456789"
srt_token = "t0k"
max_sessions = 0
bitrate_kbps = 4000
token_file = "state/token"
)toml",
                                              kSource);
  EXPECT_EQ(config.serve.srt_listen, "0.0.0.0:9000");
  EXPECT_EQ(config.serve.api_listen, "127.0.0.1:0");
  EXPECT_EQ(config.serve.srt_latency_ms, 40u);
  EXPECT_EQ(config.serve.srt_passphrase, "0123456789");
  EXPECT_EQ(config.serve.srt_token, "t0k");
  EXPECT_EQ(config.serve.max_sessions, 0u);
  EXPECT_EQ(config.serve.bitrate_kbps, 4000u);
  // Anchored at the file's directory (/cfg; on Windows that is on the current drive).
  EXPECT_EQ(config.serve.token_file,
            std::filesystem::absolute(std::filesystem::path("/cfg") / "state" / "token").string());
}

TEST(ServeTable, BadValuesNameTheKey) {
  EXPECT_NE(config_error("[serve]\nsrt_passphrase = \"short\"\n")
                .find("key 'serve.srt_passphrase': is 5 characters long"),
            std::string::npos)
      << config_error("[serve]\nsrt_passphrase = \"short\"\n");
  EXPECT_NE(config_error("[serve]\nsrt_latency_ms = 5\n").find("serve.srt_latency_ms"),
            std::string::npos);
  EXPECT_NE(config_error("[serve]\nmax_sessions = 65\n").find("serve.max_sessions"),
            std::string::npos);
  EXPECT_NE(config_error("[serve]\nsrt_listn = \"x\"\n").find("srt_listen"), std::string::npos)
      << config_error("[serve]\nsrt_listn = \"x\"\n");
}

}  // namespace
}  // namespace pfhost::test
