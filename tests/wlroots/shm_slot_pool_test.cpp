// The shm slot hand-over: newest frame wins, held frames survive close, releases wake the
// producer, memory is reused across frames of one size.
#include "shm_slot_pool.hpp"
#include "shm_format.hpp"

#include <gtest/gtest.h>

#include <sys/eventfd.h>
#include <unistd.h>

namespace pfhost::wlroots {
namespace {

using Clock = std::chrono::steady_clock;

ShmSlot *write_frame(ShmSlotPool &pool, uint64_t sequence) {
  ShmSlot *slot = pool.begin_write();
  if (slot == nullptr) return nullptr;
  slot->reserve(64);
  slot->frame.sequence = sequence;
  pool.publish(slot);
  return slot;
}

TEST(ShmSlotPool, HandsOutOnlyTheNewestFrame) {
  auto pool = ShmSlotPool::create(3);
  write_frame(*pool, 1);
  write_frame(*pool, 2);
  pfhost_frame *frame = nullptr;
  ASSERT_EQ(pool->take(Clock::now(), &frame), ShmSlotPool::Take::kFrame);
  EXPECT_EQ(frame->sequence, 2u);
  EXPECT_EQ(pool->stats().overwritten, 1u);
  pfhost_frame *none = nullptr;
  EXPECT_EQ(pool->take(Clock::now(), &none), ShmSlotPool::Take::kNone);
  frame->release(frame);  // a held frame keeps the pool alive until released
}

TEST(ShmSlotPool, NoFreeSlotWhileTheHostHoldsThemAndReleaseWakesTheProducer) {
  auto pool = ShmSlotPool::create(2);
  const int wake = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  pool->set_wake_fd(wake);
  pfhost_frame *a = nullptr;
  pfhost_frame *b = nullptr;
  write_frame(*pool, 1);
  ASSERT_EQ(pool->take(Clock::now(), &a), ShmSlotPool::Take::kFrame);
  write_frame(*pool, 2);
  ASSERT_EQ(pool->take(Clock::now(), &b), ShmSlotPool::Take::kFrame);
  EXPECT_EQ(pool->begin_write(), nullptr);
  a->release(a);
  uint64_t count = 0;
  EXPECT_EQ(::read(wake, &count, sizeof count), static_cast<ssize_t>(sizeof count));
  EXPECT_NE(pool->begin_write(), nullptr);
  b->release(b);
  pool->set_wake_fd(-1);
  ::close(wake);
}

TEST(ShmSlotPool, MemoryIsReusedUntilItMustGrow) {
  auto pool = ShmSlotPool::create(1);
  ShmSlot *slot = pool->begin_write();
  slot->reserve(4096);
  const uint64_t generation = slot->generation;
  slot->reserve(1024);
  EXPECT_EQ(slot->generation, generation);
  slot->reserve(8192);
  EXPECT_EQ(slot->generation, generation + 1);
  EXPECT_GE(slot->size, 8192u);
  slot->data[8191] = 7;  // mapped and writable
  pool->abandon(slot);
}

TEST(ShmSlotPool, HeldFrameOutlivesCloseAndThePoolHandle) {
  auto pool = ShmSlotPool::create(2);
  write_frame(*pool, 9);
  pfhost_frame *frame = nullptr;
  ASSERT_EQ(pool->take(Clock::now(), &frame), ShmSlotPool::Take::kFrame);
  pool->close("the compositor went away");
  pfhost_frame *none = nullptr;
  EXPECT_EQ(pool->take(Clock::now(), &none), ShmSlotPool::Take::kClosed);
  EXPECT_EQ(pool->closed_reason(), "the compositor went away");
  pool.reset();           // only the held frame keeps it alive now
  frame->release(frame);  // frees the pool; ASan checks nothing leaks or dangles
}

TEST(ShmFormat, MapsWlShmFormatsToByteOrderNames) {
  EXPECT_EQ(pixel_format_from_shm(1), PFHOST_PIXEL_FORMAT_BGRX);  // XRGB8888
  EXPECT_EQ(pixel_format_from_shm(0), PFHOST_PIXEL_FORMAT_BGRA);  // ARGB8888
  EXPECT_EQ(pixel_format_from_shm(0x34324258), PFHOST_PIXEL_FORMAT_RGBX);
  EXPECT_EQ(pixel_format_from_shm(0x34324241), PFHOST_PIXEL_FORMAT_RGBA);
  EXPECT_EQ(pixel_format_from_shm(0x36314752), PFHOST_PIXEL_FORMAT_UNKNOWN);  // RGB565
  EXPECT_NE(supported_pixel_mask() & (1ull << PFHOST_PIXEL_FORMAT_BGRX), 0u);
}

}  // namespace
}  // namespace pfhost::wlroots
