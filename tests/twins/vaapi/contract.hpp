// What the twin checks and tells: contract violations (logged as they happen and counted),
// counters the tests read back, the report written at vaTerminate, and the VA errors injected on
// request. Configured from the environment when libva initialises the driver:
//   VATWIN_REPORT=<file>   append a "key=value" block per vaTerminate (the last block is the
//                          latest display's)
//   VATWIN_FAIL=<function>:<VA status name or number>[:<n>]
//                          make the n-th call (default 1st) of that entry point and every later one
//                          fail with that status, e.g.
//                          vaEndPicture:VA_STATUS_ERROR_ENCODING_ERROR:3
#pragma once

#include <va/va.h>

#include <cstdint>
#include <map>
#include <string>

namespace vatwin {

class Contract {
 public:
  Contract();  // reads the environment

  // Records and logs one broken rule of the VA API ("what was wrong, and what the caller did").
  void violation(const std::string &what);
  // The status to fail `function` with on this call, or VA_STATUS_SUCCESS.
  VAStatus injected(const char *function);

  void count(const char *counter, uint64_t by = 1) { counters_[counter] += by; }
  void set(const char *counter, uint64_t value) { counters_[counter] = value; }

  // Appends the report block (counters, violations, leaks) to VATWIN_REPORT if set.
  void write_report(const std::map<std::string, uint64_t> &leaks) const;

 private:
  std::map<std::string, uint64_t> counters_;
  std::string first_violation_;
  uint64_t violations_ = 0;
  std::string report_path_;
  std::string fail_function_;
  VAStatus fail_status_ = VA_STATUS_SUCCESS;
  uint64_t fail_from_call_ = 1;
  std::map<std::string, uint64_t> calls_;
};

// VA_STATUS_ERROR_* by name (or a decimal/hex number); VA_STATUS_SUCCESS when unknown.
VAStatus status_from_name(const std::string &name);

}  // namespace vatwin
