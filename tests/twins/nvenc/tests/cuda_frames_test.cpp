// CUDA frames: registered with the session and mapped per frame, without a copy when the planes
// lie the way NVENC reads them (one allocation, chroma after luma at the same pitch), and through
// one device-to-device copy otherwise. The frames live in the twin's "device memory" (host memory
// behind libcuda's own calls), so the test allocates them the way a capturer would.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

#include "plugin_harness.hpp"
#include "stream_decoder.hpp"
#include "test_images.hpp"
#include "twin_report.hpp"

namespace pfhost::nvenc::test {
namespace {

using namespace software::test;

constexpr uint32_t kWidth = 192;
constexpr uint32_t kHeight = 128;
constexpr uint32_t kPitch = 256;  // a device pitch wider than the row
const std::vector<Rgb> kStripes = {kRed, kGreen, kBlue};

// The CUDA driver calls a capturer makes, from the library the plugin loads (the twin).
struct Cuda {
  using Ptr = unsigned long long;
  int (*init)(unsigned);
  int (*ctx_create)(void **, unsigned, int);
  int (*ctx_pop)(void **);
  int (*ctx_destroy)(void *);
  int (*alloc)(Ptr *, size_t);
  int (*free)(Ptr);
  int (*copy_to_device)(Ptr, const void *, size_t);
  long (*live_allocations)();

  Cuda() {
    void *library = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) throw std::runtime_error(dlerror());
    load(library, init, "cuInit");
    load(library, ctx_create, "cuCtxCreate_v2");
    load(library, ctx_pop, "cuCtxPopCurrent_v2");
    load(library, ctx_destroy, "cuCtxDestroy_v2");
    load(library, alloc, "cuMemAlloc_v2");
    load(library, free, "cuMemFree_v2");
    load(library, copy_to_device, "cuMemcpyHtoD_v2");
    load(library, live_allocations, "pfhost_cuda_twin_live_allocations");
  }
  template <class F>
  static void load(void *library, F &function, const char *name) {
    function = reinterpret_cast<F>(dlsym(library, name));
    if (function == nullptr)
      throw std::runtime_error(std::string("no ") + name + " (not the twin?)");
  }
};

// An NV12 picture in device memory: one allocation, or one per plane.
struct DeviceFrame {
  Cuda &cuda;
  Cuda::Ptr planes[2] = {};
  bool separate;

  DeviceFrame(Cuda &c, const TestImage &image, bool separate_planes)
      : cuda(c), separate(separate_planes) {
    const size_t luma = size_t{kPitch} * kHeight, chroma = size_t{kPitch} * (kHeight / 2);
    if (separate) {
      EXPECT_EQ(cuda.alloc(&planes[0], luma), 0);
      EXPECT_EQ(cuda.alloc(&planes[1], chroma), 0);
    } else {
      EXPECT_EQ(cuda.alloc(&planes[0], luma + chroma), 0);
      planes[1] = planes[0] + luma;
    }
    const uint32_t rows[2] = {kHeight, kHeight / 2};
    for (int plane = 0; plane < 2; ++plane)
      for (uint32_t row = 0; row < rows[plane]; ++row)
        cuda.copy_to_device(planes[plane] + Cuda::Ptr{row} * kPitch,
                            image.planes[plane].data() + size_t{row} * image.stride[plane], kWidth);
  }
  ~DeviceFrame() {
    cuda.free(planes[0]);
    if (separate) cuda.free(planes[1]);
  }
  pfhost_frame frame(void *context, uint64_t index) const {
    pfhost_frame f{};
    f.struct_size = sizeof f;
    f.memory = PFHOST_MEMORY_CUDA;
    f.pixel_format = PFHOST_PIXEL_FORMAT_NV12;
    f.width = kWidth;
    f.height = kHeight;
    f.plane_count = 2;
    f.timestamp_ns = timestamp_of(static_cast<uint32_t>(index));
    f.sequence = index;
    for (int plane = 0; plane < 2; ++plane) {
      f.u.cuda.device_ptr[plane] = planes[plane];
      f.u.cuda.pitch[plane] = kPitch;
    }
    f.u.cuda.context = context;
    return f;
  }
};

class NvencCudaFrames : public testing::TestWithParam<bool> {};  // separate planes?

TEST_P(NvencCudaFrames, EncodeTheDeviceFramesColours) {
  const bool separate = GetParam();
  TwinReport report;
  Cuda cuda;
  ASSERT_EQ(cuda.init(0), 0);
  void *context = nullptr;
  // Current on this thread from here on, as in a capturer; the plugin pushes its own around calls.
  ASSERT_EQ(cuda.ctx_create(&context, 0, 0), 0);
  {
    const TestImage image = stripes_image(PFHOST_PIXEL_FORMAT_NV12, kWidth, kHeight, kStripes);
    DeviceFrame device(cuda, image, separate);
    const long ours = cuda.live_allocations();
    std::vector<Packet> packets;
    {
      TestHost host;
      PluginInstance plugin(host);
      pfhost_encoder_params params = default_params(PFHOST_CODEC_H264, kWidth, kHeight, 4000);
      params.input_memory = PFHOST_MEMORY_CUDA;
      params.input_format = PFHOST_PIXEL_FORMAT_NV12;
      Encoder encoder(plugin, params);
      ASSERT_TRUE(encoder.ok()) << encoder.open_result().reason;
      for (uint64_t i = 0; i < 3; ++i) {
        const Result submitted = encoder.submit(device.frame(context, i));
        ASSERT_EQ(submitted.status, PFHOST_OK) << submitted.reason;
        for (Packet &packet : encoder.receive_all()) packets.push_back(std::move(packet));
      }
      // Zero copy means no buffer of the plugin's own; separate planes need exactly one.
      EXPECT_EQ(cuda.live_allocations() - ours, separate ? 1 : 0);
    }
    EXPECT_EQ(cuda.live_allocations(), ours) << "the plugin freed what it allocated";
    ASSERT_EQ(packets.size(), 3u);
    const std::vector<DecodedPicture> pictures = decode_stream(PFHOST_CODEC_H264, packets);
    ASSERT_EQ(pictures.size(), 3u);
    EXPECT_EQ(pictures.back().width, static_cast<int>(kWidth));
    for (size_t i = 0; i < kStripes.size(); ++i) {
      const Rgb got =
          pictures.back().rgb_at(static_cast<int>((2 * i + 1) * kWidth / 6), kHeight / 2);
      EXPECT_NEAR(got.r, kStripes[i].r, 24) << "stripe " << i;
      EXPECT_NEAR(got.g, kStripes[i].g, 24) << "stripe " << i;
      EXPECT_NEAR(got.b, kStripes[i].b, 24) << "stripe " << i;
    }
  }
  cuda.ctx_pop(nullptr);
  cuda.ctx_destroy(context);
  for (const std::string &line : report.events("violation")) ADD_FAILURE() << line;
  const std::vector<std::string> destroyed = report.events("destroy");
  ASSERT_FALSE(destroyed.empty());
  EXPECT_EQ(number(destroyed.back(), "leaked_registrations"), 0u);
  EXPECT_EQ(number(destroyed.back(), "still_mapped"), 0u);
  EXPECT_EQ(number(destroyed.back(), "frames"), 3u);
}

INSTANTIATE_TEST_SUITE_P(Layouts, NvencCudaFrames, testing::Values(false, true),
                         [](const testing::TestParamInfo<bool> &param) {
                           return param.param ? "SeparatePlanesCopiedOnce"
                                              : "OneAllocationZeroCopy";
                         });

}  // namespace
}  // namespace pfhost::nvenc::test
