// What a test controls and reads in the twin, all through the environment of the process that
// loads it (the tests set these before the plugin or ffmpeg opens the library):
//
//   PFHOST_NVENC_TWIN_REPORT=<file>   append one line per event: sessions opened and destroyed
//                                     (with frame, IDR and leak counts), initialisations and
//                                     reconfigurations with their rate-control values, injected
//                                     faults, and every contract violation the twin saw
//   PFHOST_NVENC_TWIN_FAIL=<fault>    make the driver fail the way a real one does:
//       driver_too_old          NvEncodeAPIGetMaxSupportedVersion reports API 11.0
//       session_limit           nvEncOpenEncodeSessionEx: NV_ENC_ERR_OUT_OF_MEMORY, the consumer
//                               GPU's concurrent-session limit
//       unsupported_param       nvEncInitializeEncoder: NV_ENC_ERR_UNSUPPORTED_PARAM
//       encode_error_after:N    nvEncEncodePicture fails with NV_ENC_ERR_GENERIC after N frames
#pragma once

#include <cstdint>
#include <string>

namespace pfhost::nvenc_twin {

struct Faults {
  bool driver_too_old = false;
  bool session_limit = false;
  bool unsupported_param = false;
  int64_t encode_error_after = -1;  // frames; -1 = never
};

// Parsed from the environment at each call; an unknown fault name is reported as a violation (a
// typo in a test must not quietly test nothing).
Faults faults();

// Appends one line to the report file, if there is one, and to stderr for violations.
void report(const std::string &line);
void report_violation(const std::string &call, const std::string &what);

}  // namespace pfhost::nvenc_twin
