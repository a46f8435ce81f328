// pfhost/frame_slots.hpp: the hand-over of captured frames to the host. The newest frame wins,
// the producer never waits, each frame's release comes back exactly once (a second one is
// ignored), slots and their memory are reused, and a held frame keeps the pool alive after the
// capture let go of it. Built as C++17, the standard the SDK promises.
#include <pfhost/frame_slots.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <set>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// A slot's memory as a capturer keeps it: pixels reused from frame to frame, and a count of the
// frames it was done with (what a real capturer would close or unmap in recycle()).
struct Pixels {
  std::vector<uint8_t> bytes;
  int recycled = 0;
  void recycle() noexcept { ++recycled; }
};
using Pool = pfhost::FrameSlotPool<Pixels>;

Clock::time_point soon() {
  return Clock::now() + 20ms;
}

// Writes a 4x1 frame whose pixels all hold `value`; false when the pool gave no slot.
bool produce(Pool &pool, uint64_t sequence, uint8_t value = 0) {
  Pool::Slot *slot = pool.begin_write();
  if (slot == nullptr) return false;
  std::vector<uint8_t> &pixels = slot->memory().bytes;
  pixels.assign(16, value);
  pfhost_frame &f = slot->frame();
  f.memory = PFHOST_MEMORY_CPU;
  f.pixel_format = PFHOST_PIXEL_FORMAT_BGRX;
  f.width = 4;
  f.height = 1;
  f.plane_count = 1;
  f.sequence = sequence;
  f.u.cpu.data[0] = pixels.data();
  f.u.cpu.stride[0] = 16;
  pool.publish(slot);
  return true;
}

// Takes the newest frame and releases it at once; its sequence, or 0 when none was ready.
uint64_t take_and_release(Pool &pool) {
  pfhost_frame *frame = nullptr;
  if (pool.try_take(&frame) != pfhost::FrameTake::kFrame) return 0;
  const uint64_t sequence = frame->sequence;
  frame->release(frame);
  return sequence;
}

// Publishes and takes one frame per slot, so that the host holds every slot; the frames, or an
// empty list when the pool did not hand out one per slot.
std::vector<pfhost_frame *> hold_every_slot(Pool &pool) {
  std::vector<pfhost_frame *> held;
  for (uint64_t sequence = 1; sequence <= pool.slot_count(); ++sequence) {
    pfhost_frame *frame = nullptr;
    if (!produce(pool, sequence) || pool.try_take(&frame) != pfhost::FrameTake::kFrame) return {};
    held.push_back(frame);
  }
  return held;
}

int total_recycled(std::vector<Pool::Slot *> slots) {
  int total = 0;
  for (Pool::Slot *slot : slots) total += slot->memory().recycled;
  return total;
}

TEST(FrameSlotPool, NothingPublishedMeansNone) {
  auto pool = Pool::create(3);
  pfhost_frame *f = nullptr;
  EXPECT_EQ(pool->take(soon(), &f), pfhost::FrameTake::kNone);
  EXPECT_EQ(pool->try_take(&f), pfhost::FrameTake::kNone);
  EXPECT_EQ(f, nullptr);
}

TEST(FrameSlotPool, AtLeastTwoSlotsEachWithItsOwnIndex) {
  EXPECT_EQ(Pool::create(0)->slot_count(), 2u);
  EXPECT_EQ(Pool::create(1)->slot_count(), 2u);
  auto pool = Pool::create(4);
  ASSERT_EQ(pool->slot_count(), 4u);
  std::set<size_t> indices;
  for (int i = 0; i < 4; ++i) {
    Pool::Slot *slot = pool->begin_write();
    ASSERT_NE(slot, nullptr);
    indices.insert(slot->index());
  }
  EXPECT_EQ(indices, (std::set<size_t>{0, 1, 2, 3}));
}

TEST(FrameSlotPool, PublishedFrameIsHandedOutOnceWithAReleaseHook) {
  auto pool = Pool::create(3);
  ASSERT_TRUE(produce(*pool, 1, 7));
  pfhost_frame *f = nullptr;
  ASSERT_EQ(pool->take(soon(), &f), pfhost::FrameTake::kFrame);
  EXPECT_EQ(f->struct_size, sizeof(pfhost_frame));
  EXPECT_EQ(f->sequence, 1u);
  EXPECT_EQ(static_cast<uint8_t *>(f->u.cpu.data[0])[15], 7);
  ASSERT_NE(f->release, nullptr);
  pfhost_frame *again = nullptr;
  EXPECT_EQ(pool->try_take(&again), pfhost::FrameTake::kNone);  // not newer than the last one
  f->release(f);
  EXPECT_EQ(pool->stats().handed_out, 1u);
}

