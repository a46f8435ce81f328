// The test side of the NVENC twin: a fresh report file per test (PFHOST_NVENC_TWIN_REPORT), faults
// to inject (PFHOST_NVENC_TWIN_FAIL), and the report's lines and key=value fields to assert on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pfhost::nvenc::test {

class TwinReport {
 public:
  // Points the twin at a new, empty report file and clears any fault.
  TwinReport();
  ~TwinReport();
  TwinReport(const TwinReport &) = delete;
  TwinReport &operator=(const TwinReport &) = delete;

  // Makes the twin fail the way a driver does, from the next call on ("" to stop).
  static void inject(const std::string &fault);

  std::vector<std::string> lines() const;
  // Lines starting with `event` ("initialize", "reconfigure", "destroy", "violation"...).
  std::vector<std::string> events(const std::string &event) const;

 private:
  std::string path_;
};

// The value of `key=` in a report line, if present.
std::optional<std::string> field(const std::string &line, const std::string &key);
uint64_t number(const std::string &line, const std::string &key);

}  // namespace pfhost::nvenc::test
