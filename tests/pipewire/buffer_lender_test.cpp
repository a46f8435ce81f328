// BufferLender (plugins/pipewire/src/buffer_lender): buffers lent with dma-buf frames go back to
// the stream on the loop thread once given back from any thread, exactly once, and never after the
// stream removed them or went away. Runs a real pw_loop; the buffers are only addresses here.
#include "buffer_lender.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>
#include <vector>

namespace pfhost::pipewire {
namespace {

class BufferLenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pw_init(nullptr, nullptr);
    loop_ = pw_loop_new(nullptr);
    ASSERT_NE(loop_, nullptr);
    lender_ = std::make_unique<BufferLender>(
        loop_, [this](pw_buffer *buffer) { queued_.push_back(buffer); });
  }
  void TearDown() override {
    lender_.reset();
    if (loop_ != nullptr) pw_loop_destroy(loop_);
  }

  // Runs the loop for a while, as the stream's loop thread would.
  void run_loop(std::chrono::milliseconds how_long) {
    const auto deadline = std::chrono::steady_clock::now() + how_long;
    pw_loop_enter(loop_);
    while (std::chrono::steady_clock::now() < deadline) pw_loop_iterate(loop_, 10);
    pw_loop_leave(loop_);
  }

  pw_loop *loop_ = nullptr;
  std::unique_ptr<BufferLender> lender_;
  std::vector<pw_buffer *> queued_;
  pw_buffer a_{};
  pw_buffer b_{};
};

TEST_F(BufferLenderTest, ABufferGivenBackFromAnotherThreadIsQueuedOnceOnTheLoop) {
  const uint64_t lease_a = lender_->lend(&a_);
  const uint64_t lease_b = lender_->lend(&b_);
  EXPECT_EQ(lender_->lent(), 2u);
  std::thread host([&] {
    lender_->give_back(lease_a);
    lender_->give_back(lease_a);  // a second release of one frame changes nothing
  });
  host.join();
  EXPECT_TRUE(queued_.empty()) << "queued off the loop thread";
  run_loop(std::chrono::milliseconds(50));
  ASSERT_EQ(queued_.size(), 1u);
  EXPECT_EQ(queued_[0], &a_);
  EXPECT_EQ(lender_->lent(), 1u);  // b is still out with its frame
  lender_->give_back(lease_b);
  lender_->return_given_back();  // what the loop event runs
  ASSERT_EQ(queued_.size(), 2u);
  EXPECT_EQ(queued_[1], &b_);
}

TEST_F(BufferLenderTest, ABufferTheStreamRemovedIsNeverQueuedEvenAtTheSameAddress) {
  const uint64_t old_lease = lender_->lend(&a_);
  lender_->forget(&a_);                           // renegotiation removed it
  const uint64_t new_lease = lender_->lend(&a_);  // a new buffer at the same address
  lender_->give_back(old_lease);
  run_loop(std::chrono::milliseconds(30));
  EXPECT_TRUE(queued_.empty()) << "the new buffer went back with the old frame";
  lender_->give_back(new_lease);
  lender_->forget(&a_);  // removed after the give-back but before the loop ran
  run_loop(std::chrono::milliseconds(30));
  EXPECT_TRUE(queued_.empty());
}

TEST_F(BufferLenderTest, AfterDetachAGiveBackDoesNothing) {
  const uint64_t lease = lender_->lend(&a_);
  lender_->detach();  // the stream went away while the host held the frame
  lender_->give_back(lease);
  lender_->return_given_back();
  run_loop(std::chrono::milliseconds(30));
  EXPECT_TRUE(queued_.empty());
  EXPECT_EQ(lender_->lent(), 0u);
}

}  // namespace
}  // namespace pfhost::pipewire
