// dma-buf input: an NV12 frame in a shared-memory fd (what a capturer hands over as a dma-buf) is
// imported as a VA surface through DRM PRIME, without a copy in the plugin, and its pixels are
// what the stream decodes to, bit for bit in luma.
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>

#include "stream_decoder.hpp"
#include "test_images.hpp"
#include "twin_session.hpp"

namespace pfhost::vaapi::test {
namespace {

using namespace software::test;

constexpr uint32_t kDrmFormatNv12 = 0x3231564e;

TEST(VaapiDmabuf, Nv12DmabufIsImportedAndEncoded) {
  constexpr uint32_t width = 192, height = 112;
  const std::string report = fresh_twin_report("dmabuf");
  TestImage image =
      stripes_image(PFHOST_PIXEL_FORMAT_NV12, width, height, {kBlue, kGreen, kRed, kBlue}, 64);
  const size_t luma_size = image.planes[0].size();
  const int fd = memfd_create("pfhost-test-nv12", MFD_CLOEXEC);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, image.planes[0].data(), luma_size), static_cast<ssize_t>(luma_size));
  ASSERT_EQ(write(fd, image.planes[1].data(), image.planes[1].size()),
            static_cast<ssize_t>(image.planes[1].size()));

  std::vector<Packet> packets;
  {
    TestHost host(twin_config());
    PluginInstance plugin(host);
    pfhost_encoder_params params = h264_params(width, height);
    params.input_memory = PFHOST_MEMORY_DMABUF;
    params.input_format = PFHOST_PIXEL_FORMAT_NV12;
    Encoder encoder(plugin, params);
    ASSERT_TRUE(encoder.ok()) << encoder.open_result().reason;
    for (uint32_t i = 0; i < 3; ++i) {
      pfhost_frame frame{};
      frame.struct_size = sizeof frame;
      frame.memory = PFHOST_MEMORY_DMABUF;
      frame.pixel_format = PFHOST_PIXEL_FORMAT_NV12;
      frame.width = width;
      frame.height = height;
      frame.plane_count = 2;
      frame.timestamp_ns = timestamp_of(i);
      frame.sequence = i;
      frame.u.dmabuf.fd[0] = frame.u.dmabuf.fd[1] = fd;
      frame.u.dmabuf.offset[1] = static_cast<uint32_t>(luma_size);
      frame.u.dmabuf.stride[0] = image.stride[0];
      frame.u.dmabuf.stride[1] = image.stride[1];
      frame.u.dmabuf.drm_fourcc = kDrmFormatNv12;
      const Result submitted = encoder.submit(frame);
      ASSERT_EQ(submitted.status, PFHOST_OK) << submitted.reason;
      for (Packet &packet : encoder.receive_all()) packets.push_back(std::move(packet));
    }
  }
  close(fd);
  ASSERT_EQ(packets.size(), 3u);
  int errors = 0;
  const std::vector<DecodedPicture> pictures =
      decode_stream(PFHOST_CODEC_H264, packets, 0, &errors);
  EXPECT_EQ(errors, 0);
  ASSERT_EQ(pictures.size(), 3u);
  for (const DecodedPicture &picture : pictures) {
    ASSERT_EQ(picture.width, static_cast<int>(width));
    ASSERT_EQ(picture.height, static_cast<int>(height));
    for (uint32_t y = 0; y < height; ++y)
      ASSERT_EQ(std::memcmp(&picture.y[y * width], &image.planes[0][y * image.stride[0]], width), 0)
          << "luma row " << y << " differs";
  }
  const auto twin = read_twin_report(report);
  EXPECT_EQ(twin.at("imported_surfaces"), "3");
  EXPECT_EQ(twin.at("violations"), "0") << twin.at("first_violation");
  EXPECT_EQ(twin.at("leaked_total"), "0");
}

}  // namespace
}  // namespace pfhost::vaapi::test
