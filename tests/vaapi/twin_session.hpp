// What the vaapi plugin tests share: the plugin config that points it at the VA-API driver twin
// (the environment that loads the twin is set by ctest, see CMakeLists.txt), the twin's report,
// and an H.264 encoder opened through the plugin's C ABI.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "plugin_harness.hpp"

namespace pfhost::vaapi::test {

using software::test::TestHost;

// [plugins.vaapi] for the twin: its stand-in render node and the profile it encodes.
std::map<std::string, TestHost::Value> twin_config(
    std::map<std::string, TestHost::Value> extra = {});

// Points the twin's report (written at vaTerminate) at a fresh file and returns its path; set
// before the encoder opens its display.
std::string fresh_twin_report(const std::string &test_name);

// The last report block in `path`: counters, leaks, violations ("" when there is none).
std::map<std::string, std::string> read_twin_report(const std::string &path);

// Constrained-baseline H.264 parameters (what the twin encodes) for BGRX CPU frames.
pfhost_encoder_params h264_params(uint32_t width, uint32_t height, uint32_t bitrate_kbps = 2000);

}  // namespace pfhost::vaapi::test
