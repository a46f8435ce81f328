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
tls_cert = "tls/cert.pem"
tls_key = "key.pem"
allowed_hosts = ["studio.lan", "192.168.1.20"]
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
  EXPECT_EQ(config.serve.tls_cert,
            std::filesystem::absolute(std::filesystem::path("/cfg") / "tls" / "cert.pem").string());
  EXPECT_EQ(config.serve.tls_key,
            std::filesystem::absolute(std::filesystem::path("/cfg") / "key.pem").string());
  EXPECT_EQ(config.serve.allowed_hosts, (std::vector<std::string>{"studio.lan", "192.168.1.20"}));
}

TEST(ServeTable, TlsPairAndHostNamesAreChecked) {
  const std::string lone_cert = config_error("[serve]\ntls_cert = \"c.pem\"\n");
  EXPECT_NE(lone_cert.find("key 'serve.tls_cert': is set without its pair"), std::string::npos)
      << lone_cert;
  const std::string lone_key = config_error("[serve]\ntls_key = \"k.pem\"\n");
  EXPECT_NE(lone_key.find("key 'serve.tls_key': is set without its pair"), std::string::npos)
      << lone_key;
  const std::string bad_host = config_error("[serve]\nallowed_hosts = [\"a b\"]\n");
  EXPECT_NE(bad_host.find("serve.allowed_hosts[0]"), std::string::npos) << bad_host;
  const std::string not_array = config_error("[serve]\nallowed_hosts = \"studio.lan\"\n");
  EXPECT_NE(not_array.find("serve.allowed_hosts"), std::string::npos) << not_array;
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
