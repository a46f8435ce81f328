// ADDR:PORT for the listeners: forms accepted, loopback detection, and the error text.
#include "serve/listen_address.hpp"

#include <gtest/gtest.h>

namespace pfhost::core::serve {
namespace {

TEST(ListenAddress, Forms) {
  const ListenAddress v4 = parse_listen_address("127.0.0.1:9710", "srt_listen");
  EXPECT_EQ(v4.host, "127.0.0.1");
  EXPECT_EQ(v4.port, 9710);
  EXPECT_TRUE(v4.loopback());
  EXPECT_EQ(v4.text(), "127.0.0.1:9710");
  const ListenAddress v6 = parse_listen_address("[::1]:0", "srt_listen");
  EXPECT_TRUE(v6.ipv6);
  EXPECT_TRUE(v6.loopback());
  EXPECT_EQ(v6.text(), "[::1]:0");
  EXPECT_EQ(parse_listen_address("localhost:5", "x").host, "127.0.0.1");
  EXPECT_FALSE(parse_listen_address("0.0.0.0:9710", "x").loopback());
  EXPECT_FALSE(parse_listen_address("[::]:9710", "x").loopback());
  EXPECT_TRUE(parse_listen_address("127.8.9.10:1", "x").loopback());
}

TEST(ListenAddress, BadInputNamesTheFieldAndTheForm) {
  for (const char *bad : {"9710", "127.0.0.1", "127.0.0.1:70000", "127.0.0.1:x", "host.lan:9710",
                          "[::1:9710", "::1:9710"}) {
    try {
      parse_listen_address(bad, "--srt-listen");
      ADD_FAILURE() << bad << " accepted";
    } catch (const std::invalid_argument &e) {
      EXPECT_NE(std::string(e.what()).find("--srt-listen '" + std::string(bad) + "'"),
                std::string::npos)
          << e.what();
      EXPECT_NE(std::string(e.what()).find("expected ADDR:PORT"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace pfhost::core::serve
