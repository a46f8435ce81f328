// The fixture of the tests that capture from a SyntheticVideoSource: a private PipeWire daemon and
// the built plugin per test, and helpers to open a capture and pull frames.
#pragma once

#include "plugin_harness.hpp"
#include "synthetic_video_source.hpp"

#include <pfhost/test/pipewire_environment.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>

namespace pfhost::test {

class SyntheticSourceCapture : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto why = PipeWireEnvironment::unavailable_reason()) GTEST_SKIP() << *why;
    pw_ = std::make_unique<PipeWireEnvironment>();
    plugin_ = std::make_unique<PipeWirePlugin>();
  }

  std::unique_ptr<Capture> open(const SyntheticVideoSource &source, pfhost_mode mode) {
    OpenResult opened = plugin_->open(source.node_id(), mode);
    EXPECT_EQ(opened.status, PFHOST_OK) << opened.reason;
    return std::move(opened.capture);
  }

  // Frames until next_frame times out (at most `limit`); the last result is returned.
  static FrameResult drain(Capture &capture, std::chrono::milliseconds limit,
                           const std::function<void(const HeldFrame &)> &each = {}) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    FrameResult r;
    do {
      r = capture.next_frame(400);
      if (r.status == PFHOST_OK && each) each(r.frame);
    } while (r.status == PFHOST_OK && std::chrono::steady_clock::now() < deadline);
    return r;
  }

  std::unique_ptr<PipeWireEnvironment> pw_;
  std::unique_ptr<PipeWirePlugin> plugin_;
};

}  // namespace pfhost::test