TEST(FrameSlotPool, BeginWriteStartsFromAZeroFrame) {
  auto pool = Pool::create(2);
  ASSERT_TRUE(produce(*pool, 5, 1));
  pfhost_frame *f = nullptr;
  ASSERT_EQ(pool->try_take(&f), pfhost::FrameTake::kFrame);
  f->release(f);
  // Every slot is reused; none of the old frame's fields may leak into the next one.
  for (int i = 0; i < 2; ++i) {
    Pool::Slot *slot = pool->begin_write();
    ASSERT_NE(slot, nullptr);
    EXPECT_EQ(slot->frame().struct_size, sizeof(pfhost_frame));
    EXPECT_EQ(slot->frame().sequence, 0u);
    EXPECT_EQ(slot->frame().u.cpu.data[0], nullptr);
    EXPECT_EQ(slot->frame().release, nullptr);
  }
}

TEST(FrameSlotPool, OnlyTheNewestFrameIsKept) {
  auto pool = Pool::create(3);
  ASSERT_TRUE(produce(*pool, 1));
  ASSERT_TRUE(produce(*pool, 2));
  ASSERT_TRUE(produce(*pool, 3));
  EXPECT_EQ(take_and_release(*pool), 3u);
  EXPECT_EQ(pool->stats().overwritten, 2u);
  EXPECT_EQ(pool->stats().published, 3u);
  EXPECT_EQ(take_and_release(*pool), 0u);
}

TEST(FrameSlotPool, ProducerDropsWhenTheHostHoldsEverySlot) {
  auto pool = Pool::create(2);
  const std::vector<pfhost_frame *> held = hold_every_slot(*pool);
  ASSERT_EQ(held.size(), 2u);
  EXPECT_FALSE(produce(*pool, 3));  // never blocks: the frame is dropped
  EXPECT_EQ(pool->stats().dropped_full, 1u);
  held[0]->release(held[0]);
  EXPECT_TRUE(produce(*pool, 4));
  EXPECT_EQ(take_and_release(*pool), 4u);
  held[1]->release(held[1]);
}

TEST(FrameSlotPool, ReuseUnreadTakesTheUnreadFrameWhenNoSlotIsFree) {
  auto pool = Pool::create(2, pfhost::WhenNoSlotFree::kReuseUnread);
  pfhost_frame *held = nullptr;
  ASSERT_TRUE(produce(*pool, 1));
  ASSERT_EQ(pool->try_take(&held), pfhost::FrameTake::kFrame);
  ASSERT_TRUE(produce(*pool, 2));  // ready, unread
  ASSERT_TRUE(produce(*pool, 3));  // no free slot: drop-oldest takes the unread one
  EXPECT_EQ(pool->stats().overwritten, 1u);
  EXPECT_EQ(take_and_release(*pool), 3u);
  held->release(held);
}

TEST(FrameSlotPool, KeepUnreadWaitsForAReleaseAndTheListenerSaysWhen) {
  auto pool = Pool::create(2, pfhost::WhenNoSlotFree::kKeepUnread);
  int wakes = 0;
  pool->set_release_listener([&wakes] { ++wakes; });
  pfhost_frame *held = nullptr;
  ASSERT_TRUE(produce(*pool, 1));
  ASSERT_EQ(pool->try_take(&held), pfhost::FrameTake::kFrame);
  ASSERT_TRUE(produce(*pool, 2));   // ready, unread
  EXPECT_FALSE(produce(*pool, 3));  // the unread frame stays; the producer asks again later
  EXPECT_EQ(pool->stats().dropped_full, 1u);
  EXPECT_EQ(wakes, 0);
  held->release(held);
  EXPECT_EQ(wakes, 1);
  EXPECT_TRUE(produce(*pool, 4));
  pool->set_release_listener({});  // e.g. the capture closed its wake fd
  EXPECT_EQ(take_and_release(*pool), 4u);
  EXPECT_EQ(wakes, 1);
}

TEST(FrameSlotPool, MemoryStaysWithItsSlot) {
  auto pool = Pool::create(2);
  std::set<const void *> seen;
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(produce(*pool, static_cast<uint64_t>(i)));
    pfhost_frame *f = nullptr;
    ASSERT_EQ(pool->try_take(&f), pfhost::FrameTake::kFrame);
    seen.insert(f->u.cpu.data[0]);
    f->release(f);
  }
  EXPECT_LE(seen.size(), 2u);  // one buffer per slot, for ever
}

