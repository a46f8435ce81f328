// What a client (the command line today, a network client with `pfhost serve`) asks the host for:
// a display at a mode, how to encode it, and where the packets go. Parsing and checking live here
// so every command words a bad request the same way and rejects it before anything is created.
#pragma once

#include <pfhost/display.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace pfhost::core {

// A request the host cannot serve as asked; what() names the field and what is allowed, e.g.
// "--codec 'vp9': expected h264, hevc or av1".
class RequestError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct StreamRequest {
  pfhost_mode mode{};     // WxH@millihertz; parse_mode() makes one from "1920x1080@60"
  std::string client_id;  // labels the display; backends that remember outputs per client use it
  uint32_t codec = 0;     // pfhost_codec; parse_codec() makes one from "h264"
  uint32_t bitrate_kbps = 8000;
  // Backend names; empty: the host's selection. The capturer follows the display actually used.
  std::string display;
  std::string capture;
  std::string encoder;
  std::vector<std::string> app;  // run inside the display where the backend can; empty: none
  // Capture this existing PipeWire node instead of creating a display.
  std::optional<uint32_t> pipewire_node;
  // File path or URL for the built-in output; ignored when the caller supplies its own sink.
  std::string output;
  // Stop after this much stream; unset: until stopped.
  std::optional<std::chrono::nanoseconds> duration;
};

// "WxH@Hz" with an optional fractional rate ("1920x1080@59.94"); Hz defaults to 60. Throws
// RequestError naming `field` ("--mode") and the expected form.
pfhost_mode parse_mode(const std::string &text, const std::string &field = "--mode");

// "h264" | "hevc" | "av1". Throws RequestError naming `field`.
uint32_t parse_codec(const std::string &name, const std::string &field = "--codec");

// Checks what needs no backend: a mode with even sides and a rate of 1..480 Hz, a known codec,
// a bitrate, an output the built-in sink can write (when `needs_output`). Throws RequestError.
void check_request_fields(const StreamRequest &request, bool needs_output);

}  // namespace pfhost::core
