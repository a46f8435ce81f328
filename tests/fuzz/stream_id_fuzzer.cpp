// libFuzzer target: an SRT caller's streamid (any bytes, up to SRT's 512) -> parse_stream_id,
// which runs in libsrt's listen callback for every caller, before anything is admitted. It must
// never crash and never throw anything but StreamIdError; what it accepts must be usable: a mode
// inside the limits the host can create, a known codec, the required token when one is set.
#include <fuzzer/FuzzedDataProvider.h>

#include <pfhost/encode.h>

#include <cstdlib>
#include <string>

#include "serve/stream_id.hpp"

using namespace pfhost::core::serve;

namespace {
void require(bool condition) {
  if (!condition) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FuzzedDataProvider input(data, size);
  const bool with_token = input.ConsumeBool();
  const std::string stream_id = input.ConsumeRemainingBytesAsString();
  const std::optional<std::string> token =
      with_token ? std::optional<std::string>("s3cret") : std::nullopt;
  try {
    const ClientRequest request = parse_stream_id(stream_id, token);
    require(request.mode.width > 0 && request.mode.height > 0);
    require(request.mode.width <= 16384 && request.mode.height <= 16384);
    require(request.codec == PFHOST_CODEC_H264 || request.codec == PFHOST_CODEC_HEVC ||
            request.codec == PFHOST_CODEC_AV1);
    if (token) require(request.token == *token);
  } catch (const StreamIdError &) {
    // A refusal with its reject code is the expected answer to most inputs.
  }
  return 0;
}