TEST(FrameSlotPool, AbandonedSlotIsFreeAgainAndRecycleRunsOnceForEachFrameDoneWith) {
  auto pool = Pool::create(2);
  Pool::Slot *a = pool->begin_write();
  Pool::Slot *b = pool->begin_write();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(pool->begin_write(), nullptr);
  const std::vector<Pool::Slot *> all{a, b};
  pool->abandon(a);
  EXPECT_EQ(total_recycled(all), 1);
  EXPECT_EQ(pool->begin_write(), a);
  pool->abandon(a);
  EXPECT_EQ(total_recycled(all), 2);
  pool->publish(b);
  ASSERT_TRUE(produce(*pool, 2));  // replaces b's unread frame
  EXPECT_EQ(total_recycled(all), 3);
  pfhost_frame *f = nullptr;
  ASSERT_EQ(pool->try_take(&f), pfhost::FrameTake::kFrame);
  EXPECT_EQ(total_recycled(all), 3);  // handing out is not being done with it
  f->release(f);
  EXPECT_EQ(total_recycled(all), 4);
}

TEST(FrameSlotPool, ASecondReleaseOfOneFrameIsIgnored) {
  auto pool = Pool::create(2, pfhost::WhenNoSlotFree::kKeepUnread);
  int wakes = 0;
  pool->set_release_listener([&wakes] { ++wakes; });
  const std::vector<pfhost_frame *> held = hold_every_slot(*pool);
  ASSERT_EQ(held.size(), 2u);
  held[0]->release(held[0]);
  held[0]->release(held[0]);  // a host bug; it must not free a slot twice
  EXPECT_EQ(wakes, 1);
  EXPECT_NE(pool->begin_write(), nullptr);
  EXPECT_EQ(pool->begin_write(), nullptr);  // the other frame is still held
  held[1]->release(held[1]);
}

TEST(FrameSlotPool, ClosedAfterThePendingFrame) {
  auto pool = Pool::create(3);
  ASSERT_TRUE(produce(*pool, 1));
  pool->close("PipeWire node 42 was removed");
  pool->close("a later reason does not replace the first");
  EXPECT_TRUE(pool->closed());
  pfhost_frame *f = nullptr;
  ASSERT_EQ(pool->try_take(&f), pfhost::FrameTake::kFrame);  // the last frame still arrives
  f->release(f);
  EXPECT_EQ(pool->take(soon(), &f), pfhost::FrameTake::kClosed);
  EXPECT_EQ(pool->closed_reason(), "PipeWire node 42 was removed");
  EXPECT_FALSE(produce(*pool, 2));
}

TEST(FrameSlotPool, CloseWakesAWaiter) {
  auto pool = Pool::create(3);
  std::thread closer([&] {
    std::this_thread::sleep_for(50ms);
    pool->close("gone");
  });
  pfhost_frame *f = nullptr;
  const auto start = Clock::now();
  EXPECT_EQ(pool->take(start + 5s, &f), pfhost::FrameTake::kClosed);
  EXPECT_LT(Clock::now() - start, 2s);
  closer.join();
}

TEST(FrameSlotPool, HeldFramesOutliveCloseAndThePoolHandle) {
  auto pool = Pool::create(3);
  pfhost_frame *first = nullptr;
  pfhost_frame *second = nullptr;
  ASSERT_TRUE(produce(*pool, 1, 9));
  ASSERT_EQ(pool->try_take(&first), pfhost::FrameTake::kFrame);
  ASSERT_TRUE(produce(*pool, 2, 8));
  ASSERT_EQ(pool->try_take(&second), pfhost::FrameTake::kFrame);
  pool->close("the compositor went away");
  pool.reset();  // the capture is gone; the frames must stay valid until released
  EXPECT_EQ(static_cast<uint8_t *>(first->u.cpu.data[0])[0], 9);
  first->release(first);
  EXPECT_EQ(static_cast<uint8_t *>(second->u.cpu.data[0])[0], 8);
  second->release(second);  // frees the pool (ASan checks the order)
}

TEST(FrameSlotPool, ConcurrentProducerAndConsumerSeeIncreasingSequences) {
  auto pool = Pool::create(3);
  std::thread producer([&] {
    for (uint64_t s = 1; s <= 20000; ++s) produce(*pool, s, static_cast<uint8_t>(s));
    pool->close("done");
  });
  uint64_t last = 0;
  uint64_t taken = 0;
  for (;;) {
    pfhost_frame *f = nullptr;
    const auto r = pool->take(Clock::now() + 100ms, &f);
    if (r == pfhost::FrameTake::kClosed) break;
    if (r != pfhost::FrameTake::kFrame) continue;
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
