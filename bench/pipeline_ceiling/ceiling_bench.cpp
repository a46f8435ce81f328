// The pipeline's own ceiling: a session with the real software encoder plugin and no pacing
// (SessionOptions::unpaced), fed by an in-memory source that is never the bottleneck: raw BGRx
// frames from a file (the same bytes the ffmpeg command line is given), handed over without a
// copy, at most two in flight (like a capturer's frame slots), so every frame is encoded and the
// source waits for the encoder rather than dropping. Prints one JSON object on stdout:
// {"frames": N, "dropped": D, "seconds": S, "fps": F, "bytes": B}. The first frame opens the
// encoder, so seconds run from the second frame to the session's end (the encoder drained) and
// fps counts the frames after the first.
//   ceiling_bench RAW_FILE WIDTH HEIGHT BITRATE_KBPS
#include <pfhost/backend_tables.hpp>
#include <pfhost/plugin.hpp>
#include <pfhost/test/test_plugin.hpp>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "session/session.hpp"

namespace {

using namespace pfhost;
using namespace pfhost::core;
using namespace std::chrono_literals;

// The raw file, mapped once; frames point into it.
struct RawFrames {
  const uint8_t *data = nullptr;
  size_t frame_bytes = 0;
  size_t count = 0;
  uint32_t width = 0, height = 0;
};
RawFrames g_frames;

constexpr int kInFlight = 2;
std::chrono::steady_clock::time_point steady_start;  // when the second frame went out

class MemorySource {
 public:
  static std::unique_ptr<MemorySource> open(void *, const pfhost_capture_params &,
                                            const pfhost_target &) {
    return std::make_unique<MemorySource>();
  }
  MemorySource() : frames_(kInFlight) {}

  pfhost_status next_frame(uint32_t timeout_ms, pfhost_frame **out, std::string *why) {
    if (next_ == g_frames.count) {  // the bench stops the session after the last one
      std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms));
      *why = "all frames sent";
      return PFHOST_E_TIMEOUT;
    }
    std::unique_lock lock(mutex_);
    if (!released_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                            [&] { return in_flight_ < kInFlight; })) {
      *why = "the encoder holds every frame";
      return PFHOST_E_TIMEOUT;
    }
    ++in_flight_;
    lock.unlock();
    if (next_ == 1) {
      // The session's mailbox keeps only the latest frame: until its encode thread has taken the
      // first one and opened the encoder, a second frame would replace it. Measured from here.
      std::this_thread::sleep_for(300ms);
      steady_start = std::chrono::steady_clock::now();
    }
    pfhost_frame &f = frames_[next_ % kInFlight];
    f = make_struct<pfhost_frame>();
    f.memory = PFHOST_MEMORY_CPU;
    f.pixel_format = PFHOST_PIXEL_FORMAT_BGRX;
    f.width = g_frames.width;
    f.height = g_frames.height;
    f.u.cpu.data[0] = const_cast<uint8_t *>(g_frames.data + next_ * g_frames.frame_bytes);
    f.u.cpu.stride[0] = g_frames.width * 4;
    f.sequence = next_ + 1;
    f.timestamp_ns = static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch() /
                                           std::chrono::nanoseconds(1));
    f.release = &release;
    f.release_ctx = this;
    ++next_;
    *out = &f;
    return PFHOST_OK;
  }

 private:
  static void release(pfhost_frame *frame) {
    auto *self = static_cast<MemorySource *>(frame->release_ctx);
    {
      std::lock_guard lock(self->mutex_);
      --self->in_flight_;
    }
    self->released_.notify_one();
  }

  std::vector<pfhost_frame> frames_;
  size_t next_ = 0;
  std::mutex mutex_;
  std::condition_variable released_;
  int in_flight_ = 0;
};

constexpr pfhost_capture_vtable kSourceTable = capture_table<MemorySource>(
    PFHOST_TARGET_PIPEWIRE_NODE, PFHOST_MEMORY_CPU, 1ull << PFHOST_PIXEL_FORMAT_BGRX);

// Counts what the encoder produced; writes nothing.
class CountingSink final : public PacketSink {
 public:
  void start_stream(const StreamInfo &) override {}
  void write(const EncodedPacket &packet) override { bytes += packet.data.size(); }
  void close() override {}
  bool can_change_size() const override { return true; }
  std::string describe() const override { return "counting sink"; }
  size_t bytes = 0;
};

}  // namespace

int main(int argc, char **argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: ceiling_bench RAW_BGRX_FILE WIDTH HEIGHT BITRATE_KBPS\n");
    return 2;
  }
  g_frames.width = static_cast<uint32_t>(std::atoi(argv[2]));
  g_frames.height = static_cast<uint32_t>(std::atoi(argv[3]));
  g_frames.frame_bytes = size_t{g_frames.width} * g_frames.height * 4;
  const int fd = ::open(argv[1], O_RDONLY | O_CLOEXEC);
  struct stat st {};
  if (fd < 0 || fstat(fd, &st) != 0 || g_frames.frame_bytes == 0) {
    std::perror(argv[1]);
    return 1;
  }
  g_frames.count = static_cast<size_t>(st.st_size) / g_frames.frame_bytes;
  void *mapped =
      mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  ::close(fd);
  if (mapped == MAP_FAILED || g_frames.count == 0) {
    std::fprintf(stderr, "%s: no whole %ux%u BGRx frame\n", argv[1], g_frames.width,
                 g_frames.height);
    return 1;
  }
  g_frames.data = static_cast<const uint8_t *>(mapped);

  try {
    const test::TestPlugin software(PFHOST_SOFTWARE_PLUGIN, "preset = \"ultrafast\"");
    CaptureBackend source("memory", kSourceTable, nullptr);
    auto target = make_struct<pfhost_target>();
    target.kind = PFHOST_TARGET_PIPEWIRE_NODE;
    auto params = make_struct<pfhost_capture_params>();
    params.target = &target;
    auto sink = std::make_unique<CountingSink>();
    CountingSink *counted = sink.get();
    SessionOptions options;
    options.rate = Framerate{60, 1};
    options.encoder.bitrate_kbps = static_cast<uint32_t>(std::atoi(argv[4]));
    options.encoder.preset = "ultrafast";
    options.unpaced = true;
    Session session(Keepalive{}, source.open(params), software.encode("software"), std::move(sink),
                    std::move(options));
    // Ends the session once every frame of the file was encoded (or dropped, which the source's
    // two frames in flight should never cause; the output says so if it does).
    std::atomic<bool> done{false};
    std::thread watcher([&] {
      while (!done.load()) {
        const SessionStats s = session.stats();
        if (s.frames_encoded + s.frames_dropped >= g_frames.count) break;
        std::this_thread::sleep_for(1ms);
      }
      session.request_stop();
    });
    const SessionResult result = session.run();
    done.store(true);
    watcher.join();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - steady_start).count();
    if (!result.ok) {
      std::fprintf(stderr, "ceiling_bench: %s\n", result.error.c_str());
      return 1;
    }
    std::printf(
        "{\"frames\": %llu, \"dropped\": %llu, \"seconds\": %.3f, \"fps\": %.1f, "
        "\"bytes\": %zu}\n",
        static_cast<unsigned long long>(result.stats.frames_encoded),
        static_cast<unsigned long long>(result.stats.frames_dropped), seconds,
        static_cast<double>(result.stats.frames_encoded - 1) / seconds, counted->bytes);
  } catch (const std::exception &e) {
    std::fprintf(stderr, "ceiling_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
