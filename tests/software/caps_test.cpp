// The descriptor, probe and query_caps: what the plugin says about itself must match what
// libavcodec actually has on this machine.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstring>

#include "plugin_harness.hpp"

extern "C" {
#include <libavcodec/avcodec.h>
}

namespace pfhost::software::test {
namespace {

uint32_t codecs_in_libavcodec() {
  uint32_t mask = 0;
  if (avcodec_find_encoder_by_name("libx264")) mask |= 1u << PFHOST_CODEC_H264;
  if (avcodec_find_encoder_by_name("libx265")) mask |= 1u << PFHOST_CODEC_HEVC;
  if (avcodec_find_encoder_by_name("libsvtav1")) mask |= 1u << PFHOST_CODEC_AV1;
  return mask;
}

TEST(SoftwareDescriptor, IsOneEncodeBackendNamedSoftwareAtFallbackRank) {
  const LoadedPlugin &plugin = loaded_plugin();
  EXPECT_EQ(plugin.descriptor->abi_major, uint32_t{PFHOST_ABI_MAJOR});
  EXPECT_STREQ(plugin.descriptor->name, "software");
  ASSERT_EQ(plugin.descriptor->backend_count, 1u);
  EXPECT_EQ(plugin.backend->kind, uint32_t{PFHOST_BACKEND_ENCODE});
  EXPECT_STREQ(plugin.backend->name, "software");
  EXPECT_EQ(plugin.backend->rank, 10);
  ASSERT_NE(plugin.encode, nullptr);
  EXPECT_EQ(plugin.backend->display, nullptr);
  EXPECT_EQ(plugin.backend->capture, nullptr);
  // Keyframes come only through PFHOST_SUBMIT_FORCE_KEYFRAME; the slot is layout-only.
  EXPECT_EQ(plugin.encode->request_keyframe, nullptr);
  EXPECT_NE(plugin.encode->set_bitrate, nullptr);
  EXPECT_NE(plugin.encode->flush, nullptr);
}

TEST(SoftwareDescriptor, RefusesAnotherAbiMajor) {
  // A host of another major must get NULL, not a descriptor the plugin cannot honour; another
  // minor is fine in both directions.
  const LoadedPlugin &plugin = loaded_plugin();
  EXPECT_EQ(plugin.entry(PFHOST_ABI_MAJOR + 1, 0), nullptr);
  EXPECT_EQ(plugin.entry(PFHOST_ABI_MAJOR, PFHOST_ABI_MINOR + 5), plugin.descriptor);
}

TEST(SoftwareProbe, OkAndNamesTheEncodersFound) {
  TestHost host;
  PluginInstance plugin(host);
  ASSERT_EQ(plugin.init_result().status, PFHOST_OK) << plugin.init_result().reason;
  const Result probe = plugin.probe();
  const uint32_t expected = codecs_in_libavcodec();
  if (expected == 0) {
    EXPECT_EQ(probe.status, PFHOST_E_UNSUPPORTED);
    EXPECT_NE(probe.reason.find("none of libx264, libx265, libsvtav1"), std::string::npos);
    return;
  }
  EXPECT_EQ(probe.status, PFHOST_OK) << probe.reason;
  EXPECT_EQ(probe.reason.find("libx264") != std::string::npos,
            (expected & (1u << PFHOST_CODEC_H264)) != 0);
  EXPECT_EQ(probe.reason.find("libx265") != std::string::npos,
            (expected & (1u << PFHOST_CODEC_HEVC)) != 0);
  EXPECT_EQ(probe.reason.find("libsvtav1") != std::string::npos,
            (expected & (1u << PFHOST_CODEC_AV1)) != 0);
}

TEST(SoftwareCaps, MatchLibavcodecAndTheConverter) {
  TestHost host;
  PluginInstance plugin(host);
  pfhost_encoder_caps caps{};
  caps.struct_size = sizeof caps;
  const Result result = plugin.query_caps(caps);
  ASSERT_EQ(result.status, PFHOST_OK) << result.reason;
  EXPECT_EQ(caps.codecs, codecs_in_libavcodec());
  EXPECT_EQ(caps.bit_depths, 1u << 8);
  EXPECT_EQ(caps.chroma, 1u << PFHOST_CHROMA_420);
  EXPECT_EQ(caps.input_memory, 1u << PFHOST_MEMORY_CPU);
  EXPECT_GE(caps.max_width, 3840u);
  EXPECT_GE(caps.max_height, 2160u);
  uint64_t formats = 0;
  for (pfhost_pixel_format format :
       {PFHOST_PIXEL_FORMAT_BGRX, PFHOST_PIXEL_FORMAT_RGBX, PFHOST_PIXEL_FORMAT_BGRA,
        PFHOST_PIXEL_FORMAT_RGBA, PFHOST_PIXEL_FORMAT_RGB, PFHOST_PIXEL_FORMAT_BGR,
        PFHOST_PIXEL_FORMAT_NV12})
    formats |= 1ull << format;
  EXPECT_EQ(caps.input_formats, formats);
  EXPECT_EQ(caps.flags & PFHOST_ENCODE_CAP_INTRA_REFRESH, 0u);
  // Caps are per backend: a flag is claimed only if it holds for every codec offered. SVT-AV1
  // 1.4 delays its packets; only libx264 can change bitrate in flight.
  const bool has_av1 = (caps.codecs & (1u << PFHOST_CODEC_AV1)) != 0;
  EXPECT_EQ((caps.flags & PFHOST_ENCODE_CAP_LOW_LATENCY) != 0, !has_av1);
  const bool only_h264 = caps.codecs == (1u << PFHOST_CODEC_H264);
  EXPECT_EQ((caps.flags & PFHOST_ENCODE_CAP_BITRATE_CHANGE) != 0, only_h264);
}

TEST(SoftwareCaps, WritesNoFurtherThanAnOlderHostsStruct) {
  TestHost host;
  PluginInstance plugin(host);
  // A host built against a smaller pfhost_encoder_caps: everything past its size is not its own.
  pfhost_encoder_caps caps;
  std::memset(&caps, 0xab, sizeof caps);
  caps.struct_size = offsetof(pfhost_encoder_caps, flags);
  ASSERT_EQ(plugin.query_caps(caps).status, PFHOST_OK);
  EXPECT_EQ(caps.struct_size, offsetof(pfhost_encoder_caps, flags));
  EXPECT_EQ(caps.codecs, codecs_in_libavcodec());
  EXPECT_EQ(caps.flags, 0xababababu);
  EXPECT_EQ(caps.input_formats, 0xababababababababull);
}

}  // namespace
}  // namespace pfhost::software::test
