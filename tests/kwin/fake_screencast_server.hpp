// A small in-process Wayland server that speaks zkde_screencast_unstable_v1 like KWin does, for
// the success path KWin 5.27's headless backend cannot give: stream_virtual_output starts a real
// PipeWire video source of the requested size (VideoTestSource on the test's private PipeWire)
// and answers created(node); close stops it. It runs on its own thread; the socket lives in
// $XDG_RUNTIME_DIR (set it before constructing).
#pragma once

#include <pfhost/test/pipewire_environment.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

struct wl_display;

namespace pfhost::test {

class FakeScreencastServer {
 public:
  enum class Answer { create_node, fail, never };
  struct Options {
    bool advertise_screencast = true;
    Answer answer = Answer::create_node;
    std::string failure_text = "Could not find output";
    const PipeWireEnvironment *pipewire = nullptr;  // required for Answer::create_node
  };
  struct StreamRequest {
    std::string name;
    int32_t width = 0;
    int32_t height = 0;
    double scale = 0;
    uint32_t pointer = 0;
  };

  explicit FakeScreencastServer(Options options);
  ~FakeScreencastServer();
  FakeScreencastServer(const FakeScreencastServer &) = delete;
  FakeScreencastServer &operator=(const FakeScreencastServer &) = delete;

  // The socket name, for WAYLAND_DISPLAY.
  const std::string &socket_name() const noexcept { return socket_name_; }
  std::vector<StreamRequest> requests() const;
  // Streams the client closed (or dropped with its connection).
  int closed_streams() const noexcept { return closed_.load(); }
  // Streams with a running source.
  int live_streams() const noexcept { return live_.load(); }
  // The node ids handed out so far.
  std::vector<uint32_t> nodes() const;
  // Ends every live stream from the compositor side (sends `closed`), as KWin does when the
  // output goes away. Asynchronous: it runs on the server thread.
  void close_all_streams() noexcept { close_requested_ = true; }

  struct Stream;  // server-side state of one stream resource (in the .cpp)
  // [server thread] Hooks for the protocol callbacks in the .cpp.
  void on_virtual_output(Stream &stream, const StreamRequest &request);
  void on_stream_gone(Stream &stream);

 private:
  void run();

  Options options_;
  wl_display *display_ = nullptr;
  std::string socket_name_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> close_requested_{false};
  std::atomic<int> closed_{0};
  std::atomic<int> live_{0};
  mutable std::mutex mutex_;
  std::vector<StreamRequest> requests_;
  std::vector<uint32_t> nodes_;
  std::vector<Stream *> streams_;  // server thread only
};

}  // namespace pfhost::test
