// Integration tests of the capturer's two dma-buf paths, against SyntheticVideoSource in its
// dma-buf mode (memfds announced as SPA_DATA_DmaBuf, rows padded to 256 bytes; a machine without a
// GPU cannot make real dma-bufs, and PipeWire hands these fds through exactly as it would real
// ones):
// - copy: a host that takes CPU frames only gets the dma-buf mapped, de-padded and copied;
// - passthrough: a host whose encoder imports dma-bufs gets the producer's fd, stride, offset,
//   fourcc and modifier, no copy.
#include "frame_number_pattern.hpp"
#include "synthetic_source_fixture.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/mman.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace pfhost::test {
namespace {

using ::testing::HasSubstr;
namespace pattern = frame_number_pattern;

constexpr uint32_t kWidth = 330;
constexpr uint32_t kHeight = 200;
constexpr uint32_t kRowBytes = kWidth * 4;  // 1320
constexpr uint32_t kStride = 1536;          // 1320 rounded up to 256 by the producer
constexpr pfhost_mode kMode{kWidth, kHeight, 60000};
constexpr uint32_t kDrmXrgb8888 = 'X' | ('R' << 8) | ('2' << 16) | (uint32_t{'4'} << 24);
// I915_FORMAT_MOD_X_TILED: only a label here (the memfd is linear), it shows that the producer's
// modifier, not the first one offered, reaches the frame.
constexpr uint64_t kVendorModifier = 0x0100000000000001;
constexpr uint64_t kOfferedModifiers[] = {SyntheticVideoSource::kModifierLinear, kVendorModifier};

// fps 0: frames only when the test sends them.
std::unique_ptr<SyntheticVideoSource> dmabuf_source(
    const char *name, uint64_t modifier = SyntheticVideoSource::kModifierLinear,
    uint32_t fps = 60) {
  return std::make_unique<SyntheticVideoSource>(name, kWidth, kHeight, 0, fps,
                                                SyntheticVideoSource::Memory::kDmabuf, modifier);
}

// Sends one frame (waiting for a free buffer) and takes it: with the producer paced by the
// consumer, every frame sent must arrive.
FrameResult send_and_take(SyntheticVideoSource &source, Capture &capture) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!source.send_frame()) {
    if (std::chrono::steady_clock::now() > deadline) {
      FrameResult none;
      none.reason = "the producer never had a free buffer";
      return none;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return capture.next_frame(5000);
}

// A frame number sequence with no repeat and no step back (a stale picture would be one).
bool strictly_increasing(const std::vector<uint64_t> &numbers) {
  return std::adjacent_find(numbers.begin(), numbers.end(),
                            [](uint64_t a, uint64_t b) { return b <= a; }) == numbers.end();
}

// Frame numbers the capture skipped between the first and the last one seen.
uint64_t lost(const std::vector<uint64_t> &numbers) {
  return numbers.empty() ? 0 : numbers.back() - numbers.front() + 1 - numbers.size();
}

// A read-only view of a dma-buf frame's plane 0, as an encoder importing it would see it.
class PlaneView {
 public:
  PlaneView(int fd, size_t size) : size_(size) {
    void *map = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
    if (map != MAP_FAILED) data_ = static_cast<const uint8_t *>(map);
  }
  ~PlaneView() {
    if (data_ != nullptr) ::munmap(const_cast<uint8_t *>(data_), size_);
  }
  PlaneView(const PlaneView &) = delete;
  PlaneView &operator=(const PlaneView &) = delete;
  const uint8_t *data() const { return data_; }

 private:
  const uint8_t *data_ = nullptr;
  size_t size_;
};

uint64_t inode_of(int fd) {
  struct stat st {};
  return ::fstat(fd, &st) == 0 ? st.st_ino : 0;
}

class DmabufCapture : public SyntheticSourceCapture {
 protected:
  // Pulls `count` CPU frames and checks each is tightly packed and exactly its frame's pattern;
  // returns the frame numbers.
  std::vector<uint64_t> expect_copied_frames(Capture &capture, int count) {
    std::vector<uint64_t> numbers;
    for (int i = 0; i < count; ++i) {
      FrameResult r = capture.next_frame(5000);
      EXPECT_EQ(r.status, PFHOST_OK) << r.reason << "\n" << pw_->logs();
      if (r.status != PFHOST_OK) break;
      EXPECT_EQ(r.frame->memory, uint32_t{PFHOST_MEMORY_CPU});
      EXPECT_EQ(r.frame->width, kWidth);
      EXPECT_EQ(r.frame->height, kHeight);
      EXPECT_EQ(r.frame->u.cpu.stride[0], kRowBytes) << "rows not de-padded";
      const auto *pixels = static_cast<const uint8_t *>(r.frame->u.cpu.data[0]);
      const uint64_t n = pattern::frame_number(pixels);
      EXPECT_EQ(pattern::mismatches(n, pixels, r.frame->u.cpu.stride[0], kRowBytes, kHeight), 0u)
          << "frame " << n << " is not its picture";
      numbers.push_back(n);
    }
    return numbers;
  }
};

TEST_F(DmabufCapture, CopyPathDepadsTheDmabufIntoACpuFrame) {
  auto source = dmabuf_source("synthetic-dmabuf-copy");
  auto capture = open(*source, kMode);  // CPU memory only: no modifiers offered
  ASSERT_TRUE(capture);
  const std::vector<uint64_t> numbers = expect_copied_frames(*capture, 20);
  ASSERT_EQ(numbers.size(), 20u);
  EXPECT_TRUE(strictly_increasing(numbers)) << "a stale picture came out";
  EXPECT_FALSE(source->modifier_negotiated());
  // The producer really allocated (and sent) its own dma-buf buffers.
  EXPECT_FALSE(source->buffer_inodes().empty());
}

// DMA_BUF_IOCTL_SYNC fails on these buffers (ENOTTY: memfds); a real dma-buf can fail it too. The
// copy must still happen, and the log must say once, not per frame, that it read unsynchronised.
TEST_F(DmabufCapture, CopyPathSurvivesAFailingSyncAndLogsItOnce) {
  auto source = dmabuf_source("synthetic-dmabuf-sync");
  ::testing::internal::CaptureStderr();
  std::vector<uint64_t> numbers;
  {
    auto capture = open(*source, kMode);
    if (capture) numbers = expect_copied_frames(*capture, 20);
  }
  const std::string log = ::testing::internal::GetCapturedStderr();
  ASSERT_EQ(numbers.size(), 20u) << log;
  size_t lines = 0;
  for (size_t at = log.find("DMA_BUF_IOCTL_SYNC"); at != std::string::npos;
       at = log.find("DMA_BUF_IOCTL_SYNC", at + 1))
    ++lines;
  EXPECT_EQ(lines, 1u) << log;
  EXPECT_THAT(log, HasSubstr("Inappropriate ioctl for device"));
}

class DmabufPassthrough : public DmabufCapture, public ::testing::WithParamInterface<uint64_t> {};

TEST_P(DmabufPassthrough, FramesCarryTheProducersBufferAndAreRecycled) {
  const uint64_t modifier = GetParam();
  auto source = dmabuf_source("synthetic-dmabuf-pass", modifier, /*fps=*/0);
  OpenResult opened = plugin_->open_dmabuf(source->node_id(), kMode, kOfferedModifiers);
  ASSERT_EQ(opened.status, PFHOST_OK) << opened.reason;
  Capture &capture = *opened.capture;
  // Until the link streams, frames sent may go nowhere.
  FrameResult first;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (first.status != PFHOST_OK && std::chrono::steady_clock::now() < deadline) {
    source->send_frame();
    first = capture.next_frame(50);
  }
  ASSERT_EQ(first.status, PFHOST_OK) << first.reason << "\n" << pw_->logs();
  first.frame.release();
  while (capture.next_frame(200).status == PFHOST_OK) {
  }  // frames sent while the link came up

  std::vector<uint64_t> numbers;
  std::set<uint64_t> inodes_seen;
  for (int i = 0; i < 60; ++i) {  // far more frames than buffers
    FrameResult r = send_and_take(*source, capture);
    ASSERT_EQ(r.status, PFHOST_OK) << r.reason << "\n" << pw_->logs();
    ASSERT_EQ(r.frame->memory, uint32_t{PFHOST_MEMORY_DMABUF});
    EXPECT_EQ(r.frame->width, kWidth);
    EXPECT_EQ(r.frame->height, kHeight);
    EXPECT_EQ(r.frame->plane_count, 1u);
    EXPECT_EQ(r.frame->u.dmabuf.drm_fourcc, kDrmXrgb8888);
    EXPECT_EQ(r.frame->u.dmabuf.modifier, modifier);
    EXPECT_EQ(r.frame->u.dmabuf.stride[0], kStride);
    EXPECT_EQ(r.frame->u.dmabuf.offset[0], 0u);
    const int fd = r.frame->u.dmabuf.fd[0];
    const uint64_t inode = inode_of(fd);
    const std::vector<uint64_t> buffers = source->buffer_inodes();
    EXPECT_NE(std::find(buffers.begin(), buffers.end(), inode), buffers.end())
        << "the fd is not one of the producer's buffers (a copy?)";
    inodes_seen.insert(inode);
    const PlaneView plane(fd, size_t{kStride} * kHeight);
    ASSERT_NE(plane.data(), nullptr) << "cannot mmap the frame's fd";
    const uint64_t n = pattern::frame_number(plane.data());
    EXPECT_EQ(pattern::mismatches(n, plane.data(), kStride, kRowBytes, kHeight), 0u)
        << "frame " << n;
    numbers.push_back(n);
  }  // each frame released before the next: its buffer may be reused
  EXPECT_TRUE(source->modifier_negotiated());
  EXPECT_TRUE(strictly_increasing(numbers)) << "a stale picture came out";
  EXPECT_EQ(lost(numbers), 0u) << "frames lost between " << numbers.front() << " and "
                               << numbers.back();
  // Every buffer came round more than once: the producer got them back and reused them.
  EXPECT_LT(inodes_seen.size() * 2, numbers.size());
}

TEST_P(DmabufPassthrough, AHeldFrameKeepsItsPictureWhileTheProducerRunsOn) {
  auto source = dmabuf_source("synthetic-dmabuf-held", GetParam());
  OpenResult opened = plugin_->open_dmabuf(source->node_id(), kMode, kOfferedModifiers);
  ASSERT_EQ(opened.status, PFHOST_OK) << opened.reason;
  Capture &capture = *opened.capture;
  FrameResult held = capture.next_frame(5000);
  ASSERT_EQ(held.status, PFHOST_OK) << held.reason << "\n" << pw_->logs();
  ASSERT_EQ(held.frame->memory, uint32_t{PFHOST_MEMORY_DMABUF});
  const PlaneView plane(held.frame->u.dmabuf.fd[0], size_t{kStride} * kHeight);
  ASSERT_NE(plane.data(), nullptr);
  const uint64_t n = pattern::frame_number(plane.data());
  // Keep taking (and releasing) newer frames until the producer has been round its whole pool.
  const size_t pool = source->buffer_inodes().size();
  uint64_t newest = n;
  while (newest < n + 2 * pool + 2) {
    FrameResult r = capture.next_frame(5000);
    ASSERT_EQ(r.status, PFHOST_OK) << r.reason;
    const PlaneView other(r.frame->u.dmabuf.fd[0], size_t{kStride} * kHeight);
    ASSERT_NE(other.data(), nullptr);
    newest = pattern::frame_number(other.data());
  }
  EXPECT_EQ(pattern::mismatches(n, plane.data(), kStride, kRowBytes, kHeight), 0u)
      << "the held frame " << n << " was overwritten by the producer (newest " << newest << ")";
  // The frame outlives its capture: releasing it afterwards gives its lease back to nobody.
  capture.close();
  EXPECT_EQ(pattern::frame_number(plane.data()), n);  // the mapping is still there
  held.frame.release();
}

INSTANTIATE_TEST_SUITE_P(Modifiers, DmabufPassthrough,
                         ::testing::Values(SyntheticVideoSource::kModifierLinear, kVendorModifier),
                         [](const auto &param_info) {
                           return std::string(param_info.param == kVendorModifier ? "VendorModifier"
                                                                                  : "Linear");
                         });

}  // namespace
}  // namespace pfhost::test
