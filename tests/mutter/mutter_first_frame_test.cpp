// Acquire -> first captured frame, for a fresh virtual monitor, for the same monitor reused from
// the linger window as it was, and reused again after a client has drawn on it while it lingered
// (the README's figures; bench/mutter_first_frame.sh repeats this test). The first two compare
// like with like (an empty desktop); the third costs more on Mutter's side (it negotiates at once
// but sends its first buffer only after a few hundred ms). Asserts only generous bounds; prints
// the figures and, when PFHOST_MUTTER_FIRST_FRAME_JSON names a file, appends one JSON line to it.
#include "mutter_environment.hpp"
#include "mutter_pipeline.hpp"
#include "pattern_client.hpp"

#include "display/display_registry.hpp"

#include <gtest/gtest.h>

#include <pfhost/plugin.hpp>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <thread>

namespace pfhost::test {
using namespace pfhost::core;  // the host's own types
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Acquires a display of `mode`, opens the capturer on it and waits for the first frame. Returns
// the milliseconds from acquire to that frame and the node it came from; the lease goes back.
std::pair<double, uint32_t> acquire_to_first_frame(const MutterPipeline &pipeline,
                                                   DisplayRegistry &registry,
                                                   const pfhost_mode &mode) {
  const auto start = Clock::now();
  DisplayLease lease = registry.acquire(pipeline.display(), mode);
  const auto acquired = Clock::now();
  const pfhost_target target = lease.target();
  auto params = make_struct<pfhost_capture_params>();
  params.target = &target;
  params.mode = mode;
  params.accepted_memory = 1u << PFHOST_MEMORY_CPU;
  params.accepted_formats = ~0ull;
  auto capture = pipeline.capture().open(params);
  const auto opened = Clock::now();
  for (;;) {
    CaptureResult frame = capture->next_frame(100ms);
    if (frame.status == PFHOST_OK) break;
    if (frame.status != PFHOST_E_TIMEOUT && frame.status != PFHOST_E_AGAIN)
      throw std::runtime_error("capture failed: " + frame.reason);
    if (Clock::now() - start > 10s) throw std::runtime_error("no frame within 10 s");
  }
  const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  std::fprintf(stderr, "  acquire %.1f ms, open %.1f ms, first frame %.1f ms\n",
               std::chrono::duration<double, std::milli>(acquired - start).count(),
               std::chrono::duration<double, std::milli>(opened - acquired).count(), ms);
  return {ms, target.u.pipewire.node_id};
}

TEST(MutterFirstFrame, FreshAndReusedMonitor) {
  if (auto why = MutterEnvironment::unavailable_reason()) GTEST_SKIP() << *why;
  MutterEnvironment gnome;
  const MutterPipeline pipeline;
  DisplayPolicy policy;
  policy.keep_alive = KeepAlive{KeepAlive::Kind::duration, 10s};
  DisplayRegistry registry(policy);
  const pfhost_mode mode = mode_of(1280, 720, 30);

  const auto [fresh_ms, fresh_node] = acquire_to_first_frame(pipeline, registry, mode);
  const auto [reused_ms, reused_node] = acquire_to_first_frame(pipeline, registry, mode);
  EXPECT_EQ(reused_node, fresh_node) << "the second acquire did not reuse the lingering monitor";
  // A desktop has something on it: the client keeps drawing while the monitor lingers.
  const PatternClient client(gnome);
  std::this_thread::sleep_for(300ms);
  const auto [drawn_ms, drawn_node] = acquire_to_first_frame(pipeline, registry, mode);
  EXPECT_EQ(drawn_node, fresh_node) << "the third acquire did not reuse the lingering monitor";

  std::fprintf(stderr,
               "mutter acquire->first frame: fresh %.1f ms, reused %.1f ms, reused after a client "
               "drew on it %.1f ms\n",
               fresh_ms, reused_ms, drawn_ms);
  RecordProperty("fresh_ms", std::to_string(fresh_ms));
  RecordProperty("reused_ms", std::to_string(reused_ms));
  RecordProperty("reused_drawn_ms", std::to_string(drawn_ms));
  if (const char *json = std::getenv("PFHOST_MUTTER_FIRST_FRAME_JSON")) {
    std::ofstream(json, std::ios::app)
        << "{\"mode\":\"1280x720@30\",\"fresh_ms\":" << fresh_ms << ",\"reused_ms\":" << reused_ms
        << ",\"reused_drawn_ms\":" << drawn_ms << "}\n";
  }
  EXPECT_LT(fresh_ms, 5000);
  EXPECT_LT(reused_ms, 5000);
  EXPECT_LT(drawn_ms, 5000);
}

}  // namespace
}  // namespace pfhost::test
