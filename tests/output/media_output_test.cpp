// MediaOutput with real H.264 (libx264 through libavcodec): files of every container read back
// with libavformat, crash safety of fragmented MP4, error texts, and UDP/RTP network outputs.
#include "output/media_output.hpp"

#include <pfhost/test/decoded_video.hpp>
#include <pfhost/test/temp_dir.hpp>
#include "h264_test_stream.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <fstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace pfhost::test {
using namespace pfhost::core;  // the host's own types
namespace {

constexpr uint32_t kWidth = 320;
constexpr uint32_t kHeight = 240;
constexpr uint32_t kFps = 30;

StreamInfo h264_info(uint32_t width = kWidth, uint32_t height = kHeight) {
  return StreamInfo{PFHOST_CODEC_H264, width, height, Framerate{kFps, 1}};
}

const std::vector<TestPacket> &thirty_frames() {
  static const std::vector<TestPacket> packets = encode_h264(kWidth, kHeight, kFps, 30, 10);
  return packets;
}

class ContainerTest : public ::testing::TestWithParam<const char *> {};

TEST_P(ContainerTest, WritesAPlayableFileOfExactSizeAndFrameCount) {
  pfhost::test::TempDir dir;
  const std::string path = (dir.path() / (std::string("out") + GetParam())).string();
  const auto &packets = thirty_frames();
  ASSERT_EQ(packets.size(), 30u);
  {
    MediaOutput output(path);
    // A raw stream has no timestamps: the session must fill every slot for it.
    EXPECT_EQ(output.keeps_timestamps(), std::string(GetParam()) != ".h264");
    output.start_stream(h264_info());
    for (const TestPacket &p : packets) output.write(p.view());
    output.close();
    EXPECT_EQ(output.packets_written(), 30u);
  }
  const ProbedStream probed = probe_file(path);
  EXPECT_EQ(probed.codec, "h264");
  EXPECT_EQ(probed.width, static_cast<int>(kWidth));
  EXPECT_EQ(probed.height, static_cast<int>(kHeight));
  EXPECT_EQ(probed.decoded_frames, 30);
  if (std::string(GetParam()) != ".h264") {  // a raw stream has no timestamps of its own
    EXPECT_EQ(probed.packets, 30);
    EXPECT_NEAR(probed.duration_s, 1.0, 0.05);
  }
}

INSTANTIATE_TEST_SUITE_P(Files, ContainerTest, ::testing::Values(".mkv", ".mp4", ".ts", ".h264"),
                         [](const auto &param_info) { return std::string(param_info.param + 1); });

TEST(MediaOutput, PacketsBeforeTheFirstKeyframeAreSkipped) {
  pfhost::test::TempDir dir;
  const std::string path = (dir.path() / "late-start.mkv").string();
  const auto &packets = thirty_frames();
  {
    MediaOutput output(path);
    output.start_stream(h264_info());
    for (size_t i = 5; i < packets.size(); ++i) output.write(packets[i].view());  // joins mid-GOP
  }  // the destructor closes
  const ProbedStream probed = probe_file(path);
  EXPECT_EQ(probed.decoded_frames, 20);  // from the keyframe at frame 10
  EXPECT_EQ(probed.width, static_cast<int>(kWidth));
}

TEST(MediaOutput, Mp4CutShortByACrashStillPlays) {
  pfhost::test::TempDir dir;
  const std::string path = (dir.path() / "crash.mp4").string();
  const auto &packets = thirty_frames();  // encoded before fork: no encoder threads in the child
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    MediaOutput *output = new MediaOutput(path);  // never closed: the process just dies
    output->start_stream(h264_info());
    for (const TestPacket &p : packets) output->write(p.view());
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  const ProbedStream probed = probe_file(path);
  EXPECT_EQ(probed.width, static_cast<int>(kWidth));
  // Fragments close at each keyframe (every 10 frames); only the last one is lost.
  EXPECT_GE(probed.decoded_frames, 20);
}

TEST(MediaOutput, UnwritablePathNamesThePathAndTheReason) {
  try {
    MediaOutput output("/nonexistent-pfhost-dir/out.mkv");
    FAIL() << "expected OutputError";
  } catch (const OutputError &e) {
    const std::string text = e.what();
    EXPECT_NE(text.find("cannot open output file '/nonexistent-pfhost-dir/out.mkv'"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("No such file or directory"), std::string::npos) << text;
  }
}

TEST(MediaOutput, UnknownContainerAndWrongCodecAreRefused) {
  pfhost::test::TempDir dir;
  EXPECT_THROW(MediaOutput((dir.path() / "x.avi").string()), OutputError);
  MediaOutput output((dir.path() / "x.hevc").string());
  try {
    output.start_stream(h264_info());
    FAIL() << "expected OutputError";
  } catch (const OutputError &e) {
    EXPECT_NE(std::string(e.what()).find("cannot carry H.264"), std::string::npos) << e.what();
  }
}

TEST(MediaOutput, FixedSizeContainerRefusesASizeChangeButTsAcceptsIt) {
  pfhost::test::TempDir dir;
  const auto &packets = thirty_frames();
  MediaOutput mkv((dir.path() / "a.mkv").string());
  EXPECT_FALSE(mkv.can_change_size());
  mkv.start_stream(h264_info());
  mkv.write(packets[0].view());
  EXPECT_THROW(mkv.start_stream(h264_info(640, 480)), OutputError);

  // MPEG-TS carries the new size in-band: the file must hold every frame of both sizes, in the
  // order written, and decode as one stream (a player switches at the new keyframe).
  constexpr uint64_t kPeriodNs = 1'000'000'000ull / kFps;
  const uint64_t bigger_start_ns = packets.back().pts_ns + kPeriodNs;
  const std::vector<TestPacket> bigger = encode_h264(640, 480, kFps, 20, 10, bigger_start_ns);
  ASSERT_EQ(bigger.size(), 20u);
  const std::string ts_path = (dir.path() / "a.ts").string();
  {
    MediaOutput ts(ts_path);
    EXPECT_TRUE(ts.can_change_size());
    ts.start_stream(h264_info());
    for (const TestPacket &p : packets) ts.write(p.view());
    EXPECT_NO_THROW(ts.start_stream(h264_info(640, 480)));
    for (const TestPacket &p : bigger) ts.write(p.view());
    ts.close();
    EXPECT_EQ(ts.packets_written(), 50u);
  }
  // Runs of equal size in decode order, e.g. {320x240: 30, 640x480: 20}.
  std::vector<std::pair<std::string, size_t>> runs;
  for (const RgbFrame &frame : decode_rgb_frames(ts_path)) {
    const std::string size = std::to_string(frame.width) + "x" + std::to_string(frame.height);
    if (runs.empty() || runs.back().first != size) runs.emplace_back(size, 0);
    ++runs.back().second;
  }
  const std::vector<std::pair<std::string, size_t>> expected{{"320x240", 30}, {"640x480", 20}};
  EXPECT_EQ(runs, expected);
}

// A UDP socket on an ephemeral loopback port.
struct UdpReceiver {
  UdpReceiver() {
    fd = socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len);
    port = ntohs(addr.sin_port);
    timeval timeout{2, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    int buffer = 4 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
  }
  ~UdpReceiver() { ::close(fd); }
  int fd = -1;
  uint16_t port = 0;
};

TEST(MediaOutput, UdpCarriesMpegTs) {
  UdpReceiver receiver;
  ASSERT_NE(receiver.port, 0);
  const auto &packets = thirty_frames();
  MediaOutput output("udp://127.0.0.1:" + std::to_string(receiver.port));
  EXPECT_TRUE(output.format().network);
  output.start_stream(h264_info());
  for (int i = 0; i < 5; ++i) output.write(packets[static_cast<size_t>(i)].view());

  std::array<uint8_t, 65536> datagram{};
  const ssize_t n = recv(receiver.fd, datagram.data(), datagram.size(), 0);
  ASSERT_GT(n, 0) << "nothing arrived on udp port " << receiver.port;
  EXPECT_EQ(n % 188, 0);
  EXPECT_LE(n, 1316);
  for (ssize_t at = 0; at < n; at += 188) EXPECT_EQ(datagram[static_cast<size_t>(at)], 0x47);
  output.close();
}

TEST(MediaOutput, UdpWithoutAListenerKeepsStreaming) {
  // A player usually starts after the host: ICMP "port unreachable" must not end the stream.
  uint16_t port = 0;
  {
    UdpReceiver gone;
    port = gone.port;
  }
  const auto &packets = thirty_frames();
  MediaOutput output("udp://127.0.0.1:" + std::to_string(port));
  output.start_stream(h264_info());
  for (const TestPacket &p : packets) EXPECT_NO_THROW(output.write(p.view()));
  EXPECT_EQ(output.packets_written(), packets.size());
}

TEST(MediaOutput, RtpPublishesAnSdp) {
  UdpReceiver receiver;
  const auto &packets = thirty_frames();
  MediaOutput output("rtp://127.0.0.1:" + std::to_string(receiver.port));
  output.start_stream(h264_info());
  EXPECT_TRUE(output.sdp().empty());
  output.write(packets[0].view());
  EXPECT_NE(output.sdp().find("m=video"), std::string::npos) << output.sdp();
  EXPECT_NE(output.sdp().find("H264"), std::string::npos) << output.sdp();
  std::array<uint8_t, 65536> datagram{};
  const ssize_t n = recv(receiver.fd, datagram.data(), datagram.size(), 0);
  ASSERT_GT(n, 12);
  EXPECT_EQ(datagram[0] >> 6, 2) << "RTP version 2";
}

// A per-client network sink muxes into memory: every chunk is whole TS packets of at most 1316
// bytes (one SRT message), and the bytes put together are a stream FFmpeg decodes completely.
TEST(MediaOutput, WriterGetsMpegTsInChunksOfAtMost1316Bytes) {
  pfhost::test::TempDir dir;
  const std::string path = (dir.path() / "from-writer.ts").string();
  std::vector<size_t> chunk_sizes;
  {
    std::ofstream file(path, std::ios::binary);
    OutputOptions options;
    options.format = "mpegts";
    options.writer = [&](std::span<const uint8_t> bytes) {
      chunk_sizes.push_back(bytes.size());
      file.write(reinterpret_cast<const char *>(bytes.data()),
                 static_cast<std::streamsize>(bytes.size()));
    };
    MediaOutput output("srt caller 1", options);
    output.start_stream(h264_info());
    for (const TestPacket &p : thirty_frames()) output.write(p.view());
    output.close();
  }
  ASSERT_FALSE(chunk_sizes.empty());
  for (size_t size : chunk_sizes) {
    EXPECT_LE(size, 1316u);
    EXPECT_EQ(size % 188, 0u) << "a chunk of " << size << " bytes splits a TS packet";
  }
  const ProbedStream probed = probe_file(path);
  EXPECT_EQ(probed.codec, "h264");
  EXPECT_EQ(probed.width, static_cast<int>(kWidth));
  EXPECT_EQ(probed.decoded_frames, 30);
}

TEST(MediaOutput, WhatAFailingWriterThrowsComesOutOfTheWrite) {
  OutputOptions options;
  options.format = "mpegts";
  options.writer = [](std::span<const uint8_t>) { throw ClientLeft("caller gone"); };
  MediaOutput output("srt caller 2", options);
  output.start_stream(h264_info());
  try {
    for (const TestPacket &p : thirty_frames()) output.write(p.view());
    FAIL() << "30 frames written to a writer that always throws";
  } catch (const ClientLeft &e) {
    EXPECT_STREQ(e.what(), "caller gone");
  }
}

TEST(MediaOutput, AWriterWithoutAMuxerNameIsRefused) {
  OutputOptions options;
  options.writer = [](std::span<const uint8_t>) {};
  EXPECT_THROW(MediaOutput("srt caller 3", options), OutputError);
}

}  // namespace
}  // namespace pfhost::test
