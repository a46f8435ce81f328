#include "twin_report.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace pfhost::nvenc::test {

TwinReport::TwinReport() {
  char name[] = "/tmp/pfhost-nvenc-twin-report.XXXXXX";
  const int fd = mkstemp(name);
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  close(fd);
  path_ = name;
  setenv("PFHOST_NVENC_TWIN_REPORT", path_.c_str(), 1);
  unsetenv("PFHOST_NVENC_TWIN_FAIL");
}

TwinReport::~TwinReport() {
  unsetenv("PFHOST_NVENC_TWIN_REPORT");
  unsetenv("PFHOST_NVENC_TWIN_FAIL");
  std::remove(path_.c_str());
}

void TwinReport::inject(const std::string &fault) {
  if (fault.empty()) {
    unsetenv("PFHOST_NVENC_TWIN_FAIL");
  } else {
    setenv("PFHOST_NVENC_TWIN_FAIL", fault.c_str(), 1);
  }
}

std::vector<std::string> TwinReport::lines() const {
  std::vector<std::string> result;
  std::ifstream file(path_);
  for (std::string line; std::getline(file, line);) result.push_back(line);
  return result;
}

std::vector<std::string> TwinReport::events(const std::string &event) const {
  std::vector<std::string> result;
  for (const std::string &line : lines())
    if (line.rfind(event, 0) == 0) result.push_back(line);
  return result;
}

std::optional<std::string> field(const std::string &line, const std::string &key) {
  const std::string needle = " " + key + "=";
  const size_t at = line.find(needle);
  if (at == std::string::npos) return std::nullopt;
  const size_t start = at + needle.size();
  return line.substr(start, line.find(' ', start) - start);
}

uint64_t number(const std::string &line, const std::string &key) {
  const std::optional<std::string> value = field(line, key);
  if (!value) ADD_FAILURE() << "no " << key << "= in '" << line << "'";
  return value ? std::stoull(*value) : 0;
}

}  // namespace pfhost::nvenc::test
