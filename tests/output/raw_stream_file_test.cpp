// RawStreamFile, the output every build has (the one without FFmpeg included): Annex-B packets
// appended from the first keyframe, read back by FFmpeg as a playable stream of the exact size,
// across a size change, with the refusals named.
#include "output/raw_stream_file.hpp"

#include <gtest/gtest.h>

#include <pfhost/test/temp_dir.hpp>

#include "h264_test_stream.hpp"
#include "output/output_format.hpp"

namespace pfhost::test {
namespace {

StreamInfo info(uint32_t width, uint32_t height) {
  return StreamInfo{PFHOST_CODEC_H264, width, height, Framerate{30, 1}};
}

TEST(RawStreamFile, StartsAtTheFirstKeyframeAndDecodesToTheExactSize) {
  TempDir dir;
  const std::string path = (dir.path() / "out.h264").string();
  const std::vector<TestPacket> packets = encode_h264(320, 240, 30, 30, 10);
  {
    RawStreamFile output(path, PFHOST_CODEC_H264);
    EXPECT_FALSE(output.keeps_timestamps()) << "Annex-B has no timestamps";
    output.start_stream(info(320, 240));
    for (size_t i = 5; i < packets.size(); ++i) output.write(packets[i].view());  // joins mid-GOP
    output.close();
    EXPECT_EQ(output.packets_written(), 20u);  // from the keyframe at frame 10
  }
  const ProbedStream probed = probe_file(path);
  EXPECT_EQ(probed.codec, "h264");
  EXPECT_EQ(probed.width, 320);
  EXPECT_EQ(probed.height, 240);
  EXPECT_EQ(probed.decoded_frames, 20);
}

TEST(RawStreamFile, CarriesASizeChangeInOneStream) {
  TempDir dir;
  const std::string path = (dir.path() / "resize.h264").string();
  {
    RawStreamFile output(path, PFHOST_CODEC_H264);
    EXPECT_TRUE(output.can_change_size());
    output.start_stream(info(320, 240));
    for (const TestPacket &p : encode_h264(320, 240, 30, 10, 10)) output.write(p.view());
    output.start_stream(info(640, 480));
    for (const TestPacket &p : encode_h264(640, 480, 30, 10, 10)) output.write(p.view());
  }  // the destructor closes
  const ProbedStream probed = probe_file(path);
  EXPECT_EQ(probed.decoded_frames, 20);
}

TEST(RawStreamFile, RefusesAnotherCodecAnUnwritablePathAndWritesAfterClose) {
  TempDir dir;
  RawStreamFile hevc((dir.path() / "x.hevc").string(), PFHOST_CODEC_HEVC);
  try {
    hevc.start_stream(info(320, 240));
    FAIL() << "an H.264 stream went into a raw HEVC file";
  } catch (const OutputError &e) {
    EXPECT_NE(std::string(e.what()).find("cannot carry"), std::string::npos) << e.what();
  }
  const std::string missing = (dir.path() / "no-such-dir" / "x.h264").string();
  try {
    RawStreamFile bad(missing, PFHOST_CODEC_H264);
    FAIL() << "created " << missing;
  } catch (const OutputError &e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot create output '" + missing + "': No such file or directory");
  }
  RawStreamFile closed((dir.path() / "closed.h264").string(), PFHOST_CODEC_H264);
  closed.start_stream(info(320, 240));
  closed.close();
  closed.close();  // idempotent
  EXPECT_THROW(closed.write(encode_h264(320, 240, 30, 1, 1).front().view()), OutputError);
}

}  // namespace
}  // namespace pfhost::test
