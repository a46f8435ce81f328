// The ScreenCast portal's Request paths, Response codes and Start results, without a portal.
#include "portal_response.hpp"

#include <gtest/gtest.h>

#include <pfhost/plugin.hpp>

namespace pfhost::wlroots {
namespace {

using StreamEntry = sdbus::Struct<uint32_t, std::map<std::string, sdbus::Variant>>;

TEST(PortalResponse, RequestPathFollowsThePortalRule) {
  EXPECT_EQ(portal_request_path(":1.42", "pfhost7"),
            "/org/freedesktop/portal/desktop/request/1_42/pfhost7");
}

TEST(PortalResponse, ResponseCodesBecomeReasons) {
  EXPECT_EQ(portal_response_error(0, "Start"), std::nullopt);
  EXPECT_NE(portal_response_error(1, "Start")->find("cancelled by the user"), std::string::npos);
  const auto other = portal_response_error(2, "SelectSources");
  ASSERT_TRUE(other);
  EXPECT_NE(other->find("SelectSources failed (response 2"), std::string::npos);
}

TEST(PortalResponse, ParsesStreamsWithNodeAndSize) {
  std::map<std::string, sdbus::Variant> properties;
  properties["size"] = sdbus::Variant(sdbus::Struct<int32_t, int32_t>(1600, 900));
  properties["source_type"] = sdbus::Variant(1u);
  std::vector<StreamEntry> streams = {StreamEntry(57u, properties),
                                      StreamEntry(58u, std::map<std::string, sdbus::Variant>{})};
  PortalResults results;
  results["streams"] = sdbus::Variant(streams);
  const auto parsed = parse_portal_streams(results);
  ASSERT_EQ(parsed.size(), 2u);
  EXPECT_EQ(parsed[0].node_id, 57u);
  EXPECT_EQ(parsed[0].width, 1600);
  EXPECT_EQ(parsed[0].height, 900);
  EXPECT_EQ(parsed[1].node_id, 58u);
  EXPECT_EQ(parsed[1].width, 0);
}

TEST(PortalResponse, MissingOrMalformedStreamsAreErrors) {
  EXPECT_THROW(parse_portal_streams({}), pfhost::Error);
  PortalResults wrong;
  wrong["streams"] = sdbus::Variant(std::string("not streams"));
  EXPECT_THROW(parse_portal_streams(wrong), pfhost::Error);
  PortalResults empty;
  empty["streams"] = sdbus::Variant(std::vector<StreamEntry>{});
  EXPECT_THROW(parse_portal_streams(empty), pfhost::Error);
}

}  // namespace
}  // namespace pfhost::wlroots
