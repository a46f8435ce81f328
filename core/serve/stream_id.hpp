// What an SRT caller asks for, read from its streamid before anything is set up. Two forms:
//
//   SRT access control:  #!::r=1920x1080@60,u=alice[,codec=h264|hevc|av1][,t=TOKEN]
//   plain:               mode=1920x1080@60,client=alice[,codec=...][,token=TOKEN]
//
// The text is percent-decoded first, because ffmpeg and VLC pass "%23!::" through verbatim. A
// bad request comes back as a StreamIdError carrying the SRT reject code the caller will see, so
// the listen callback can refuse it at once without touching a display.
#pragma once

#include <pfhost/display.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace pfhost::core::serve {

// SRT_REJX_* values from <srt/access_control.h>, repeated so that this parser (and its tests)
// need no libsrt.
enum class RejectCode : int {
  bad_request = 1400,   // malformed streamid, bad or missing mode, bad client name
  unauthorized = 1401,  // missing or wrong token
  overload = 1402,      // max_sessions reached
  bad_mode = 1405,      // m=publish: this host only sends
  unacceptable = 1406,  // a codec the host does not know
};

class StreamIdError : public std::invalid_argument {
 public:
  StreamIdError(RejectCode code, const std::string &what)
      : std::invalid_argument(what), code_(code) {}
  RejectCode code() const noexcept { return code_; }

 private:
  RejectCode code_;
};

struct ClientRequest {
  pfhost_mode mode{};
  std::string client;  // empty: the caller named none (the listener names it after its address)
  uint32_t codec = 0;  // pfhost_codec; h264 unless the caller asked otherwise
  std::string token;   // empty: the caller sent none
};

// "%23!::r=..." -> "#!::r=...". Throws StreamIdError (bad_request) on a broken escape.
std::string percent_decode(std::string_view text);

// Parses and checks a streamid. Throws StreamIdError with the reject code and a message that
// names the key and what is allowed. `required_token`: when set, the caller's token must equal
// it (compared in constant time).
ClientRequest parse_stream_id(std::string_view stream_id,
                              const std::optional<std::string> &required_token = std::nullopt);

// Compares without an early exit, so the time taken does not tell how much of a secret matched.
bool equal_in_constant_time(std::string_view a, std::string_view b) noexcept;

}  // namespace pfhost::core::serve
