#include "twin_control.hpp"

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string_view>

namespace pfhost::nvenc_twin {
namespace {

std::mutex report_mutex;

Faults parse_faults() {
  Faults parsed;
  const char *value = std::getenv("PFHOST_NVENC_TWIN_FAIL");
  if (value == nullptr || *value == '\0') return parsed;
  const std::string_view fault(value);
  constexpr std::string_view kAfter = "encode_error_after:";
  if (fault == "driver_too_old") {
    parsed.driver_too_old = true;
  } else if (fault == "session_limit") {
    parsed.session_limit = true;
  } else if (fault == "unsupported_param") {
    parsed.unsupported_param = true;
  } else if (fault.substr(0, kAfter.size()) == kAfter) {
    parsed.encode_error_after = std::atoll(value + kAfter.size());
  } else {
    report_violation("PFHOST_NVENC_TWIN_FAIL", "unknown fault '" + std::string(fault) + "'");
  }
  return parsed;
}

}  // namespace

Faults faults() {
  // Read on every call, so that a test can set the fault just before the call it targets.
  return parse_faults();
}

void report(const std::string &line) {
  const char *path = std::getenv("PFHOST_NVENC_TWIN_REPORT");
  if (path == nullptr || *path == '\0') return;
  std::lock_guard lock(report_mutex);
  // Appending keeps lines of several processes (a probe worker and the host) whole.
  if (std::FILE *file = std::fopen(path, "a")) {
    std::fprintf(file, "%s\n", line.c_str());
    std::fclose(file);
  }
}

void report_violation(const std::string &call, const std::string &what) {
  std::fprintf(stderr, "nvenc twin: contract violation in %s: %s\n", call.c_str(), what.c_str());
  report("violation " + call + ": " + what);
}

}  // namespace pfhost::nvenc_twin
