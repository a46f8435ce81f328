#include "frame_handover.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <thread>

namespace pfhost::pipewire {
namespace {

using namespace std::chrono_literals;

auto soon() {
  return std::chrono::steady_clock::now() + 20ms;
}

// Writes a 4x1 frame whose pixels all hold `value`.
bool produce(FrameHandover &h, uint64_t sequence, uint8_t value = 0) {
  FrameSlot *slot = h.begin_write();
  if (slot == nullptr) return false;
  auto pixels = slot->reserve_pixels(16);
  std::memset(pixels.data(), value, pixels.size());
  pfhost_frame &f = slot->frame();
  f.memory = PFHOST_MEMORY_CPU;
  f.pixel_format = PFHOST_PIXEL_FORMAT_BGRX;
  f.width = 4;
  f.height = 1;
  f.plane_count = 1;
  f.sequence = sequence;
  f.u.cpu.data[0] = pixels.data();
  f.u.cpu.stride[0] = 16;
  h.publish(slot);
  return true;
}

TEST(FrameHandover, NothingPublishedMeansNone) {
  auto h = FrameHandover::create(3);
  pfhost_frame *f = nullptr;
  EXPECT_EQ(h->take(soon(), &f), FrameHandover::Take::kNone);
  EXPECT_EQ(h->try_take(&f), FrameHandover::Take::kNone);
}

TEST(FrameHandover, PublishedFrameIsHandedOutOnceWithAReleaseHook) {
  auto h = FrameHandover::create(3);
  ASSERT_TRUE(produce(*h, 1, 7));
  pfhost_frame *f = nullptr;
  ASSERT_EQ(h->take(soon(), &f), FrameHandover::Take::kFrame);
  EXPECT_EQ(f->struct_size, sizeof(pfhost_frame));
  EXPECT_EQ(f->sequence, 1u);
  EXPECT_EQ(static_cast<uint8_t *>(f->u.cpu.data[0])[15], 7);
  ASSERT_NE(f->release, nullptr);
  pfhost_frame *again = nullptr;
  EXPECT_EQ(h->try_take(&again), FrameHandover::Take::kNone);  // not newer than the last one
  f->release(f);
}

TEST(FrameHandover, OnlyTheNewestFrameIsKept) {
  auto h = FrameHandover::create(3);
  ASSERT_TRUE(produce(*h, 1));
  ASSERT_TRUE(produce(*h, 2));
  ASSERT_TRUE(produce(*h, 3));
  pfhost_frame *f = nullptr;
  ASSERT_EQ(h->try_take(&f), FrameHandover::Take::kFrame);
  EXPECT_EQ(f->sequence, 3u);
  EXPECT_EQ(h->stats().overwritten, 2u);
  f->release(f);
}

TEST(FrameHandover, ProducerDropsWhenTheHostHoldsEverySlot) {
  auto h = FrameHandover::create(2);
  pfhost_frame *a = nullptr;
  pfhost_frame *b = nullptr;
  ASSERT_TRUE(produce(*h, 1));
  ASSERT_EQ(h->try_take(&a), FrameHandover::Take::kFrame);
  ASSERT_TRUE(produce(*h, 2));
  ASSERT_EQ(h->try_take(&b), FrameHandover::Take::kFrame);
  EXPECT_FALSE(produce(*h, 3));  // never blocks: the frame is dropped
  EXPECT_EQ(h->stats().dropped_full, 1u);
  a->release(a);
  EXPECT_TRUE(produce(*h, 4));
  pfhost_frame *c = nullptr;
  ASSERT_EQ(h->try_take(&c), FrameHandover::Take::kFrame);
  EXPECT_EQ(c->sequence, 4u);
  b->release(b);
  c->release(c);
}

TEST(FrameHandover, UnreadFrameIsOverwrittenWhenNoSlotIsFree) {
  auto h = FrameHandover::create(2);
  pfhost_frame *held = nullptr;
  ASSERT_TRUE(produce(*h, 1));
  ASSERT_EQ(h->try_take(&held), FrameHandover::Take::kFrame);
  ASSERT_TRUE(produce(*h, 2));  // ready, unread
  ASSERT_TRUE(produce(*h, 3));  // no free slot: drop-oldest takes the unread one
  pfhost_frame *f = nullptr;
  ASSERT_EQ(h->try_take(&f), FrameHandover::Take::kFrame);
  EXPECT_EQ(f->sequence, 3u);
  held->release(held);
  f->release(f);
}

TEST(FrameHandover, PixelBuffersAreReusedNotReallocated) {
  auto h = FrameHandover::create(2);
  std::vector<const void *> seen;
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(produce(*h, static_cast<uint64_t>(i)));
    pfhost_frame *f = nullptr;
    ASSERT_EQ(h->try_take(&f), FrameHandover::Take::kFrame);
    seen.push_back(f->u.cpu.data[0]);
    f->release(f);
  }
  std::sort(seen.begin(), seen.end());
  seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
  EXPECT_LE(seen.size(), 2u);  // one buffer per slot, for ever
}

TEST(FrameHandover, ClosedAfterThePendingFrame) {
  auto h = FrameHandover::create(3);
  ASSERT_TRUE(produce(*h, 1));
  h->close("PipeWire node 42 was removed");
  h->close("a later reason does not replace the first");
  pfhost_frame *f = nullptr;
  ASSERT_EQ(h->try_take(&f), FrameHandover::Take::kFrame);  // the last frame still arrives
  f->release(f);
  EXPECT_EQ(h->take(soon(), &f), FrameHandover::Take::kClosed);
  EXPECT_EQ(h->closed_reason(), "PipeWire node 42 was removed");
  EXPECT_FALSE(produce(*h, 2));
}

TEST(FrameHandover, CloseWakesAWaiter) {
  auto h = FrameHandover::create(3);
  std::thread closer([&] {
    std::this_thread::sleep_for(50ms);
    h->close("gone");
  });
  pfhost_frame *f = nullptr;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(h->take(start + 5s, &f), FrameHandover::Take::kClosed);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  closer.join();
}

TEST(FrameHandover, HeldFrameOutlivesTheHandover) {
  auto h = FrameHandover::create(3);
  ASSERT_TRUE(produce(*h, 1, 9));
  pfhost_frame *f = nullptr;
  ASSERT_EQ(h->try_take(&f), FrameHandover::Take::kFrame);
  h->close("capture closed");
  h.reset();  // the capture is gone; the frame must stay valid until released
  EXPECT_EQ(static_cast<uint8_t *>(f->u.cpu.data[0])[0], 9);
  f->release(f);  // frees the hand-over (ASan checks the order)
}

TEST(FrameHandover, AbandonedSlotIsFreeAgain) {
  auto h = FrameHandover::create(2);
  FrameSlot *a = h->begin_write();
  FrameSlot *b = h->begin_write();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(h->begin_write(), nullptr);
  h->abandon(a);
  EXPECT_EQ(h->begin_write(), a);
}

TEST(FrameHandover, ConcurrentProducerAndConsumerSeeIncreasingSequences) {
  auto h = FrameHandover::create(3);
  std::atomic<bool> done{false};
  std::thread producer([&] {
    for (uint64_t s = 1; s <= 20000; ++s) produce(*h, s, static_cast<uint8_t>(s));
    done = true;
    h->close("done");
  });
  uint64_t last = 0;
  uint64_t taken = 0;
  for (;;) {
    pfhost_frame *f = nullptr;
    const auto r = h->take(std::chrono::steady_clock::now() + 100ms, &f);
    if (r == FrameHandover::Take::kClosed) break;
    if (r != FrameHandover::Take::kFrame) continue;
    EXPECT_GT(f->sequence, last);
    // The pixels belong to this frame: the producer never writes into a held slot.
    EXPECT_EQ(static_cast<uint8_t *>(f->u.cpu.data[0])[3], static_cast<uint8_t>(f->sequence));
    last = f->sequence;
    ++taken;
    f->release(f);
  }
  producer.join();
  EXPECT_GT(taken, 0u);
}

}  // namespace
}  // namespace pfhost::pipewire
