#include "twin_session.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace pfhost::vaapi::test {

std::map<std::string, TestHost::Value> twin_config(std::map<std::string, TestHost::Value> extra) {
  const char *node = std::getenv("VATWIN_DRM_NODE");
  if (node == nullptr) throw std::runtime_error("VATWIN_DRM_NODE is not set: run through ctest");
  extra.emplace("device", std::string(node));
  extra.emplace("profile", std::string("constrained_baseline"));
  return extra;
}

std::string fresh_twin_report(const std::string &test_name) {
  const char *dir = std::getenv("VATWIN_REPORT_DIR");
  const std::string path = std::string(dir != nullptr ? dir : "/tmp") + "/" + test_name + ".report";
  std::remove(path.c_str());
  setenv("VATWIN_REPORT", path.c_str(), 1);
  return path;
}

std::map<std::string, std::string> read_twin_report(const std::string &path) {
  std::ifstream in(path);
  std::map<std::string, std::string> report;
  std::string line;
  while (std::getline(in, line)) {
    if (line == "begin_report=1") report.clear();
    const size_t equals = line.find('=');
    if (equals != std::string::npos) report[line.substr(0, equals)] = line.substr(equals + 1);
  }
  return report;
}

pfhost_encoder_params h264_params(uint32_t width, uint32_t height, uint32_t bitrate_kbps) {
  return software::test::default_params(PFHOST_CODEC_H264, width, height, bitrate_kbps);
}

}  // namespace pfhost::vaapi::test
