#include "loader/probe_protocol.hpp"

#include <gtest/gtest.h>

namespace pfhost::core {
namespace {

TEST(ProbeProtocol, SettingsRoundTripWithTheirTypes) {
  std::map<std::string, PluginSettings> plugins;
  plugins["a"] = {{"s", std::string("text")}, {"i", int64_t{-3}}, {"d", 2.0}, {"b", false}};
  plugins["b"] = {};
  EXPECT_EQ(decode_worker_settings(encode_worker_settings(plugins)), plugins);
  EXPECT_THROW(decode_worker_settings("nope"), std::runtime_error);
}

TEST(ProbeProtocol, EventsBuildTheReportAndTrackTheOpenCall) {
  WorkerReport report;
  DescriptorInfo d;
  d.name = "p";
  BackendInfo b;
  b.name = "x";
  b.kind = 3;
  d.backends.push_back(b);
  for (const auto &line :
       {worker_events::begin("load"), worker_events::begin("entry"), worker_events::descriptor(d),
        worker_events::begin("probe", "x"), worker_events::probe("x", PFHOST_OK, ""),
        worker_events::begin("query_caps", "x")}) {
    apply_worker_line(report, std::string_view(line).substr(0, line.size() - 1));
  }
  ASSERT_TRUE(report.descriptor);
  EXPECT_EQ(*report.descriptor, d);
  EXPECT_EQ(report.probes.at("x").status, PFHOST_OK);
  ASSERT_TRUE(report.open_phase);
  EXPECT_EQ(report.open_phase->describe(), "in query_caps of backend 'x'");
  EXPECT_FALSE(report.done);

  EncoderCaps caps;
  caps.codecs = 2;
  const auto answer = worker_events::caps("x", PFHOST_OK, "", caps);
  apply_worker_line(report, std::string_view(answer).substr(0, answer.size() - 1));
  EXPECT_FALSE(report.open_phase);
  EXPECT_EQ(report.probes.at("x").caps, caps);
}

TEST(ProbeProtocol, GarbageIsRememberedNotFatal) {
  WorkerReport report;
  apply_worker_line(report, "{\"event\": \"begin\", \"call\": \"init\"}");
  apply_worker_line(report, "this is not json");
  EXPECT_FALSE(report.protocol_error.empty());
  ASSERT_TRUE(report.open_phase);
  EXPECT_EQ(report.open_phase->describe(), "in init");
}

TEST(ProbeProtocol, InvalidUtf8FromAPluginStillMakesAnEvent) {
  const std::string line = worker_events::probe("x", PFHOST_E_UNAVAILABLE, "bad \xff byte");
  WorkerReport report;
  apply_worker_line(report, std::string_view(line).substr(0, line.size() - 1));
  EXPECT_EQ(report.probes.at("x").status, PFHOST_E_UNAVAILABLE);
}

}  // namespace
}  // namespace pfhost::core
