#include "contract.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace vatwin {

VAStatus status_from_name(const std::string &name) {
  static const std::map<std::string, VAStatus> kStatuses = {
      {"VA_STATUS_ERROR_OPERATION_FAILED", VA_STATUS_ERROR_OPERATION_FAILED},
      {"VA_STATUS_ERROR_ALLOCATION_FAILED", VA_STATUS_ERROR_ALLOCATION_FAILED},
      {"VA_STATUS_ERROR_INVALID_PARAMETER", VA_STATUS_ERROR_INVALID_PARAMETER},
      {"VA_STATUS_ERROR_UNSUPPORTED_PROFILE", VA_STATUS_ERROR_UNSUPPORTED_PROFILE},
      {"VA_STATUS_ERROR_UNSUPPORTED_ENTRYPOINT", VA_STATUS_ERROR_UNSUPPORTED_ENTRYPOINT},
      {"VA_STATUS_ERROR_MAX_NUM_EXCEEDED", VA_STATUS_ERROR_MAX_NUM_EXCEEDED},
      {"VA_STATUS_ERROR_SURFACE_BUSY", VA_STATUS_ERROR_SURFACE_BUSY},
      {"VA_STATUS_ERROR_ENCODING_ERROR", VA_STATUS_ERROR_ENCODING_ERROR},
      {"VA_STATUS_ERROR_HW_BUSY", VA_STATUS_ERROR_HW_BUSY},
      {"VA_STATUS_ERROR_TIMEDOUT", VA_STATUS_ERROR_TIMEDOUT},
      {"VA_STATUS_ERROR_UNKNOWN", VA_STATUS_ERROR_UNKNOWN},
  };
  if (const auto found = kStatuses.find(name); found != kStatuses.end()) return found->second;
  char *end = nullptr;
  const unsigned long number = std::strtoul(name.c_str(), &end, 0);
  return end != name.c_str() && *end == '\0' ? static_cast<VAStatus>(number) : VA_STATUS_SUCCESS;
}

Contract::Contract() {
  if (const char *report = std::getenv("VATWIN_REPORT")) report_path_ = report;
  if (const char *fail = std::getenv("VATWIN_FAIL")) {
    const std::string spec = fail;
    const size_t first = spec.find(':');
    const size_t second = first == std::string::npos ? first : spec.find(':', first + 1);
    if (first != std::string::npos) {
      fail_function_ = spec.substr(0, first);
      fail_status_ = status_from_name(spec.substr(first + 1, second - first - 1));
      if (second != std::string::npos)
        fail_from_call_ = std::strtoull(spec.c_str() + second + 1, nullptr, 10);
    }
    if (fail_status_ == VA_STATUS_SUCCESS)
      std::fprintf(stderr, "va twin: VATWIN_FAIL='%s' not understood (want function:STATUS[:n])\n",
                   fail);
  }
}

void Contract::violation(const std::string &what) {
  std::fprintf(stderr, "va twin: contract violation: %s\n", what.c_str());
  if (violations_++ == 0) first_violation_ = what;
}

VAStatus Contract::injected(const char *function) {
  const uint64_t call = ++calls_[function];
  if (fail_status_ == VA_STATUS_SUCCESS || fail_function_ != function || call < fail_from_call_)
    return VA_STATUS_SUCCESS;
  count("injected_failures");
  std::fprintf(stderr, "va twin: %s call %llu fails with injected status 0x%x\n", function,
               static_cast<unsigned long long>(call), fail_status_);
  return fail_status_;
}

void Contract::write_report(const std::map<std::string, uint64_t> &leaks) const {
  if (report_path_.empty()) return;
  std::ofstream out(report_path_, std::ios::app);
  out << "begin_report=1\n";
  for (const auto &[key, value] : counters_) out << key << '=' << value << '\n';
  uint64_t leaked = 0;
  for (const auto &[kind, value] : leaks) {
    out << "leaked_" << kind << '=' << value << '\n';
    leaked += value;
  }
  out << "leaked_total=" << leaked << '\n';
  out << "violations=" << violations_ << '\n';
  out << "first_violation=" << first_violation_ << '\n';
  out << "end_report=1\n";
}

}  // namespace vatwin
