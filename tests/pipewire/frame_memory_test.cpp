// The PipeWire capturer's slot memory (plugins/pipewire/src/frame_memory): pixel buffers reused
// across frames, dup()ed dma-buf fds closed exactly when their frame is done with. The hand-over
// itself is the SDK's (tests/sdk/frame_slots_test.cpp).
#include "frame_memory.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <array>

namespace pfhost::pipewire {
namespace {

bool is_open(int fd) {
  return ::fcntl(fd, F_GETFD) != -1;
}

// A fresh fd standing in for a dup()ed dma-buf plane.
int plane_fd() {
  return ::open("/dev/null", O_RDONLY | O_CLOEXEC);
}

// Publishes a dma-buf frame that owns `fd`.
void produce_dmabuf(FrameHandover &handover, uint64_t sequence, int fd) {
  FrameSlot *slot = handover.begin_write();
  ASSERT_NE(slot, nullptr);
  const std::array<int, 1> fds{fd};
  slot->memory().adopt_fds(fds);
  slot->frame().memory = PFHOST_MEMORY_DMABUF;
  slot->frame().sequence = sequence;
  slot->frame().u.dmabuf.fd[0] = fd;
  handover.publish(slot);
}

TEST(FrameMemory, PixelBufferGrowsOnlyWhenTheFrameGrows) {
  FrameMemory memory;
  const uint8_t *first = memory.reserve_pixels(4096).data();
  EXPECT_EQ(memory.reserve_pixels(1024).data(), first);  // smaller: the same allocation
  EXPECT_EQ(memory.reserve_pixels(1024).size(), 1024u);
  const std::span<uint8_t> grown = memory.reserve_pixels(1 << 20);
  EXPECT_EQ(grown.size(), 1u << 20);
  grown[grown.size() - 1] = 7;  // all of it is usable
}

TEST(FrameMemory, FdsCloseWhenTheHostReleasesTheFrame) {
  auto handover = FrameHandover::create(2);
  const int fd = plane_fd();
  ASSERT_GE(fd, 0);
  produce_dmabuf(*handover, 1, fd);
  pfhost_frame *f = nullptr;
  ASSERT_EQ(handover->try_take(&f), pfhost::FrameTake::kFrame);
  EXPECT_TRUE(is_open(f->u.dmabuf.fd[0]));  // valid for as long as the host holds the frame
  f->release(f);
  EXPECT_FALSE(is_open(fd));
}

TEST(FrameMemory, FdsCloseWhenANewerFrameReplacesAnUnreadOne) {
  auto handover = FrameHandover::create(3);
  const int older = plane_fd();
  const int newer = plane_fd();
  produce_dmabuf(*handover, 1, older);
  produce_dmabuf(*handover, 2, newer);
  EXPECT_FALSE(is_open(older));
  EXPECT_TRUE(is_open(newer));
}

TEST(FrameMemory, FdsCloseWhenASlotIsAbandonedOrThePoolGoes) {
  auto handover = FrameHandover::create(2);
  const int abandoned = plane_fd();
  FrameSlot *slot = handover->begin_write();
  ASSERT_NE(slot, nullptr);
  const std::array<int, 1> fds{abandoned};
  slot->memory().adopt_fds(fds);
  handover->abandon(slot);
  EXPECT_FALSE(is_open(abandoned));

  const int unread = plane_fd();
  produce_dmabuf(*handover, 2, unread);
  handover.reset();  // nobody took it
  EXPECT_FALSE(is_open(unread));
}

}  // namespace
}  // namespace pfhost::pipewire
