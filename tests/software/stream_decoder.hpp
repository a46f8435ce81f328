// Decodes the plugin's output with libavcodec's own decoders (h264, hevc, libdav1d/libaom-av1),
// the independent check that a stream is valid, and reads decoded pixels back as RGB.
#pragma once

#include <pfhost/encode.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "plugin_harness.hpp"
#include "test_images.hpp"

struct AVCodecContext;

namespace pfhost::software::test {

struct DecodedPicture {
  int width = 0;
  int height = 0;
  bool key_frame = false;
  bool intra = false;            // pict_type I
  int64_t index = -1;            // the packet index it came from
  int colorspace = 0;            // AVColorSpace
  int color_range = 0;           // AVColorRange
  std::vector<uint8_t> y, u, v;  // YUV420P planes, tightly packed

  // The pixel converted back with BT.709 limited range (what the plugin signals).
  Rgb rgb_at(int x, int y) const;
};

class StreamDecoder {
 public:
  explicit StreamDecoder(pfhost_codec codec);
  ~StreamDecoder();
  StreamDecoder(const StreamDecoder &) = delete;
  StreamDecoder &operator=(const StreamDecoder &) = delete;

  const std::string &name() const noexcept { return name_; }
  // Decodes one packet (errors are fatal: AV_EF_EXPLODE) and returns the pictures it released.
  // A rejected packet counts in errors().
  std::vector<DecodedPicture> decode(const Packet &packet, int64_t index);
  // Drains the decoder.
  std::vector<DecodedPicture> finish();
  int errors() const noexcept { return errors_; }

 private:
  std::vector<DecodedPicture> drain();

  std::string name_;
  AVCodecContext *context_ = nullptr;
  int errors_ = 0;
};

// Decodes packets[first..] with a fresh decoder; pictures in output order.
std::vector<DecodedPicture> decode_stream(pfhost_codec codec, const std::vector<Packet> &packets,
                                          size_t first = 0, int *errors = nullptr);

}  // namespace pfhost::software::test
