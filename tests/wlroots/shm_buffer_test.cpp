// The screencopy slots' shared memory (plugins/wlroots/src/shm_buffer): allocated once per size
// and mapped for as long as a held frame points into it. The hand-over itself is the SDK's
// (tests/sdk/frame_slots_test.cpp).
#include "shm_buffer.hpp"

#include <gtest/gtest.h>

namespace pfhost::wlroots {
namespace {

TEST(ShmBuffer, MemoryIsReusedUntilItMustGrow) {
  ShmBuffer buffer;
  buffer.reserve(4096);
  const uint64_t generation = buffer.generation;
  buffer.reserve(1024);
  EXPECT_EQ(buffer.generation, generation);
  buffer.reserve(8192);
  EXPECT_EQ(buffer.generation, generation + 1);
  EXPECT_GE(buffer.size, 8192u);
  EXPECT_GE(buffer.fd, 0);
  buffer.data[8191] = 7;  // mapped and writable
}

TEST(ShmBuffer, HeldFrameKeepsItsMappingAfterThePoolHandleGoes) {
  auto pool = ShmSlotPool::create(2, pfhost::WhenNoSlotFree::kKeepUnread);
  ShmSlot *slot = pool->begin_write();
  ASSERT_NE(slot, nullptr);
  slot->memory().reserve(64);
  slot->memory().data[63] = 9;
  slot->frame().u.cpu.data[0] = slot->memory().data;
  pool->publish(slot);
  pfhost_frame *frame = nullptr;
  ASSERT_EQ(pool->try_take(&frame), pfhost::FrameTake::kFrame);
  pool->close("the compositor went away");
  pool.reset();  // only the held frame keeps the pool, and so the mapping, alive now
  EXPECT_EQ(static_cast<uint8_t *>(frame->u.cpu.data[0])[63], 9);
  frame->release(frame);  // unmaps; ASan checks nothing leaks or dangles
}

}  // namespace
}  // namespace pfhost::wlroots
