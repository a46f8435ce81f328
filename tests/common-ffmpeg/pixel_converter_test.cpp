// The shared CPU frame converter: threaded conversion gives exactly the pixels one thread gives
// (every plane, odd sizes, padded strides, both outputs), screen colours land on BT.709 limited
// range whatever the thread count, and a frame that does not match is refused by name.
#include <pfhost-ffmpeg/pixel_converter.hpp>

#include <gtest/gtest.h>
#include <pfhost/plugin.hpp>

extern "C" {
#include <libavutil/pixdesc.h>
}

#include <cstdint>
#include <string>
#include <vector>

namespace pfhost::ffmpeg {
namespace {

struct Picture {
  Picture(AVPixelFormat format, int width, int height) : frame(av_frame_alloc()) {
    frame->format = format;
    frame->width = width;
    frame->height = height;
    if (av_frame_get_buffer(frame.get(), 0) < 0) throw std::bad_alloc();
  }
  // The visible bytes of every plane, row by row (padding excluded).
  std::vector<uint8_t> visible_bytes() const {
    std::vector<uint8_t> bytes;
    const bool nv12 = frame->format == AV_PIX_FMT_NV12;
    const int planes = nv12 ? 2 : 3;
    for (int plane = 0; plane < planes; ++plane) {
      const int rows = plane == 0 ? frame->height : (frame->height + 1) / 2;
      const int row_bytes = plane == 0 ? frame->width
                            : nv12     ? 2 * ((frame->width + 1) / 2)
                                       : (frame->width + 1) / 2;
      for (int y = 0; y < rows; ++y) {
        const uint8_t *row = frame->data[plane] + y * frame->linesize[plane];
        bytes.insert(bytes.end(), row, row + row_bytes);
      }
    }
    return bytes;
  }
  FramePtr frame;
};

// A BGRX frame with `stride` bytes per row (>= width * 4), filled with a pattern whose every row
// and column differs, so a slice converted from the wrong rows shows.
struct BgrxFrame {
  BgrxFrame(uint32_t width, uint32_t height, uint32_t stride, uint32_t seed)
      : pixels(size_t{stride} * height) {
    for (size_t i = 0; i < pixels.size(); ++i)
      pixels[i] = static_cast<uint8_t>(((i + seed) * 2654435761u) >> 11);
    frame = make_struct<pfhost_frame>();
    frame.memory = PFHOST_MEMORY_CPU;
    frame.pixel_format = PFHOST_PIXEL_FORMAT_BGRX;
    frame.width = width;
    frame.height = height;
    frame.u.cpu.data[0] = pixels.data();
    frame.u.cpu.stride[0] = stride;
  }
  std::vector<uint8_t> pixels;
  pfhost_frame frame;
};

TEST(PixelConverter, ThreadedConversionGivesTheSamePixelsAsOneThread) {
  struct Case {
    int width, height;
    uint32_t stride;
    AVPixelFormat output;
  };
  for (const Case c :
       {Case{1280, 720, 8192, AV_PIX_FMT_YUV420P}, Case{333, 201, 1340, AV_PIX_FMT_YUV420P},
        Case{334, 202, 1344, AV_PIX_FMT_NV12}, Case{64, 9, 256, AV_PIX_FMT_YUV420P}}) {
    SCOPED_TRACE(std::to_string(c.width) + "x" + std::to_string(c.height) + " -> " +
                 av_get_pix_fmt_name(c.output));
    PixelConverter single(PFHOST_PIXEL_FORMAT_BGRX, c.width, c.height, c.output, 1);
    Picture expected(c.output, c.width, c.height);
    for (int threads : {2, 3, 8}) {
      PixelConverter threaded(PFHOST_PIXEL_FORMAT_BGRX, c.width, c.height, c.output, threads);
      Picture actual(c.output, c.width, c.height);
      // Two different frames in a row: the second must not show anything of the first.
      for (uint32_t seed : {1u, 977u}) {
        SCOPED_TRACE(std::to_string(threads) + " threads, frame " + std::to_string(seed));
        BgrxFrame input(static_cast<uint32_t>(c.width), static_cast<uint32_t>(c.height), c.stride,
                        seed);
        single.convert(input.frame, *expected.frame);
        threaded.convert(input.frame, *actual.frame);
        ASSERT_EQ(actual.visible_bytes(), expected.visible_bytes());
      }
    }
  }
}

TEST(PixelConverter, ScreenColoursLandOnBt709LimitedRangeWithAnyThreadCount) {
  struct Colour {
    uint8_t b, g, r;
    int y, u, v;  // BT.709, limited range
  };
  const Colour colours[] = {{255, 255, 255, 235, 128, 128},
                            {0, 0, 0, 16, 128, 128},
                            {0, 0, 255, 63, 102, 240},
                            {255, 0, 0, 32, 240, 118}};
  for (int threads : {1, 2}) {
    for (const Colour &colour : colours) {
      SCOPED_TRACE(std::to_string(threads) + " threads, BGR " + std::to_string(colour.b) + "," +
                   std::to_string(colour.g) + "," + std::to_string(colour.r));
      BgrxFrame input(64, 32, 256, 0);
      for (size_t i = 0; i < input.pixels.size(); i += 4) {
        input.pixels[i] = colour.b;
        input.pixels[i + 1] = colour.g;
        input.pixels[i + 2] = colour.r;
      }
      PixelConverter converter(PFHOST_PIXEL_FORMAT_BGRX, 64, 32, AV_PIX_FMT_YUV420P, threads);
      Picture out(AV_PIX_FMT_YUV420P, 64, 32);
      converter.convert(input.frame, *out.frame);
      EXPECT_NEAR(out.frame->data[0][17 * out.frame->linesize[0] + 30], colour.y, 1);
      EXPECT_NEAR(out.frame->data[1][9 * out.frame->linesize[1] + 15], colour.u, 1);
      EXPECT_NEAR(out.frame->data[2][9 * out.frame->linesize[2] + 15], colour.v, 1);
    }
  }
}

TEST(PixelConverter, AFrameOfAnotherSizeIsRefusedByName) {
  PixelConverter converter(PFHOST_PIXEL_FORMAT_BGRX, 64, 32, AV_PIX_FMT_YUV420P, 2);
  Picture out(AV_PIX_FMT_YUV420P, 64, 32);
  BgrxFrame wrong(32, 32, 128, 0);
  try {
    converter.convert(wrong.frame, *out.frame);
    FAIL() << "converted a 32x32 frame with a 64x32 converter";
  } catch (const Error &error) {
    EXPECT_EQ(error.status(), PFHOST_E_INVALID_ARGUMENT);
    EXPECT_NE(std::string(error.what()).find("frame size 32x32 differs from the 64x32"),
              std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace pfhost::ffmpeg
